import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { portalSettings, publishedMetrics } from "@/db/schema";
import { canonicalJson } from "@/lib/canonical-json";
import { PLAN_TIME_ZONE } from "@/lib/domain";
import { findPassage } from "@/lib/policy";
import { LATEST_RULES } from "@/lib/policy/catalogue";
import { IMPLANT_CODES, PHASES, TRIAL_CODES, type Phase } from "@/lib/policy/constants";
import {
  DEFAULT_METRICS_MINIMUM_GROUP_SIZE,
  metricsSettingsInput,
  publishMetricsInput,
  REASON_MAX,
  REASON_MIN,
} from "@/lib/validation/public-metrics";
import { isUniqueViolation } from "../cases/shared";
import { createLimiter, processLimiter, type Limiter } from "../rate-limit";
import { audit, requirePermission, withTransaction, type ServiceContext } from "../context";
import { ConflictError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { computeMetrics } from "./metrics";
import {
  suppressedText,
  suppressedUrgency,
  URGENCY_MEASURES,
  withoutDifferencing,
  type PublicFigures,
  type PublicService,
  type PublicUrgencyFigures,
} from "@/lib/public-metrics";

export { URGENCY_MEASURES, type PublicFigures, type PublicService, type PublicUrgencyFigures };

const SERVICE_NAMES: Record<Phase, string> = {
  trial: "Intrathecal or epidural infusion trial (before a pump is implanted)",
  implant: "Implantation of an intrathecal or epidural catheter and drug infusion pump or reservoir",
};
const CODES: Record<Phase, readonly string[]> = { trial: TRIAL_CODES, implant: IMPLANT_CODES };

/** The services that need prior authorization: what the policy covers, with the codes its Applicable Codes table names. */
export function servicesRequiringAuthorization(): PublicService[] {
  return PHASES.map((phase) => ({
    phase,
    service: SERVICE_NAMES[phase],
    codes: CODES[phase].map((code) => ({ code, description: findPassage(`codes-${code}`)?.cells?.[1] ?? "" })),
  }));
}


const oneDecimal = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const percent = (share: number | null) => (share === null ? null : oneDecimal(share * 100));

/** A year's public figures as computed now, with groups smaller than `minimumGroupSize` suppressed. */
export async function computePublicFigures(db: Db, year: number, minimumGroupSize: number): Promise<PublicFigures> {
  const period = { from: `${year}-01-01`, to: `${year}-12-31` };
  const metrics = await computeMetrics(db, period);
  const of = (urgency: "standard" | "expedited"): PublicUrgencyFigures => {
    const u = metrics.byUrgency.find((m) => m.urgency === urgency)!;
    if (u.decided < minimumGroupSize) return suppressedUrgency(urgency, suppressedText(minimumGroupSize));
    return {
      urgency,
      suppressed: false,
      reason: null,
      requestsDecided: u.decided,
      approvedPercent: percent(u.approvedShare),
      deniedPercent: percent(u.deniedShare),
      approvedAfterAppealPercent: percent(u.approvedAfterAppealShare),
      approvedAfterExtensionPercent: percent(u.extendedShare),
      averageHoursToDecision: oneDecimal(u.averageHoursToDecision),
      medianHoursToDecision: oneDecimal(u.medianHoursToDecision),
      automatedApprovals: u.decidedInRealTime,
    };
  };
  return {
    year,
    policy: LATEST_RULES.policyId,
    policyTitle: LATEST_RULES.title,
    period: { ...period, timeZone: PLAN_TIME_ZONE },
    minimumGroupSize,
    services: servicesRequiringAuthorization(),
    standard: of("standard"),
    expedited: of("expedited"),
  };
}

// ---------------------------------------------------------------------------------------------
// The minimum group size (administrator)

export async function getMetricsSettings(db: Db): Promise<{ minimumGroupSize: number }> {
  const [row] = await db
    .select({ minimumGroupSize: portalSettings.metricsMinimumGroupSize })
    .from(portalSettings)
    .where(eq(portalSettings.id, 1));
  return { minimumGroupSize: row?.minimumGroupSize ?? DEFAULT_METRICS_MINIMUM_GROUP_SIZE };
}

/** Administrator: the public metrics' minimum group size (1 to 1000), audited with before and after. */
export async function setMetricsSettings(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "metrics.settings", { type: "settings", id: "metrics_minimum_group_size" });
  const after = parseInput(metricsSettingsInput, input, "setting", { sentences: true });
  return withTransaction(ctx, async (tx) => {
    const [current] = await tx.select().from(portalSettings).where(eq(portalSettings.id, 1)).for("update");
    const before = { minimumGroupSize: current?.metricsMinimumGroupSize ?? DEFAULT_METRICS_MINIMUM_GROUP_SIZE };
    const set = { metricsMinimumGroupSize: after.minimumGroupSize, updatedBy: ctx.viewer.userId };
    await tx
      .insert(portalSettings)
      .values({ id: 1, ...set })
      .onConflictDoUpdate({ target: portalSettings.id, set: { ...set, updatedAt: new Date() } });
    await audit(tx, ctx, {
      action: "admin.settings.update",
      targetType: "settings",
      targetId: "metrics_minimum_group_size",
      details: { before, after },
    });
    return after;
  });
}

