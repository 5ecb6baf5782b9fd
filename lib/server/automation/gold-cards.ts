import "server-only";
import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { appendAudit } from "@/db/audit-chain";
import { goldCards, organizations, portalSettings, type GoldCardStatus } from "@/db/schema";
import { formatPlanDateTime } from "@/lib/domain";
import { GOLD_CARD_DEFAULTS, GOLD_CARD_SHORTFALL_LABELS, goldCardDecision, type GoldCardRule } from "@/lib/gold-card";
import { goldCardSettingsInput, revokeGoldCardInput } from "@/lib/validation/automation";
import {
  audit,
  refuseNotFound,
  requirePermission,
  withTransaction,
  type ServiceContext,
  type Viewer,
} from "../context";
import { ConflictError } from "../errors";
import { parseInput } from "../parse-input";
import { notifyPractice } from "../notifications/emit";
import { policyEngineViewer } from "./policy-engine-actor";

/** How often the schedule evaluates the cards: twice a year. An administrator may run it any time. */
export const GOLD_CARD_PERIOD_MS = 182 * 86_400_000;
/** First key of the transaction-scoped advisory locks of gold cards (the second is the organization). */
const GOLD_CARD_LOCK = 339_725;

export interface GoldCardSettings {
  windowMonths: number;
  minimumDecided: number;
  thresholdPercent: number;
  lastEvaluatedAt: Date | null;
}

export type GoldCardRow = typeof goldCards.$inferSelect;

export async function getGoldCardSettings(db: Db): Promise<GoldCardSettings> {
  const [row] = await db
    .select({
      windowMonths: portalSettings.goldCardWindowMonths,
      minimumDecided: portalSettings.goldCardMinimumDecided,
      thresholdPercent: portalSettings.goldCardThresholdPercent,
      lastEvaluatedAt: portalSettings.goldCardLastEvaluatedAt,
    })
    .from(portalSettings)
    .where(eq(portalSettings.id, 1));
  return {
    windowMonths: row?.windowMonths ?? GOLD_CARD_DEFAULTS.windowMonths,
    minimumDecided: row?.minimumDecided ?? GOLD_CARD_DEFAULTS.minimumDecided,
    thresholdPercent: row?.thresholdPercent ?? GOLD_CARD_DEFAULTS.thresholdPercent,
    lastEvaluatedAt: row?.lastEvaluatedAt ?? null,
  };
}

/** The start of the look-back window ending at `to`: the same instant `months` calendar months earlier (UTC). */
export function windowStart(to: Date, months: number): Date {
  const from = new Date(to);
  from.setUTCMonth(from.getUTCMonth() - months);
  return from;
}

export interface PracticeFigures {
  organizationId: string;
  windowFrom: Date;
  decided: number;
  approved: number;
}

/**
 * Each provider organization's figures over [from, to).
 *
 * What counts: a **decided request** is a case whose FIRST decision (the earliest determination of
 * kind `initial` or `automated`, approved or denied) was made in the window; **approved** counts
 * those whose first decision was an approval. Appeals are not counted (an overturned denial stays
 * a denial here: the request as first submitted did not meet the policy), nor are withdrawn or
 * undecided requests. Automated approvals count, including those made under a gold card: they are
 * decided requests of the practice, and leaving them out would withdraw every card at the next
 * evaluation for want of decisions (a carded practice's requests no longer reach reviewers). The
 * check on a card is the nurses' quality review of sampled gold-card approvals and the
 * administrator's revocation.
 *
 * After an administrator revoked a practice's card, only decisions made after the revocation
 * count for that practice: the schedule must not hand back at once, on the same record, a card a
 * person took away.
 */
