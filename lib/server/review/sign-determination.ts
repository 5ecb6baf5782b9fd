import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { determinationFindings, determinations, type Decision, type Role } from "@/db/schema";
import type { DeterminationKind } from "@/lib/domain";
import type { AutomationBasis } from "@/lib/policy/documents";
import { canonicalJson } from "@/lib/canonical-json";
import type { ResolvedFinding } from "./resolve-findings";

export interface DeterminationContent {
  caseId: string;
  kind: DeterminationKind;
  decision: Decision;
  reviewerId: string;
  reviewerRole: Role;
  policyVersion: string;
  evaluationSnapshotId: string | null;
  rationale: string;
  interqual: { subset: string; result: string } | null;
  outsidePolicy: boolean;
  supersedesId: string | null;
  findings: ResolvedFinding[];
  /** An automated approval's basis; signed only when present, so earlier signatures still verify. */
  automation?: AutomationBasis | null;
  /** Drawn for quality review (automated approvals); signed only when true. */
  qaSampled?: boolean;
}

/** SHA-256 over the canonical content: what a verifier recomputes from the stored rows. */
export function determinationSignature(content: DeterminationContent & { decidedAt: Date }): string {
  // Sorted by criterion, so the order rows come back in does not change the signature.
  const findings = [...content.findings]
    .sort((a, b) => (a.criterionId < b.criterionId ? -1 : 1))
    .map((f) => ({ ...f, note: f.note ?? null }));
  const { automation, qaSampled, ...rest } = content;
  return createHash("sha256")
    .update(
      canonicalJson({
        ...rest,
        ...(automation ? { automation } : {}),
        ...(qaSampled ? { qaSampled } : {}),
        decidedAt: content.decidedAt.toISOString(),
        findings,
      }),
    )
    .digest("hex");
}

/**
 * Inserts a determination and its findings, signed. Call inside the transaction that moves the
 * case, so the decision and the state change commit together. Never updated afterwards (the
 * database refuses); a correction is a new determination naming the one it supersedes.
 */
export async function signDetermination(tx: Db, content: DeterminationContent, { at }: { at?: Date } = {}) {
  // Millisecond precision, so the stored time is exactly the signed one. `at`: fixtures dating a decision.
  const decidedAt = at ?? new Date();
  const signature = determinationSignature({ ...content, decidedAt });
  const { findings, automation, qaSampled, ...row } = content;
  // One after the other: callers may pass the pool itself (the demo seed), where statements sent
  // together would run on different connections and the findings could arrive first.
  const [determination] = await tx
    .insert(determinations)
    .values({ ...row, automation: automation ?? null, qaSampled: qaSampled ?? false, signature, decidedAt })
    .returning();
  if (findings.length)
    await tx.insert(determinationFindings).values(findings.map((f) => ({ ...f, determinationId: determination!.id })));
  return determination!;
}
