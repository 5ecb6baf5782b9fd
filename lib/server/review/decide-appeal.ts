import "server-only";
import { isNotAddressedByPolicy } from "@/lib/domain";
import { decideAppealInput } from "@/lib/validation/review";
import { requirePermission, withTransaction, type ServiceContext } from "../context";
import { physicianLicenceStanding } from "../admin/credentials";
import { ValidationError } from "../errors";
import { AuditedRefusal, lockCase } from "../cases/move-case";
import { findOpenAppeal } from "./find-appeal-denier";
import { recordDecision } from "./finish-decision";
import { caseIdOf, parseInput } from "../parse-input";
import {
  requireAdverseFinding,
  requireInterqual,
  requireNoAdverseFinding,
  resolveDecisionBasis,
} from "./resolve-findings";

/**
 * Decides an appeal the viewer holds: appeal_in_review → appeal_upheld (the denial stands, on a
 * cited unmet or undocumented criterion) or appeal_overturned (approved). Only a physician other
 * than the one who denied; its own findings, signed, superseding the denial.
 */
export async function decideAppeal(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "appeal.decide", { type: "case", id: caseIdOf(input) });
  const data = parseInput(decideAppealInput, input, "appeal decision");
  return withTransaction(ctx, async (tx) => {
    const row = await lockCase(ctx, tx, data, {
      statuses: ["appeal_in_review"],
      mustHold: true,
      action: "appeal.decide",
      physicianRouting: true,
    });
    const licence = await physicianLicenceStanding(tx, ctx.viewer.userId);
    if (!licence.current)
      throw new AuditedRefusal(licence.message!, "appeal.decide", {
        caseId: row.id,
        reason: "no current MD/DO licence",
      });
    const appeal = await findOpenAppeal(tx, row.id);
    if (!appeal) throw new ValidationError("This case has no appeal on file.");
    if (appeal.denierId === ctx.viewer.userId)
      throw new AuditedRefusal("You denied this case; another physician must decide its appeal.", "appeal.decide", {
        caseId: row.id,
        reason: "the denying physician may not decide the appeal",
      });
    const outsidePolicy = isNotAddressedByPolicy(row.engineOutcome);
    const { snapshot, version, findings } = await resolveDecisionBasis(tx, row, data.findings, {
      partial: outsidePolicy,
    });
    if (data.decision === "appeal_upheld") requireAdverseFinding(findings);
    else if (!outsidePolicy) requireNoAdverseFinding(findings, version);
    const interqual = outsidePolicy
      ? null
      : requireInterqual(row.indication, data.interqual, data.decision === "appeal_overturned" ? "met" : undefined);
    return recordDecision(ctx, tx, row, {
      decision: data.decision,
      kind: "appeal",
      findings,
      rationale: data.rationale,
      interqual,
      outsidePolicy,
      supersedesId: appeal.deniedDeterminationId,
      snapshot,
      version,
      auditAction: "appeal.decide",
      auditDetails: { appealId: appeal.appealId, supersedes: appeal.deniedDeterminationId },
    });
  });
}