export async function practiceFigures(db: Db | Tx, from: Date, to: Date): Promise<PracticeFigures[]> {
  const result = await db.execute(
    sql`with first_decisions as (
        select distinct on (d.case_id) d.case_id, d.decision, d.decided_at
        from determinations d
        where d.kind in ('initial', 'automated') and d.decision in ('approved', 'denied')
        order by d.case_id, d.decided_at, d.id
      ),
      practices as (
        select o.id, greatest(${from.toISOString()}::timestamptz, r.revoked_at) as window_from
        from organizations o
        left join lateral (
          select max(g.ended_at) as revoked_at from gold_cards g where g.organization_id = o.id and g.status = 'revoked'
        ) r on true
        where o.kind = 'provider'
      )
      select p.id as organization_id, p.window_from,
        count(f.case_id)::int as decided,
        (count(f.case_id) filter (where f.decision = 'approved'))::int as approved
      from practices p
      left join cases c on c.organization_id = p.id
      left join first_decisions f on f.case_id = c.id and f.decided_at >= p.window_from and f.decided_at < ${to.toISOString()}::timestamptz
      group by p.id, p.window_from
      order by p.id`,
  );
  const list = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return (list as { organization_id: string; window_from: string | Date; decided: number; approved: number }[]).map(
    (r) => ({
      organizationId: r.organization_id,
      windowFrom: new Date(r.window_from),
      decided: Number(r.decided),
      approved: Number(r.approved),
    }),
  );
}

export interface EvaluationSummary {
  evaluatedAt: Date;
  practices: number;
  granted: string[];
  withdrawn: string[];
  /** Practices whose change failed (logged; evaluated again at the next run). */
  failed: string[];
}

/**
 * Evaluates every provider organization's gold card at `now`: grants a card to an eligible
 * practice without one, withdraws an active card whose practice is no longer eligible (the
 * approval rate fell below the threshold, or too few decided requests). Each grant or withdrawal
 * is its own transaction, with its audit event (the policy engine as the actor) and the
 * practice's notice (bell, email, webhook). Safe to run on several instances at once: each
 * organization's change takes a transaction-scoped advisory lock and reads the active card again
 * under it (and the partial unique index allows one active card), so two evaluations grant one card.
 */
export async function evaluateGoldCards(db: Db, now: Date = new Date()): Promise<EvaluationSummary> {
  const settings = await getGoldCardSettings(db);
  const rule: GoldCardRule = { minimumDecided: settings.minimumDecided, thresholdPercent: settings.thresholdPercent };
  const from = windowStart(now, settings.windowMonths);
  const figuresReadAt = new Date();
  const figures = await practiceFigures(db, from, now);
  const active = new Set(
    (
      await db
        .select({ organizationId: goldCards.organizationId })
        .from(goldCards)
        .where(eq(goldCards.status, "active"))
    ).map((r) => r.organizationId),
  );
  const summary: EvaluationSummary = {
    evaluatedAt: now,
    practices: figures.length,
    granted: [],
    withdrawn: [],
    failed: [],
  };
  for (const f of figures) {
    const decision = goldCardDecision(f, rule);
    if (decision.eligible === active.has(f.organizationId)) continue; // nothing changes
    // One practice's failure (a lost race, a bad row) must not stop the others' evaluation.
    const changed = await db
      .transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${GOLD_CARD_LOCK}, hashtext(${f.organizationId}))`);
        // FOR UPDATE: an administrator's revocation of this card (which locks its row) goes first or waits.
        const [card] = await tx
          .select()
          .from(goldCards)
          .where(and(eq(goldCards.organizationId, f.organizationId), eq(goldCards.status, "active")))
          .for("update");
        const engine = await policyEngineViewer(tx);
        if (decision.eligible && !card) {
          // Revoked since the figures were read: they predate the revocation, so grant nothing now.
          const [revoked] = await tx
            .select({ id: goldCards.id })
            .from(goldCards)
            .where(
              and(
                eq(goldCards.organizationId, f.organizationId),
                eq(goldCards.status, "revoked"),
                gte(goldCards.endedAt, figuresReadAt),
              ),
            )
            .limit(1);
          if (revoked) return null;
          await grant(tx, engine, f, settings, now, decision.approvalRate ?? 0);
          return "granted" as const;
        }
        if (!decision.eligible && card) {
          const reason = `Withdrawn at the plan's evaluation: ${decision.reasons.map((r) => GOLD_CARD_SHORTFALL_LABELS[r]).join(" and ")} (${f.approved} of ${f.decided} decided requests approved${decision.approvalRate === null ? "" : `, ${decision.approvalRate} %`}; the plan asks for at least ${rule.minimumDecided} at ${rule.thresholdPercent} % or more, over ${settings.windowMonths} months).`;
          await endCard(tx, engine, card, "withdrawn", reason, now, {
            decided: f.decided,
            approved: f.approved,
            approvalRate: decision.approvalRate,
            windowFrom: f.windowFrom.toISOString(),
            windowTo: now.toISOString(),
          });
          return "withdrawn" as const;
        }
        return null; // another instance got there first
      })
      .catch((err: unknown) => {
        // Counts and ids only: no clinical data here.
        console.error(`[gold-cards] evaluation of organization ${f.organizationId} failed: ${(err as Error).message}`);
        summary.failed.push(f.organizationId);
        return null;
      });
    if (changed === "granted") summary.granted.push(f.organizationId);
    if (changed === "withdrawn") summary.withdrawn.push(f.organizationId);
  }
  await db
    .insert(portalSettings)
    .values({ id: 1, goldCardLastEvaluatedAt: now })
    .onConflictDoUpdate({ target: portalSettings.id, set: { goldCardLastEvaluatedAt: now } });
  return summary;
}

