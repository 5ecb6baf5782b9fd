import "server-only";
import { isNotAddressedByPolicy } from "@/lib/domain";
import { approveCaseInput } from "@/lib/validation/review";
import { requirePermission, withTransaction, type ServiceContext } from "../context";
import { ValidationError } from "../errors";
import { lockCase } from "../cases/move-case";
import { recordDecision } from "./finish-decision";
import { parseInput } from "../parse-input";
import { requireInterqual, requireNoAdverseFinding, resolveDecisionBasis } from "./resolve-findings";

/** Approves a case the viewer holds (nurse or physician): every criterion met or not applicable, signed. */
export async function approveCase(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.approve");
  const data = parseInput(approveCaseInput, input, "approval");
  return withTransaction(ctx, async (tx) => {
    const row = await lockCase(ctx, tx, data, {
      statuses: ["in_review"],
      mustHold: true,
      action: "case.approve",
      physicianRouting: true,
    });
    if (isNotAddressedByPolicy(row.engineOutcome))
      throw new ValidationError(
        "The policy does not address this case: a physician decides it as a case outside the policy.",
      );
    const { snapshot, version, findings } = await resolveDecisionBasis(tx, row, data.findings);
    requireNoAdverseFinding(findings, version);
    const interqual = requireInterqual(row.indication, data.interqual, "met");
    return recordDecision(ctx, tx, row, {
      decision: "approved",
      kind: "initial",
      findings,
      rationale: data.rationale,
      interqual,
      outsidePolicy: false,
      supersedesId: null,
      snapshot,
      version,
      auditAction: "case.approve",
    });
  });
}
