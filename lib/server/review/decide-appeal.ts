import "server-only";
import type { EvaluationResult } from "@/lib/policy";
import { decideAppealInput } from "@/lib/validation/review";
import { audit, requirePermission, type ServiceContext } from "../context";
import { ValidationError } from "../errors";
import { AuditedRefusal, lockCaseForReview, moveCase, reviewTransaction } from "./case-guard";
import { findOpenAppeal } from "./find-appeal-denier";
import { discardDraft } from "./finish-decision";
import { caseIdOf, parseInput } from "./parse-input";
import { latestSnapshot, policyVersionOf, requireAdverseFinding, requireInterqual, requireNoAdverseFinding, resolveFindings } from "./resolve-findings";
import { signDetermination } from "./sign-determination";

/**
 * Decides an appeal the viewer holds: appeal_in_review → appeal_upheld (the denial stands, on a
 * cited unmet or undocumented criterion) or appeal_overturned (approved). Only a physician other
 * than the one who denied; its own findings, signed, superseding the denial.
 */
export async function decideAppeal(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "appeal.decide", { type: "case", id: caseIdOf(input) });
  const data = parseInput(decideAppealInput, input, "appeal decision");
  return reviewTransaction(ctx, async (tx) => {
    const row = await lockCaseForReview(ctx, tx, data, ["appeal_in_review"], { mustHold: true, action: "appeal.decide" });
    const appeal = await findOpenAppeal(tx, row.id);
    if (!appeal) throw new ValidationError("This case has no appeal on file.");
    if (appeal.denierId === ctx.viewer.userId)
      throw new AuditedRefusal("You denied this case; another physician must decide its appeal.", "appeal.decide", { caseId: row.id, reason: "the denying physician may not decide the appeal" });
    const snapshot = await latestSnapshot(tx, row.id);
    const version = policyVersionOf(row.policyVersion ?? snapshot?.policyVersion ?? null);
    const outsidePolicy = row.engineOutcome === "not_addressed_by_policy";
    const findings = await resolveFindings(tx, {
      caseId: row.id,
      version,
      snapshot: (snapshot?.result as EvaluationResult) ?? null,
      findings: data.findings,
      partial: outsidePolicy,
    });
    if (data.decision === "appeal_upheld") requireAdverseFinding(findings);
    else if (!outsidePolicy) requireNoAdverseFinding(findings, version);
    const interqual = outsidePolicy ? null : requireInterqual(row.indication, data.interqual, data.decision === "appeal_overturned" ? "met" : undefined);
    const after = await moveCase(ctx, tx, row, { status: data.decision, decidedAt: new Date() });
    const determination = await signDetermination(tx, {
      caseId: row.id,
      kind: "appeal",
      decision: data.decision,
      reviewerId: ctx.viewer.userId,
      reviewerRole: ctx.viewer.role,
      policyVersion: version.id,
      evaluationSnapshotId: snapshot?.id ?? null,
      rationale: data.rationale,
      interqual,
      outsidePolicy,
      supersedesId: appeal.deniedDeterminationId,
      findings,
    });
    await discardDraft(tx, row.id, ctx.viewer.userId);
    await audit(tx, ctx, {
      action: "appeal.decide",
      targetType: "determination",
      targetId: determination.id,
      caseId: row.id,
      details: { from: row.status, to: after.status, appealId: appeal.appealId, supersedes: appeal.deniedDeterminationId, findings: findings.length },
    });
    return { caseId: row.id, determinationId: determination.id, status: after.status, version: after.version };
  });
}