function engineActor(engine: Viewer) {
  return { userId: engine.userId, role: engine.role, organizationId: engine.organizationId, ip: null, userAgent: null };
}

async function grant(
  tx: Tx,
  engine: Viewer,
  f: PracticeFigures,
  settings: GoldCardSettings,
  now: Date,
  approvalRate: number,
) {
  const [card] = await tx
    .insert(goldCards)
    .values({
      organizationId: f.organizationId,
      status: "active",
      grantedAt: now,
      windowFrom: f.windowFrom,
      windowTo: now,
      decided: f.decided,
      approved: f.approved,
      approvalRate: approvalRate.toFixed(1),
      thresholdPercent: settings.thresholdPercent,
      minimumDecided: settings.minimumDecided,
      windowMonths: settings.windowMonths,
    })
    .returning();
  await notifyPractice(tx, f.organizationId, {
    event: "gold_card.granted",
    body: `Your practice holds a gold card for PHARMACY 339.7: ${f.approved} of ${f.decided} decided requests approved (${card!.approvalRate} %). Requests within the policy are approved on submission.`,
    link: "/cases",
    statusLabel: "Gold card active",
    data: practiceView(card!),
  });
  await appendAudit(tx, engineActor(engine), {
    action: "gold_card.grant",
    targetType: "gold_card",
    targetId: card!.id,
    details: {
      via: "system",
      organizationId: f.organizationId,
      decided: f.decided,
      approved: f.approved,
      approvalRate: card!.approvalRate,
      thresholdPercent: settings.thresholdPercent,
      minimumDecided: settings.minimumDecided,
      windowMonths: settings.windowMonths,
      windowFrom: f.windowFrom.toISOString(),
      windowTo: now.toISOString(),
    },
  });
}

/** Ends an active card (revoked or withdrawn), tells the practice; the audit event is the caller's actor's. */
async function endCard(
  tx: Tx,
  actor: Viewer,
  card: GoldCardRow,
  status: Exclude<GoldCardStatus, "active">,
  reason: string,
  now: Date,
  details: Record<string, unknown>,
  ctx?: ServiceContext,
) {
  const [ended] = await tx
    .update(goldCards)
    .set({ status, endedAt: now, endedBy: actor.userId, endReason: reason })
    .where(and(eq(goldCards.id, card.id), eq(goldCards.status, "active")))
    .returning();
  if (!ended) throw new ConflictError("This gold card has already ended.");
  await notifyPractice(tx, card.organizationId, {
    event: "gold_card.withdrawn",
    body:
      status === "revoked"
        ? `The plan revoked your practice's gold card for PHARMACY 339.7: ${reason} Requests now go to reviewers.`
        : `${reason} Requests now go to reviewers.`,
    link: "/cases",
    statusLabel: status === "revoked" ? "Gold card revoked" : "Gold card withdrawn",
    data: practiceView(ended),
  });
  const event = {
    action: status === "revoked" ? "gold_card.revoke" : "gold_card.withdraw",
    targetType: "gold_card",
    targetId: card.id,
    details: { organizationId: card.organizationId, reason, ...details },
  };
  if (ctx) await audit(tx, ctx, event);
  else await appendAudit(tx, engineActor(actor), { ...event, details: { via: "system", ...event.details } });
}

