import { z } from "zod";
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
