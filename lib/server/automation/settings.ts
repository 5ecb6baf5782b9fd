import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { portalSettings } from "@/db/schema";
import { AUTOMATED_APPROVAL_OFF, type AutomatedApprovalSetting } from "@/lib/policy/documents";
import { DEFAULT_QA_SAMPLE_PERCENT } from "@/lib/qa-sampling";
import { automationSettingsInput } from "@/lib/validation/automation";
import { audit, requirePermission, withTransaction, type ServiceContext } from "../context";
import { parseInput } from "../parse-input";

export interface AutomationSettings {
  automatedApproval: AutomatedApprovalSetting;
  qaSamplePercent: number;
  /** When a person last changed them (null: never; the demo seed writes the row without one). */
  updatedAt: Date | null;
}

/** The plan's automated-approval settings: off, with a 10 % quality-review share, until an administrator sets them. */
export async function getAutomationSettings(db: Db): Promise<AutomationSettings> {
  const [row] = await db
    .select({
      automatedApproval: portalSettings.automatedApproval,
      qaSamplePercent: portalSettings.qaSamplePercent,
      updatedAt: portalSettings.updatedAt,
      updatedBy: portalSettings.updatedBy,
    })
    .from(portalSettings)
    .where(eq(portalSettings.id, 1));
  return {
    automatedApproval: row?.automatedApproval ?? AUTOMATED_APPROVAL_OFF,
    qaSamplePercent: row?.qaSamplePercent ?? DEFAULT_QA_SAMPLE_PERCENT,
    updatedAt: row?.updatedBy ? row.updatedAt : null,
  };
}

/**
 * Administrator: which phases and indications are approved automatically, and the quality-review
 * share. Audited with before and after; the next submission reads the new setting.
 */
export async function setAutomationSettings(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "automation.manage", { type: "settings", id: "automated_approval" });
  const after = parseInput(automationSettingsInput, input, "settings");
  return withTransaction(ctx, async (tx) => {
    const [current] = await tx.select().from(portalSettings).where(eq(portalSettings.id, 1)).for("update");
    const before = {
      automatedApproval: current?.automatedApproval ?? AUTOMATED_APPROVAL_OFF,
      qaSamplePercent: current?.qaSamplePercent ?? DEFAULT_QA_SAMPLE_PERCENT,
    };
    await tx
      .insert(portalSettings)
      .values({ id: 1, ...after, updatedBy: ctx.viewer.userId })
      .onConflictDoUpdate({
        target: portalSettings.id,
        set: { ...after, updatedBy: ctx.viewer.userId, updatedAt: new Date() },
      });
    await audit(tx, ctx, {
      action: "admin.settings.update",
      targetType: "settings",
      targetId: "automated_approval",
      details: { before, after },
    });
    return after;
  });
}