/** A card as the practice (and its webhooks) see it: no one's name, the figures and the rule. */
function practiceView(card: GoldCardRow) {
  return {
    id: card.id,
    policy: "PHARMACY 339.7",
    status: card.status,
    grantedAt: card.grantedAt.toISOString(),
    windowFrom: card.windowFrom.toISOString(),
    windowTo: card.windowTo.toISOString(),
    decided: card.decided,
    approved: card.approved,
    approvalRate: card.approvalRate,
    thresholdPercent: card.thresholdPercent,
    minimumDecided: card.minimumDecided,
    endedAt: card.endedAt?.toISOString() ?? null,
    endReason: card.endReason,
  };
}

/**
 * The schedule: evaluates when the last evaluation is older than `periodMs`. The period is claimed
 * by a conditional UPDATE of `gold_card_last_evaluated_at`, so of several instances exactly one
 * evaluates each period. Returns null when it was not due (or another instance claimed it).
 */
export async function runScheduledGoldCardEvaluation(
  db: Db,
  now: Date = new Date(),
  periodMs: number = GOLD_CARD_PERIOD_MS,
): Promise<EvaluationSummary | null> {
  await db.insert(portalSettings).values({ id: 1 }).onConflictDoNothing();
  const claimed = await db
    .update(portalSettings)
    .set({ goldCardLastEvaluatedAt: now })
    .where(
      and(
        eq(portalSettings.id, 1),
        sql`(${portalSettings.goldCardLastEvaluatedAt} is null or ${portalSettings.goldCardLastEvaluatedAt} <= ${new Date(now.getTime() - periodMs).toISOString()}::timestamptz)`,
      ),
    )
    .returning({ id: portalSettings.id });
  if (!claimed.length) return null;
  const summary = await evaluateGoldCards(db, now);
  // A practice failed: give the period back, so the next hourly check evaluates again (idempotent).
  if (summary.failed.length)
    await db
      .update(portalSettings)
      .set({ goldCardLastEvaluatedAt: null })
      .where(and(eq(portalSettings.id, 1), eq(portalSettings.goldCardLastEvaluatedAt, now)));
  return summary;
}

/** Administrator: "Evaluate now". Audited with what it changed. */
export async function runGoldCardEvaluation(ctx: ServiceContext): Promise<EvaluationSummary> {
  await requirePermission(ctx, "automation.manage", { type: "settings", id: "gold_cards" });
  const summary = await evaluateGoldCards(ctx.db, new Date());
  await withTransaction(ctx, (tx) =>
    audit(tx, ctx, {
      action: "gold_card.evaluate",
      targetType: "settings",
      targetId: "gold_cards",
      details: { practices: summary.practices, granted: summary.granted, withdrawn: summary.withdrawn },
    }),
  );
  return summary;
}

/**
 * Administrator: revokes a practice's active gold card, with a reason (10 to 500 characters) kept
 * in the card and the audit trail; the practice is told (bell, email, webhook). Its requests then
 * go to reviewers; the schedule grants a new card only on decisions made after the revocation.
 */
export async function revokeGoldCard(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "automation.manage", { type: "gold_card" });
  const { goldCardId, reason } = parseInput(revokeGoldCardInput, input, "revocation");
  return withTransaction(ctx, async (tx) => {
    const [card] = await tx.select().from(goldCards).where(eq(goldCards.id, goldCardId)).for("update");
    if (!card) return refuseNotFound(ctx, "gold_card.revoke", { type: "gold_card", id: goldCardId }, tx);
    if (card.status !== "active") throw new ConflictError("This gold card has already ended.");
    await endCard(tx, ctx.viewer, card, "revoked", reason, new Date(), {}, ctx);
    return { id: card.id, status: "revoked" as const };
  });
}