// ---------------------------------------------------------------------------------------------
// Publication (auditor or administrator)

const conflict = (year: number) =>
  new ConflictError(
    `Someone published ${year} while you were on this page. Reload the page to see the new version before publishing again.`,
  );

/**
 * Publishes a completed calendar year's figures as computed now: version 1, or (with a reason)
 * version N+1 of a year already published. Refused when the figures are the same as the latest
 * version's, and when another publication of the year came first (the version the person saw is
 * no longer the latest, or the unique index (year, version) refuses the insert).
 */
export async function publishMetrics(ctx: ServiceContext, raw: unknown, now = new Date()) {
  await requirePermission(ctx, "metrics.publish", { type: "published_metrics" });
  const input = parseInput(publishMetricsInput(now), raw, "publication", { sentences: true });
  const { minimumGroupSize } = await getMetricsSettings(ctx.db);
  const computed = await computePublicFigures(ctx.db, input.year, minimumGroupSize);
  try {
    return await withTransaction(ctx, async (tx) => {
      const versions = await tx
        .select()
        .from(publishedMetrics)
        .where(eq(publishedMetrics.year, input.year))
        .orderBy(desc(publishedMetrics.version));
      const latest = versions[0];
      const figures = withoutDifferencing(
        computed,
        versions.map((v) => ({ version: v.version, figures: v.figures as unknown as PublicFigures })),
        minimumGroupSize,
      );
      const current = latest?.version ?? 0;
      if (current !== input.expectedVersion) throw conflict(input.year);
      if (latest && !input.reason)
        throw new ValidationError(
          `${input.year} is already published (version ${current}). Say why you publish it again (${REASON_MIN} to ${REASON_MAX} characters); the public page shows the reason.`,
          [{ path: "reason", message: `required for a new version, ${REASON_MIN} to ${REASON_MAX} characters` }],
        );
      if (latest && canonicalJson(latest.figures) === canonicalJson(figures))
        throw new ValidationError(
          `The figures for ${input.year} are the same as in the published version ${current}: there is nothing new to publish.`,
        );
      const version = current + 1;
      const [row] = await tx
        .insert(publishedMetrics)
        .values({
          year: input.year,
          version,
          figures: figures as unknown as Record<string, unknown>,
          minimumGroupSize,
          publishedBy: ctx.viewer.userId,
          reason: latest ? input.reason! : null,
        })
        .returning();
      await audit(tx, ctx, {
        action: "metrics.publish",
        targetType: "published_metrics",
        targetId: row!.id,
        details: { year: input.year, version, minimumGroupSize, ...(latest ? { reason: input.reason } : {}) },
      });
      return { id: row!.id, year: input.year, version, publishedAt: row!.publishedAt };
    });
  } catch (err) {
    if (isUniqueViolation(err, "published_metrics_year_version")) throw conflict(input.year);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Public reads (no sign-in: aggregates only, nothing about a case or a person)

export interface PublishedYear {
  year: number;
  latestVersion: number;
  publishedAt: Date;
}

/** Every published year, latest first, with its latest version. */
export async function listPublishedYears(db: Db): Promise<PublishedYear[]> {
  const rows = await db
    .select({
      year: publishedMetrics.year,
      latestVersion: sql<number>`max(${publishedMetrics.version})::int`,
      publishedAt: sql<string>`max(${publishedMetrics.publishedAt})`,
    })
    .from(publishedMetrics)
    .groupBy(publishedMetrics.year)
    .orderBy(desc(publishedMetrics.year));
  return rows.map((r) => ({ year: r.year, latestVersion: Number(r.latestVersion), publishedAt: new Date(r.publishedAt) }));
}

export interface PublishedVersion {
  year: number;
  version: number;
  publishedAt: Date;
  /** Why this version replaced the one before (null for version 1). */
  reason: string | null;
  figures: PublicFigures;
}

/**
 * A published year: the chosen version (the latest unless `version` is given) and every version's
 * date and reason. Null when the year, or that version of it, was never published.
 */
export async function getPublishedYear(
  db: Db,
  year: number,
  version?: number,
): Promise<{ shown: PublishedVersion; versions: Omit<PublishedVersion, "figures">[] } | null> {
  const rows = await db
    .select({
      year: publishedMetrics.year,
      version: publishedMetrics.version,
      publishedAt: publishedMetrics.publishedAt,
      reason: publishedMetrics.reason,
      figures: publishedMetrics.figures,
    })
    .from(publishedMetrics)
    .where(eq(publishedMetrics.year, year))
    .orderBy(desc(publishedMetrics.version));
  const shown = version === undefined ? rows[0] : rows.find((r) => r.version === version);
  if (!shown) return null;
  return {
    shown: { ...shown, figures: shown.figures as unknown as PublicFigures },
    versions: rows.map(({ figures: _figures, ...r }) => r),
  };
}


/** The CSV download: one row per figure (and per service code), suppressed figures empty with the reason. */
export function publicMetricsCsvRows(p: PublishedVersion): string[][] {
  const f = p.figures;
  const rows: string[][] = [["year", "version", "section", "urgency", "measure", "value", "suppressed", "note"]];
  const base = [String(f.year), String(p.version)];
  for (const s of f.services)
    for (const c of s.codes) rows.push([...base, "services requiring prior authorization", "", `${s.service}: CPT ${c.code}`, c.description, "false", ""]);
  for (const u of [f.standard, f.expedited])
    for (const [key, label] of URGENCY_MEASURES) {
      const v = u[key];
      rows.push([...base, "figures", u.urgency, label, v === null ? "" : String(v), String(u.suppressed), u.reason ?? ""]);
    }
  return rows;
}

/** The JSON download: the publication's year, version, date and reason, and its figures. */
export function publicMetricsJson(p: PublishedVersion) {
  const { year, ...figures } = p.figures;
  return { year, version: p.version, publishedAt: p.publishedAt.toISOString(), reason: p.reason, ...figures };
}


/**
 * The public metrics' limit per address (page and downloads together): 60 requests a minute,
 * shared by every instance like the API's (rate-limit.ts).
 */
export function publicMetricsRateLimiter(): Limiter {
  return processLimiter("public-metrics", () =>
    createLimiter({ name: "public-metrics", points: 60, durationSeconds: 60, reserveShare: 0.1 }),
  );
}

/**
 * What publishing `year` would store now (auditor or administrator): the figures with the current
 * minimum group size, and the year's latest published version (0: none).
 */
export async function previewPublication(ctx: ServiceContext, year: number) {
  await requirePermission(ctx, "metrics.publish", { type: "published_metrics" });
  const { minimumGroupSize } = await getMetricsSettings(ctx.db);
  const [computed, published, earlier] = await Promise.all([
    computePublicFigures(ctx.db, year, minimumGroupSize),
    getPublishedYear(ctx.db, year),
    ctx.db
      .select({ version: publishedMetrics.version, figures: publishedMetrics.figures })
      .from(publishedMetrics)
      .where(eq(publishedMetrics.year, year)),
  ]);
  // What publishing would store: the same guard as publishMetrics.
  const figures = withoutDifferencing(
    computed,
    earlier.map((v) => ({ version: v.version, figures: v.figures as unknown as PublicFigures })),
    minimumGroupSize,
  );
  const same = !!published && canonicalJson(published.shown.figures) === canonicalJson(figures);
  return { figures, published, latestVersion: published?.shown.version ?? 0, sameAsLatest: same };
}
