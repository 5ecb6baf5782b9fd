import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attachments, cases, evaluationSnapshots, type CaseStatus } from "@/db/schema";
import { computeDueAt } from "@/lib/due-time";
import { evaluate, type EvaluationResult, type PolicyRequest } from "@/lib/policy";
import { documentedRequest } from "@/lib/policy/fixtures";
import { engineDefaultStatus, type FindingInput } from "@/lib/validation/review";

const unique = () => randomBytes(5).toString("hex");

export interface SubmittedCaseOptions {
  organizationId: string;
  createdBy: string;
  request?: PolicyRequest;
  status?: CaseStatus;
  submittedAt?: Date;
  assigneeId?: string | null;
  physicianOnly?: boolean;
  memberName?: string;
}

/** A submitted case with its evaluation snapshot, written straight to the database (no provider flow). */
export async function makeSubmittedCase(db: Db, options: SubmittedCaseOptions) {
  const request = options.request ?? documentedRequest("chronic_nonmalignant_pain", "trial");
  const result = evaluate(request);
  const submittedAt = options.submittedAt ?? new Date();
  const [row] = await db
    .insert(cases)
    .values({
      reference: `PA-T-${unique()}`,
      organizationId: options.organizationId,
      createdBy: options.createdBy,
      status: options.status ?? "submitted",
      memberId: `M${unique()}`,
      memberName: options.memberName ?? "Test Member",
      request,
      urgency: request.request.urgency,
      indication: request.request.indication,
      phase: request.request.phase,
      requestDate: request.request.requestDate,
      policyVersion: result.policy.version,
      engineOutcome: result.outcome,
      physicianOnly: options.physicianOnly ?? result.outcome === "not_addressed_by_policy",
      assigneeId: options.assigneeId ?? null,
      claimedAt: options.assigneeId ? new Date() : null,
      submittedAt,
      dueAt: computeDueAt(submittedAt, request.request.urgency),
    })
    .returning();
  const [snapshot] = await db
    .insert(evaluationSnapshots)
    .values({ caseId: row!.id, reason: "submission", policyVersion: result.policy.version, outcome: result.outcome, request, result, createdBy: options.createdBy })
    .returning();
  return { case: row!, snapshot: snapshot!, result };
}

export async function makeAttachment(db: Db, caseId: string, uploadedBy: string) {
  const [row] = await db
    .insert(attachments)
    .values({ caseId, uploadedBy, fileName: "records.pdf", contentType: "application/pdf", size: 10, sha256: "0".repeat(64), storageKey: `test/${unique()}` })
    .returning();
  return row!;
}

/**
 * One finding per criterion of the evaluation, starting from the engine's status (a criterion
 * left to clinical review counts as met), with `overrides` by criterion id.
 */
export function findingsFor(result: EvaluationResult, overrides: Record<string, Partial<FindingInput>> = {}): FindingInput[] {
  return result.criteria.map((c) => ({
    criterionId: c.id,
    status: engineDefaultStatus(c.status) ?? "met",
    evidence: [],
    ...overrides[c.id],
  }));
}

export async function caseVersion(db: Db, caseId: string): Promise<number> {
  const [row] = await db.select({ version: cases.version }).from(cases).where(eq(cases.id, caseId));
  return row!.version;
}
