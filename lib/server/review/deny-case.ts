import "server-only";
import { isNotAddressedByPolicy } from "@/lib/domain";
import { denyCaseInput } from "@/lib/validation/review";
import { requirePermission, withTransaction, type ServiceContext } from "../context";
import { physicianLicenceStanding } from "../admin/credentials";
import { ValidationError } from "../errors";
import { AuditedRefusal, lockCase } from "../cases/move-case";
import { recordDecision } from "./finish-decision";
import { caseIdOf, parseInput } from "../parse-input";
import { isAdverse, requireAdverseFinding, requireInterqual, resolveDecisionBasis } from "./resolve-findings";

/**
 * Denies a case the viewer holds. Physicians only (a nurse's attempt, by any route, is refused
 * here and audited); at least one cited criterion not met or not documented; a written rationale.
 */
export async function denyCase(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.deny", { type: "case", id: caseIdOf(input) });
  const data = parseInput(denyCaseInput, input, "denial");
  return withTransaction(ctx, async (tx) => {
    const row = await lockCase(ctx, tx, data, {
      statuses: ["in_review"],
      mustHold: true,
      action: "case.deny",
      physicianRouting: true,
    });
    const licence = await physicianLicenceStanding(tx, ctx.viewer.userId);
    if (!licence.current)
      throw new AuditedRefusal(licence.message!, "case.deny", { caseId: row.id, reason: "no current MD/DO licence" });
    if (isNotAddressedByPolicy(row.engineOutcome))
      throw new ValidationError("The policy does not address this case: decide it as a case outside the policy.");
    const { snapshot, version, findings } = await resolveDecisionBasis(tx, row, data.findings);
    requireAdverseFinding(findings);
    const interqual = requireInterqual(row.indication, data.interqual);
    return recordDecision(ctx, tx, row, {
      decision: "denied",
      kind: "initial",
      findings,
      rationale: data.rationale,
      interqual,
      outsidePolicy: false,
      supersedesId: null,
      snapshot,
      version,
      auditAction: "case.deny",
      auditDetails: { adverse: findings.filter(isAdverse).map((f) => f.criterionId) },
    });
  });
}
