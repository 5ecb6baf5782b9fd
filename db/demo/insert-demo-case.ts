import { createHash } from "node:crypto";
import type { Db } from "../client";
import { cases, evaluationSnapshots, type CaseStatus } from "../schema";
import { evaluate, parsePolicyRequest, type PolicyRequest } from "@/lib/policy";
import { isNotAddressedByPolicy } from "@/lib/domain";
import { computeDueAt } from "@/lib/due-time";
import { canonicalJson } from "@/lib/canonical-json";

/**
 * Inserts a submitted demo case as the case services would: the parsed request, the engine's
 * outcome, the due time and request hash, and its submission evaluation snapshot (created by the
 * case's author at the submission time). The caller writes the audit events.
 */
export async function insertDemoCase(
  db: Db,
  args: {
    reference: string;
    organizationId: string;
    createdBy: string;
    status: CaseStatus;
    member: readonly [id: string, name: string];
    request: PolicyRequest;
    submittedAt: Date;
    /** Defaults to whether the policy addresses the case. */
    physicianOnly?: boolean;
    escalatedAt?: Date | null;
    assigneeId?: string | null;
    claimedAt?: Date | null;
  },
) {
  const parsed = parsePolicyRequest(args.request);
  if (!parsed.ok) throw new Error(`demo request invalid: ${parsed.error.message}`);
  const result = evaluate(parsed.data);
  const { submittedAt, member } = args;
  const [row] = await db
    .insert(cases)
    .values({
      reference: args.reference,
      organizationId: args.organizationId,
      createdBy: args.createdBy,
      status: args.status,
      memberId: member[0],
      memberName: member[1],
      request: parsed.data,
      urgency: parsed.data.request.urgency,
      indication: parsed.data.request.indication,
      phase: parsed.data.request.phase,
      requestDate: parsed.data.request.requestDate,
      policyVersion: result.policy.version,
      engineOutcome: result.outcome,
      physicianOnly: args.physicianOnly ?? isNotAddressedByPolicy(result.outcome),
      escalatedAt: args.escalatedAt ?? null,
      submittedAt,
      dueAt: computeDueAt(submittedAt, parsed.data.request.urgency),
      requestHash: createHash("sha256")
        .update(canonicalJson({ request: parsed.data, memberId: member[0], memberName: member[1] }))
        .digest("hex"),
      assigneeId: args.assigneeId ?? null,
      claimedAt: args.claimedAt ?? null,
      createdAt: submittedAt,
    })
    .returning();
  const [snap] = await db
    .insert(evaluationSnapshots)
    .values({
      caseId: row!.id,
      reason: "submission",
      policyVersion: result.policy.version,
      outcome: result.outcome,
      request: parsed.data,
      result,
      createdBy: args.createdBy,
      createdAt: submittedAt,
    })
    .returning({ id: evaluationSnapshots.id });
  return { row: row!, result, snapshotId: snap!.id };
}

/** The same request without its psychological evaluation (insufficient documentation). */
export function withoutPsychEvaluation(request: PolicyRequest): PolicyRequest {
  const { psychologicalEvaluation: _omitted, ...clinical } = request.clinical!;
  return { ...request, clinical };
}
