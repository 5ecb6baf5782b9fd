import { z } from "./zod";
import { PHASES } from "@/lib/policy/constants";
import { AUTOMATABLE_INDICATIONS, type AutomatedApprovalSetting } from "@/lib/policy/documents";

/** One checkbox of the settings form: "phase:indication", e.g. "trial:chronic_nonmalignant_pain". */
export const AUTOMATION_CHOICES = PHASES.flatMap((phase) =>
  AUTOMATABLE_INDICATIONS.map((indication) => `${phase}:${indication}` as const),
);

/**
 * The administrator's automated-approval settings: the phase and indication pairs approved
 * automatically (none is "off"), and the share of automated approvals drawn for nurses' quality
 * review (whole percent, 0 to 100; at least one a day is drawn whatever it says).
 */
export const automationSettingsInput = z
  .object({
    enabled: z
      .array(
        z.enum(AUTOMATION_CHOICES, {
          error: "is not a phase and indication the plan can approve automatically (chronic non-malignant pain only)",
        }),
      )
      .max(AUTOMATION_CHOICES.length)
      .default([]),
    // An empty field is missing, not 0 %.
    qaSamplePercent: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z.coerce
        .number({ error: "enter a whole percent from 0 to 100" })
        .int("enter a whole percent from 0 to 100")
        .min(0, "enter a whole percent from 0 to 100")
        .max(100, "enter a whole percent from 0 to 100"),
    ),
  })
  .transform(({ enabled, qaSamplePercent }) => {
    const setting: AutomatedApprovalSetting = { trial: [], implant: [] };
    for (const choice of new Set(enabled)) {
      const [phase, indication] = choice.split(":") as [
        keyof AutomatedApprovalSetting,
        (typeof AUTOMATABLE_INDICATIONS)[number],
      ];
      setting[phase] = [...setting[phase], indication];
    }
    return { automatedApproval: setting, qaSamplePercent };
  });

const wholeNumber = (min: number, max: number, message: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce.number({ error: message }).int(message).min(min, message).max(max, message),
  );

/** The plan's gold-card rule: look-back window (months), decided requests needed, approval rate (whole percent). */
export const goldCardSettingsInput = z.object({
  windowMonths: wholeNumber(1, 60, "enter a whole number of months from 1 to 60"),
  minimumDecided: wholeNumber(1, 100_000, "enter a whole number of decided requests from 1 to 100000"),
  thresholdPercent: wholeNumber(1, 100, "enter a whole percent from 1 to 100"),
});

/** An administrator revokes a practice's gold card, saying why (kept in the card and the audit trail). */
export const revokeGoldCardInput = z.object({
  goldCardId: z.uuid({ error: "is not a gold card" }),
  reason: z
    .string({ error: "say why the gold card is revoked (10 to 500 characters)" })
    .trim()
    .min(10, "say why the gold card is revoked (10 to 500 characters)")
    .max(500, "keep the reason to 500 characters"),
});
