import "server-only";
import { isNotAddressedByPolicy } from "@/lib/domain";
import { decideUnaddressedInput } from "@/lib/validation/review";
import { requirePermission, withTransaction, type ServiceContext } from "../context";
import { ValidationError } from "../errors";
import { lockCase } from "../cases/move-case";
import { recordDecision } from "./finish-decision";
import { caseIdOf, parseInput } from "../parse-input";
import { requireAdverseFinding, resolveDecisionBasis } from "./resolve-findings";

/**
 * A physician decides a case the policy does not address (under 18, Medicare Advantage, another
 * indication, codes outside the policy). Findings are optional (the scope findings, as the
 * physician sees fit); a denial still names an unmet or undocumented one. Marked outside policy.
 */
export async function decideUnaddressedCase(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.decide_unaddressed", { type: "case", id: caseIdOf(input) });
  const data = parseInput(decideUnaddressedInput, input, "decision");
  return withTransaction(ctx, async (tx) => {
    const row = await lockCase(ctx, tx, data, {
      statuses: ["in_review"],
      mustHold: true,
      action: "case.decide_unaddressed",
      physicianRouting: true,
    });
    if (!isNotAddressedByPolicy(row.engineOutcome))
      throw new ValidationError("The policy addresses this case: approve or deny it against its criteria.");
    const { snapshot, version, findings } = await resolveDecisionBasis(tx, row, data.findings, { partial: true });
    if (data.decision === "denied") requireAdverseFinding(findings);
    return recordDecision(ctx, tx, row, {
      decision: data.decision,
      kind: "initial",
      findings,
      rationale: data.rationale,
      interqual: null,
      outsidePolicy: true,
      supersedesId: null,
      snapshot,
      version,
      auditAction: "case.decide_unaddressed",
    });
  });
}
