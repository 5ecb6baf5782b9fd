import "server-only";
import { denyCaseInput } from "@/lib/validation/review";
import type { EvaluationResult } from "@/lib/policy";
import { audit, requirePermission, type ServiceContext } from "../context";
import { ValidationError } from "../errors";
import { lockCaseForReview, moveCase, reviewTransaction } from "./case-guard";
import { discardDraft } from "./finish-decision";
import { caseIdOf, parseInput } from "./parse-input";
import { isAdverse, latestSnapshot, policyVersionOf, requireAdverseFinding, requireInterqual, resolveFindings } from "./resolve-findings";
import { signDetermination } from "./sign-determination";

/**
 * Denies a case the viewer holds. Physicians only (a nurse's attempt, by any route, is refused
 * here and audited); at least one cited criterion not met or not documented; a written rationale.
 */
export async function denyCase(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.deny", { type: "case", id: caseIdOf(input) });
  const data = parseInput(denyCaseInput, input, "denial");
  return reviewTransaction(ctx, async (tx) => {
    const row = await lockCaseForReview(ctx, tx, data, ["in_review"], { mustHold: true, action: "case.deny" });
    if (row.engineOutcome === "not_addressed_by_policy")
      throw new ValidationError("The policy does not address this case: decide it as a case outside the policy.");
    const snapshot = await latestSnapshot(tx, row.id);
    const version = policyVersionOf(row.policyVersion ?? snapshot?.policyVersion ?? null);
    const findings = await resolveFindings(tx, { caseId: row.id, version, snapshot: (snapshot?.result as EvaluationResult) ?? null, findings: data.findings });
    requireAdverseFinding(findings);
    const interqual = requireInterqual(row.indication, data.interqual);
    const after = await moveCase(ctx, tx, row, { status: "denied", decidedAt: new Date() });
    const determination = await signDetermination(tx, {
      caseId: row.id,
      kind: "initial",
      decision: "denied",
      reviewerId: ctx.viewer.userId,
      reviewerRole: ctx.viewer.role,
      policyVersion: version.id,
      evaluationSnapshotId: snapshot?.id ?? null,
      rationale: data.rationale,
      interqual,
      outsidePolicy: false,
      supersedesId: null,
      findings,
    });
    await discardDraft(tx, row.id, ctx.viewer.userId);
    await audit(tx, ctx, {
      action: "case.deny",
      targetType: "determination",
      targetId: determination.id,
      caseId: row.id,
      details: { from: row.status, to: after.status, findings: findings.length, adverse: findings.filter(isAdverse).map((f) => f.criterionId) },
    });
    return { caseId: row.id, determinationId: determination.id, status: after.status, version: after.version };
  });
}
