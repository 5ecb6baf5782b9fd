// A nurse's or physician's quality review of an automated approval drawn for it: one schema for
// the form (through qualityReviewFromForm) and the service. What it is checked against (the
// determination's own criteria and the engine's findings) is checked by the service.
import { z } from "./zod";
import { FINDING_STATUSES } from "@/lib/domain";

export const QA_REASON_MAX = 2000;
export const QA_NOTE_MAX = 4000;

export const qaDisagreementSchema = z.object({
  criterionId: z
    .string({ error: "Name the criterion" })
    .trim()
    .min(1, { error: "Name the criterion" })
    .max(120, { error: "Not a criterion of this approval" }),
  status: z.enum(FINDING_STATUSES, { error: "Choose met, not met, not documented or not applicable" }),
  reason: z
    .string({ error: "Say why" })
    .trim()
    .min(1, { error: "Say why you find this criterion otherwise" })
    .max(QA_REASON_MAX, {
      error: `The reason is too long (${QA_REASON_MAX.toLocaleString("en-US")} characters at most)`,
    }),
});
export type QaDisagreementInput = z.input<typeof qaDisagreementSchema>;

export const qualityReviewInput = z
  .object({
    determinationId: z.string({ error: "The approval is required" }).uuid({ error: "The approval must be a valid id" }),
    agrees: z.enum(["yes", "no"], {
      error: 'Choose "I agree with every finding" or mark the criteria you find otherwise',
    }),
    disagreements: z.array(qaDisagreementSchema, { error: "disagreements must be a list" }).max(60).default([]),
    note: z
      .string({ error: "The note must be text" })
      .trim()
      .max(QA_NOTE_MAX, { error: `The note is too long (${QA_NOTE_MAX.toLocaleString("en-US")} characters at most)` })
      .optional()
      .transform((v) => (v ? v : undefined)),
  })
  .superRefine((input, issue) => {
    if (input.agrees === "yes" && input.disagreements.length > 0)
      issue.addIssue({
        code: "custom",
        path: ["disagreements"],
        message: "You agreed with every finding: unmark the criteria marked otherwise, or choose to disagree",
      });
    if (input.agrees === "no" && input.disagreements.length === 0)
      issue.addIssue({
        code: "custom",
        path: ["disagreements"],
        message: "Mark at least one criterion you find otherwise, with your finding and why",
      });
    const seen = new Set<string>();
    input.disagreements.forEach((d, i) => {
      if (seen.has(d.criterionId))
        issue.addIssue({
          code: "custom",
          path: ["disagreements", i, "criterionId"],
          message: "This criterion is marked twice",
        });
      seen.add(d.criterionId);
    });
  });
export type QualityReviewInput = z.input<typeof qualityReviewInput>;

/**
 * The form's fields as the schema's input: `agrees`, each criterion marked otherwise as
 * `otherwise` (its id, in the form's order) with `status:<id>` and `reason:<id>`, and `note`.
 */
export function qualityReviewFromForm(fd: FormData): Record<string, unknown> {
  const text = (name: string) => {
    const v = fd.get(name);
    return typeof v === "string" ? v : undefined;
  };
  const marked = fd.getAll("otherwise").filter((v): v is string => typeof v === "string");
  return {
    determinationId: text("determinationId"),
    agrees: text("agrees") || undefined,
    disagreements: marked.map((criterionId) => ({
      criterionId,
      status: text(`status:${criterionId}`) || undefined,
      reason: text(`reason:${criterionId}`) ?? "",
    })),
    note: text("note"),
  };
}
