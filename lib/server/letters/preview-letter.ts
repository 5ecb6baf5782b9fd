import "server-only";
import { z } from "zod";
import { isNotAddressedByPolicy } from "@/lib/domain";
import { findingInputSchema, interqualSchema } from "@/lib/validation/review";
import { getCaseInScope } from "../cases/get-case-in-scope";
import { requirePermission, type ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { latestSnapshot, policyVersionOf, requireAdverseFinding, resolveFindings } from "../review/resolve-findings";
import { buildLetter, letterParagraphs } from "./build-letter";
import { letterCaseFields, letterInput } from "./load-letter-input";

const previewInput = z.object({
  caseId: z.string().uuid({ error: "caseId must be a valid id" }),
  decision: z.enum(["denied", "appeal_upheld"]),
  findings: z.array(findingInputSchema).max(60),
  rationale: z.string().trim().min(20, { error: "Write a rationale of at least 20 characters" }).max(5000),
  interqual: interqualSchema.optional(),
});

/**
 * The letter a denial would send, built by the same code from the reviewer's unsigned findings,
 * for the confirmation dialog. Checks what the denial will check (a cited adverse finding);
 * changes nothing.
 */
export async function previewDenialLetter(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.deny");
  const data = parseInput(previewInput, input, "denial");
  const row = await getCaseInScope(ctx, data.caseId);
  const snapshot = await latestSnapshot(ctx.db, row.id);
  const policy = policyVersionOf(row.policyVersion ?? snapshot?.policyVersion ?? null);
  const findings = await resolveFindings(ctx.db, {
    caseId: row.id,
    version: policy,
    snapshot: snapshot?.result ?? null,
    findings: data.findings,
    partial: isNotAddressedByPolicy(row.engineOutcome),
  });
  requireAdverseFinding(findings);
  const letter = buildLetter(
    letterInput(
      await letterCaseFields(ctx.db, row),
      {
        kind: data.decision === "appeal_upheld" ? "appeal" : "initial",
        decision: data.decision,
        decidedAt: new Date(),
        reviewerName: ctx.viewer.name,
        reviewerRole: ctx.viewer.role,
        rationale: data.rationale,
        interqual: data.interqual ?? null,
        outsidePolicy: isNotAddressedByPolicy(row.engineOutcome),
      },
      policy,
      findings,
    ),
  );
  return { paragraphs: letterParagraphs(letter) };
}
