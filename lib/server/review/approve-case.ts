import "server-only";
import { approveCaseInput } from "@/lib/validation/review";
import { audit, requirePermission, type ServiceContext } from "../context";
import { ValidationError } from "../errors";
import { lockCaseForReview, moveCase, reviewTransaction } from "./case-guard";
import { discardDraft } from "./finish-decision";
import { parseInput } from "./parse-input";
import { latestSnapshot, policyVersionOf, requireInterqual, requireNoAdverseFinding, resolveFindings } from "./resolve-findings";
import { signDetermination } from "./sign-determination";
import type { EvaluationResult } from "@/lib/policy";

/** Approves a case the viewer holds (nurse or physician): every criterion met or not applicable, signed. */
export async function approveCase(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.approve");
  const data = parseInput(approveCaseInput, input, "approval");
  return reviewTransaction(ctx, async (tx) => {
    const row = await lockCaseForReview(ctx, tx, data, ["in_review"], { mustHold: true, action: "case.approve" });
    if (row.engineOutcome === "not_addressed_by_policy")
      throw new ValidationError("The policy does not address this case: a physician decides it as a case outside the policy.");
    const snapshot = await latestSnapshot(tx, row.id);
    const version = policyVersionOf(row.policyVersion ?? snapshot?.policyVersion ?? null);
    const findings = await resolveFindings(tx, { caseId: row.id, version, snapshot: (snapshot?.result as EvaluationResult) ?? null, findings: data.findings });
    requireNoAdverseFinding(findings, version);
    const interqual = requireInterqual(row.indication, data.interqual, "met");
    const after = await moveCase(ctx, tx, row, { status: "approved", decidedAt: new Date() });
    const determination = await signDetermination(tx, {
      caseId: row.id,
      kind: "initial",
      decision: "approved",
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
      action: "case.approve",
      targetType: "determination",
      targetId: determination.id,
      caseId: row.id,
      details: { from: row.status, to: after.status, findings: findings.length },
    });
    return { caseId: row.id, determinationId: determination.id, status: after.status, version: after.version };
  });
}