export interface GoldCardListItem {
  id: string;
  organizationName: string;
  statusLabel: string;
  isActive: boolean;
  grantedAt: Date;
  figures: string;
  ended: string | null;
}

const STATUS_LABELS: Record<GoldCardStatus, string> = {
  active: "Active",
  revoked: "Revoked",
  withdrawn: "Withdrawn",
};

/** Administrator: every card, newest first, with its figures and how it ended. */
export async function listGoldCards(ctx: ServiceContext): Promise<GoldCardListItem[]> {
  await requirePermission(ctx, "automation.manage", { type: "gold_card" });
  const rows = await ctx.db
    .select({ card: goldCards, organizationName: organizations.name })
    .from(goldCards)
    .innerJoin(organizations, eq(organizations.id, goldCards.organizationId))
    .orderBy(desc(goldCards.grantedAt));
  return rows.map(({ card, organizationName }) => ({
    id: card.id,
    organizationName,
    statusLabel: STATUS_LABELS[card.status],
    isActive: card.status === "active",
    grantedAt: card.grantedAt,
    figures: figuresSentence(card),
    ended: card.endedAt ? `${formatPlanDateTime(card.endedAt)}: ${card.endReason ?? ""}` : null,
  }));
}

function figuresSentence(card: GoldCardRow): string {
  return `${card.approved} of ${card.decided} decided requests approved (${card.approvalRate} %) from ${formatPlanDateTime(card.windowFrom)} to ${formatPlanDateTime(card.windowTo)}; rule then: at least ${card.minimumDecided} at ${card.thresholdPercent} % or more over ${card.windowMonths} months`;
}

/** Provider: the practice's active card, as one line for the case list (null: none). */
export async function getOwnGoldCard(
  ctx: ServiceContext,
): Promise<{ id: string; grantedAt: Date; line: string } | null> {
  await requirePermission(ctx, "case.list_own", { type: "gold_card" });
  const card = await activeGoldCard(ctx.db, ctx.viewer.organizationId);
  if (!card) return null;
  return {
    id: card.id,
    grantedAt: card.grantedAt,
    line: `Your practice holds a gold card for PHARMACY 339.7 since ${formatPlanDateTime(card.grantedAt)} (${card.approved} of ${card.decided} decided requests approved, ${card.approvalRate} %): requests within the policy are approved on submission.`,
  };
}

/** The organization's active card, if any (read in the submission's transaction). */
export async function activeGoldCard(db: Db | Tx, organizationId: string): Promise<GoldCardRow | undefined> {
  const [card] = await db
    .select()
    .from(goldCards)
    .where(and(eq(goldCards.organizationId, organizationId), eq(goldCards.status, "active")))
    .limit(1);
  return card;
}

/** Administrator: the gold-card rule (window, minimum, threshold). Audited with before and after. */
export async function setGoldCardSettings(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "automation.manage", { type: "settings", id: "gold_cards" });
  const after = parseInput(goldCardSettingsInput, input, "gold-card settings");
  return withTransaction(ctx, async (tx) => {
    const [current] = await tx.select().from(portalSettings).where(eq(portalSettings.id, 1)).for("update");
    const before = {
      windowMonths: current?.goldCardWindowMonths ?? GOLD_CARD_DEFAULTS.windowMonths,
      minimumDecided: current?.goldCardMinimumDecided ?? GOLD_CARD_DEFAULTS.minimumDecided,
      thresholdPercent: current?.goldCardThresholdPercent ?? GOLD_CARD_DEFAULTS.thresholdPercent,
    };
    const values = {
      goldCardWindowMonths: after.windowMonths,
      goldCardMinimumDecided: after.minimumDecided,
      goldCardThresholdPercent: after.thresholdPercent,
    };
    await tx
      .insert(portalSettings)
      .values({ id: 1, ...values, updatedBy: ctx.viewer.userId })
      .onConflictDoUpdate({
        target: portalSettings.id,
        set: { ...values, updatedBy: ctx.viewer.userId, updatedAt: new Date() },
      });
    await audit(tx, ctx, {
      action: "admin.settings.update",
      targetType: "settings",
      targetId: "gold_cards",
      details: { before, after },
    });
    return after;
  });
}
