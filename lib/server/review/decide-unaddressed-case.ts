import "server-only";
import type { EvaluationResult } from "@/lib/policy";
import { decideUnaddressedInput } from "@/lib/validation/review";
import { audit, requirePermission, type ServiceContext } from "../context";
import { ValidationError } from "../errors";
import { lockCaseForReview, moveCase, reviewTransaction } from "./case-guard";
import { discardDraft } from "./finish-decision";
import { caseIdOf, parseInput } from "./parse-input";
import { latestSnapshot, policyVersionOf, requireAdverseFinding, resolveFindings } from "./resolve-findings";
import { signDetermination } from "./sign-determination";

/**
 * A physician decides a case the policy does not address (under 18, Medicare Advantage, another
 * indication, codes outside the policy). Findings are optional (the scope findings, as the
 * physician sees fit); a denial still names an unmet or undocumented one. Marked outside policy.
 */
export async function decideUnaddressedCase(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.decide_unaddressed", { type: "case", id: caseIdOf(input) });
  const data = parseInput(decideUnaddressedInput, input, "decision");
  return reviewTransaction(ctx, async (tx) => {
    const row = await lockCaseForReview(ctx, tx, data, ["in_review"], { mustHold: true, action: "case.decide_unaddressed" });
    if (row.engineOutcome !== "not_addressed_by_policy")
      throw new ValidationError("The policy addresses this case: approve or deny it against its criteria.");
    const snapshot = await latestSnapshot(tx, row.id);
    const version = policyVersionOf(row.policyVersion ?? snapshot?.policyVersion ?? null);
    const findings = await resolveFindings(tx, { caseId: row.id, version, snapshot: (snapshot?.result as EvaluationResult) ?? null, findings: data.findings, partial: true });
    if (data.decision === "denied") requireAdverseFinding(findings);
    const after = await moveCase(ctx, tx, row, { status: data.decision, decidedAt: new Date() });
    const determination = await signDetermination(tx, {
      caseId: row.id,
      kind: "initial",
      decision: data.decision,
      reviewerId: ctx.viewer.userId,
      reviewerRole: ctx.viewer.role,
      policyVersion: version.id,
      evaluationSnapshotId: snapshot?.id ?? null,
      rationale: data.rationale,
      interqual: null,
      outsidePolicy: true,
      supersedesId: null,
      findings,
    });
    await discardDraft(tx, row.id, ctx.viewer.userId);
    await audit(tx, ctx, {
      action: "case.decide_unaddressed",
      targetType: "determination",
      targetId: determination.id,
      caseId: row.id,
      details: { from: row.status, to: after.status, findings: findings.length },
    });
    return { caseId: row.id, determinationId: determination.id, status: after.status, version: after.version };
  });
}
