import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { together } from "@/db/together";
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
export async function signDetermination(tx: Db, content: DeterminationContent) {
  // Millisecond precision, so the stored time is exactly the signed one.
  const decidedAt = new Date();
  const signature = determinationSignature({ ...content, decidedAt });
  const { findings, automation, qaSampled, ...row } = content;
  // The id is made here so the findings can be sent with the determination (one round trip on
  // PostgreSQL; the statements still run in order, so the foreign key holds).
  const id = randomUUID();
  const [[determination]] = await together(
    tx
      .insert(determinations)
      .values({ id, ...row, automation: automation ?? null, qaSampled: qaSampled ?? false, signature, decidedAt })
      .returning(),
    findings.length
      ? tx.insert(determinationFindings).values(findings.map((f) => ({ ...f, determinationId: id })))
      : Promise.resolve(),
  );
  return determination!;
}
