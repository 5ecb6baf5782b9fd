import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cohensKappa } from "@/lib/metrics/kappa";
import { reportPeriodSchema, type ReportPeriod } from "@/lib/validation/reports";
import { recordAudit, requirePermission, type ServiceContext } from "../context";
import { ValidationError } from "../errors";
import { PLAN_TIME_ZONE, type FindingStatus } from "@/lib/domain";
import { INDICATIONS, PHASES, type Indication, type Phase } from "@/lib/policy/constants";

const URGENCIES = ["standard", "expedited"] as const;
type Urgency = (typeof URGENCIES)[number];

/** The engine's outcome as a decision, where it takes one (clinical review and "not addressed" do not). */
const ENGINE_SIDE = sql`case when c.engine_outcome = 'meets_criteria' then 'approve' when c.engine_outcome in ('does_not_meet_criteria','insufficient_documentation') then 'deny' end`;
/** Engine criterion statuses in the reviewer's words; "needs clinical review" takes no side. */
const ENGINE_FINDING: Record<string, string> = { met: "met", not_met: "not_met", missing_documentation: "not_documented" };

export interface UrgencyMetrics {
  urgency: Urgency;
  received: number;
  decided: number;
  /** Decided by the policy engine on submission (automated approvals): counted in every CMS figure. */
  decidedInRealTime: number;
  /** Share of decided requests decided in real time, 0..1 (null when none was decided). */
  realTimeShare: number | null;
  withdrawn: number;
  /** Shares of decided requests, 0..1 (null when none was decided). */
  approvedShare: number | null;
  deniedShare: number | null;
  approvedAfterAppealShare: number | null;
  /** The portal has no time-frame extension: always 0. */
  extendedShare: number;
  averageHoursToDecision: number | null;
  medianHoursToDecision: number | null;
  decidedAfterDue: number;
  pends: number;
  averagePendHours: number | null;
  findingsByCriterion: { criterionId: string; met: number; notMet: number; notDocumented: number }[];
  decisionsByReviewer: { reviewer: string; decisions: number }[];
  engineAgreement: { n: number; agreement: number | null; kappa: number | null };
  criterionKappa: { criterionId: string; n: number; agreement: number | null; kappa: number | null }[];
}

/** Decided requests of one phase and indication, and how many the engine approved automatically. */
export interface RealTimeRow {
  phase: Phase;
  indication: Indication;
  decided: number;
  automated: number;
  /** automated / decided, 0..1. */
  share: number;
}

/** The quality review of automated approvals (both urgencies): how many were drawn and reviewed, and how the reviewers' findings compare with the engine's. */
export interface QualityReviewMetrics {
  /** Automated approvals drawn for quality review. */
  sampled: number;
  reviewed: number;
  /** Reviews that agree with every finding. */
  agreed: number;
  /** agreed / reviewed, 0..1 (null when none was reviewed). */
  agreementRate: number | null;
  /** Per criterion over the reviewed approvals: the engine's finding vs the reviewer's (the engine's where they marked nothing). */
  criterionKappa: { criterionId: string; n: number; agreement: number | null; kappa: number | null }[];
}

export interface Metrics {
  period: ReportPeriod;
  timeZone: string;
  byUrgency: UrgencyMetrics[];
  /** Per phase and indication with a decided request, both urgencies. */
  realTime: RealTimeRow[];
  qualityReview: QualityReviewMetrics;
}

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The metrics for cases submitted in the period, standard and expedited apart (pure reads). */
export async function computeMetrics(db: Db, period: ReportPeriod): Promise<Metrics> {
  const cohort = sql`c.submitted_at >= (${period.from}::date::timestamp at time zone ${PLAN_TIME_ZONE})
    and c.submitted_at < ((${period.to}::date + 1)::timestamp at time zone ${PLAN_TIME_ZONE})`;
  const DECIDED = sql`c.status in ('approved','denied','appeal_submitted','appeal_in_review','appeal_upheld','appeal_overturned')`;
  // Time to the plan's first determination (CMS-0057-F): an appeal's later decision overwrites
  // cases.decided_at, and the appeal's own time must not lengthen the request's.
  const FIRST_DECIDED = sql`coalesce((select min(fd.decided_at) from determinations fd where fd.case_id = c.id and fd.kind <> 'appeal'), c.decided_at)`;
  const HOURS = sql`extract(epoch from (${FIRST_DECIDED} - c.submitted_at)) / 3600.0`;
  const AUTOMATED = sql`exists (select 1 from determinations a where a.case_id = c.id and a.kind = 'automated')`;
  const [summary, pends, findings, reviewers, decisions, criterionPairs, realTime, sampled, qaReviewRows, qaFindings] = await Promise.all([
    db.execute(sql`
      select c.urgency, count(*)::int as received,
             count(*) filter (where ${DECIDED})::int as decided,
             count(*) filter (where ${DECIDED} and ${AUTOMATED})::int as automated,
             count(*) filter (where c.status = 'withdrawn')::int as withdrawn,
             count(*) filter (where c.status = 'approved')::int as approved,
             count(*) filter (where c.status in ('denied','appeal_submitted','appeal_in_review','appeal_upheld'))::int as denied,
             count(*) filter (where c.status = 'appeal_overturned')::int as overturned,
             avg(${HOURS}) filter (where ${DECIDED}) as avg_hours,
             percentile_cont(0.5) within group (order by ${HOURS}) filter (where ${DECIDED}) as median_hours,
             count(*) filter (where ${DECIDED} and ${FIRST_DECIDED} > c.due_at)::int as late
      from cases c where ${cohort} group by c.urgency`),
    db.execute(sql`
      select c.urgency, count(*)::int as pends, avg(extract(epoch from (r.responded_at - r.requested_at)) / 3600.0) filter (where r.responded_at is not null) as avg_hours
      from case_information_requests r join cases c on c.id = r.case_id where ${cohort} group by c.urgency`),
    db.execute(sql`
      select c.urgency, f.criterion_id, f.status, count(*)::int as n
      from determination_findings f join determinations d on d.id = f.determination_id join cases c on c.id = d.case_id
      where ${cohort} and d.kind = 'initial' group by c.urgency, f.criterion_id, f.status`),
    db.execute(sql`
      select c.urgency, u.name as reviewer, count(*)::int as n
      from determinations d join cases c on c.id = d.case_id join users u on u.id = d.reviewer_id
      where ${cohort} group by c.urgency, u.name order by u.name`),
    db.execute(sql`
      select c.urgency, ${ENGINE_SIDE} as engine, case when d.decision = 'approved' then 'approve' else 'deny' end as reviewer
      from determinations d join cases c on c.id = d.case_id
      where ${cohort} and d.kind = 'initial' and ${ENGINE_SIDE} is not null`),
    db.execute(sql`
      select c.urgency, f.criterion_id, f.engine_status, f.status
      from determination_findings f join determinations d on d.id = f.determination_id join cases c on c.id = d.case_id
      where ${cohort} and d.kind = 'initial' and f.engine_status is not null`),
    db.execute(sql`
      select c.phase, c.indication, count(*)::int as decided, count(*) filter (where ${AUTOMATED})::int as automated
      from cases c where ${cohort} and ${DECIDED} and c.phase is not null and c.indication is not null group by c.phase, c.indication`),
    db.execute(sql`
      select count(*)::int as n from determinations d join cases c on c.id = d.case_id
      where ${cohort} and d.kind = 'automated' and d.qa_sampled`),
    db.execute(sql`
      select q.determination_id, q.agrees, q.disagreements
      from qa_reviews q join determinations d on d.id = q.determination_id join cases c on c.id = d.case_id
      where ${cohort} and d.kind = 'automated'`),
    db.execute(sql`
      select f.determination_id, f.criterion_id, f.status
      from determination_findings f join qa_reviews q on q.determination_id = f.determination_id
      join determinations d on d.id = f.determination_id join cases c on c.id = d.case_id
      where ${cohort} and d.kind = 'automated' and coalesce(d.automation->>'reason', 'criteria_met') = 'criteria_met'`),
  ]);
  const byUrgency = URGENCIES.map((urgency): UrgencyMetrics => {
    const s = rowsOf<Record<string, unknown>>(summary).find((r) => r.urgency === urgency);
    const p = rowsOf<Record<string, unknown>>(pends).find((r) => r.urgency === urgency);
    const decided = Number(s?.decided ?? 0);
    const share = (k: string) => (decided ? Number(s![k]) / decided : null);
    const byCriterion = new Map<string, { criterionId: string; met: number; notMet: number; notDocumented: number }>();
    for (const r of rowsOf<{ urgency: string; criterion_id: string; status: string; n: number }>(findings).filter((r) => r.urgency === urgency)) {
      const entry = byCriterion.get(r.criterion_id) ?? { criterionId: r.criterion_id, met: 0, notMet: 0, notDocumented: 0 };
      if (r.status === "met") entry.met += Number(r.n);
      if (r.status === "not_met") entry.notMet += Number(r.n);
      if (r.status === "not_documented") entry.notDocumented += Number(r.n);
      byCriterion.set(r.criterion_id, entry);
    }
    const pairsByCriterion = new Map<string, [string, string][]>();
    for (const r of rowsOf<{ urgency: string; criterion_id: string; engine_status: string; status: string }>(criterionPairs).filter((r) => r.urgency === urgency)) {
      const engine = ENGINE_FINDING[r.engine_status];
      if (!engine || r.status === "not_applicable") continue;
      pairsByCriterion.set(r.criterion_id, [...(pairsByCriterion.get(r.criterion_id) ?? []), [engine, r.status]]);
    }
    return {
      urgency,
      received: Number(s?.received ?? 0),
      decided,
      decidedInRealTime: Number(s?.automated ?? 0),
      realTimeShare: share("automated"),
      withdrawn: Number(s?.withdrawn ?? 0),
      approvedShare: share("approved"),
      deniedShare: share("denied"),
      approvedAfterAppealShare: share("overturned"),
      extendedShare: 0,
      averageHoursToDecision: num(s?.avg_hours),
      medianHoursToDecision: num(s?.median_hours),
      decidedAfterDue: Number(s?.late ?? 0),
      pends: Number(p?.pends ?? 0),
      averagePendHours: num(p?.avg_hours),
      findingsByCriterion: [...byCriterion.values()].sort((a, b) => (a.criterionId < b.criterionId ? -1 : 1)),
      decisionsByReviewer: rowsOf<{ urgency: string; reviewer: string; n: number }>(reviewers)
        .filter((r) => r.urgency === urgency)
        .map((r) => ({ reviewer: r.reviewer, decisions: Number(r.n) })),
      engineAgreement: cohensKappa(rowsOf<{ urgency: string; engine: string; reviewer: string }>(decisions).filter((r) => r.urgency === urgency).map((r) => [r.engine, r.reviewer] as const)),
      criterionKappa: [...pairsByCriterion.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([criterionId, pairs]) => ({ criterionId, ...cohensKappa(pairs) })),
    };
  });
  return {
    period,
    timeZone: PLAN_TIME_ZONE,
    byUrgency,
    realTime: realTimeRows(rowsOf<{ phase: Phase; indication: Indication; decided: number; automated: number }>(realTime)),
    qualityReview: qualityReviewMetrics(
      Number(rowsOf<{ n: number }>(sampled)[0]?.n ?? 0),
      rowsOf<{ determination_id: string; agrees: boolean; disagreements: { criterionId: string; status: FindingStatus }[] }>(qaReviewRows),
      rowsOf<{ determination_id: string; criterion_id: string; status: FindingStatus }>(qaFindings),
    ),
  };
}

/** The phases and indications in the policy's order, each with its decided requests and automated approvals. */
function realTimeRows(rows: { phase: Phase; indication: Indication; decided: number; automated: number }[]): RealTimeRow[] {
  const rank = (r: { phase: Phase; indication: Indication }) => PHASES.indexOf(r.phase) * INDICATIONS.length + INDICATIONS.indexOf(r.indication);
  return rows
    .map((r) => ({ phase: r.phase, indication: r.indication, decided: Number(r.decided), automated: Number(r.automated), share: Number(r.automated) / Number(r.decided) }))
    .sort((a, b) => rank(a) - rank(b));
}

/**
 * Drawn, reviewed, the share of reviews that agree with every finding, and per criterion Cohen's
 * kappa between the engine's finding (the approval's) and the reviewer's: the status they gave
 * where they marked the criterion otherwise, else the engine's (they agreed with it).
 */
function qualityReviewMetrics(
  sampled: number,
  reviews: { determination_id: string; agrees: boolean; disagreements: { criterionId: string; status: FindingStatus }[] }[],
  findings: { determination_id: string; criterion_id: string; status: FindingStatus }[],
): QualityReviewMetrics {
  const otherwise = new Map(reviews.map((r) => [r.determination_id, new Map((r.disagreements ?? []).map((x) => [x.criterionId, x.status]))]));
  const pairs = new Map<string, [string, string][]>();
  for (const f of findings) {
    const reviewer = otherwise.get(f.determination_id)?.get(f.criterion_id) ?? f.status;
    pairs.set(f.criterion_id, [...(pairs.get(f.criterion_id) ?? []), [f.status, reviewer]]);
  }
  const agreed = reviews.filter((r) => r.agrees).length;
  return {
    sampled,
    reviewed: reviews.length,
    agreed,
    agreementRate: reviews.length ? agreed / reviews.length : null,
    criterionKappa: [...pairs.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([criterionId, p]) => ({ criterionId, ...cohensKappa(p) })),
  };
}

function parseReportPeriod(raw: Record<string, string>): ReportPeriod {
  const parsed = reportPeriodSchema.safeParse(raw);
  if (!parsed.success)
    throw new ValidationError(
      "That period is not valid.",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  return parsed.data;
}

/** The auditor's report for a period; viewing or downloading it is audited. */
export async function getMetrics(ctx: ServiceContext, raw: Record<string, string>, format: "page" | "csv" | "json" = "page"): Promise<Metrics> {
  await requirePermission(ctx, "reports.read", { type: "reports" });
  const period = parseReportPeriod(raw);
  const metrics = await computeMetrics(ctx.db, period);
  await recordAudit(ctx, { action: format === "page" ? "reports.view" : "reports.export", targetType: "reports", details: { period, format } });
  return metrics;
}

const pct = (v: number | null) => (v === null ? "" : (v * 100).toFixed(1));
const fixed = (v: number | null, d = 2) => (v === null ? "" : v.toFixed(d));

/** The same figures as rows: section, urgency, measure, value (for CSV). */
/** What the metrics page draws: the urgencies side by side, and criteria and reviewers across both. */
export function metricsView(m: Metrics) {
  const urgencies = [m.byUrgency[0]!, m.byUrgency[1]!] as const;
  const union = (of: (u: UrgencyMetrics) => string[]) => [...new Set(urgencies.flatMap(of))].sort();
  const criteria = union((u) => u.findingsByCriterion.map((f) => f.criterionId));
  const total = (criterionId: string, finding: "met" | "notMet" | "notDocumented") =>
    urgencies.reduce((n, u) => n + (u.findingsByCriterion.find((f) => f.criterionId === criterionId)?.[finding] ?? 0), 0);
  return {
    urgencies,
    findingsTotals: criteria.map((criterionId) => ({ criterionId, met: total(criterionId, "met"), notMet: total(criterionId, "notMet"), notDocumented: total(criterionId, "notDocumented") })),
    kappaCriteria: union((u) => u.criterionKappa.map((k) => k.criterionId)),
    reviewers: union((u) => u.decisionsByReviewer.map((r) => r.reviewer)),
    /** Decisions the policy engine made on submission, both urgencies (the CMS figures include them). */
    decidedInRealTime: urgencies.reduce((n, u) => n + u.decidedInRealTime, 0),
  };
}

export function metricsRows(m: Metrics): string[][] {
  const rows: string[][] = [["section", "urgency", "measure", "value"]];
  for (const u of m.byUrgency) {
    const add = (section: string, measure: string, value: string | number) => rows.push([section, u.urgency, measure, String(value)]);
    add("volume", "requests received", u.received);
    add("volume", "decided", u.decided);
    add("volume", "decided in real time (automated approvals)", u.decidedInRealTime);
    add("volume", "decided in real time (% of decided)", pct(u.realTimeShare));
    add("volume", "withdrawn", u.withdrawn);
    add("outcomes", "approved (% of decided)", pct(u.approvedShare));
    add("outcomes", "denied (% of decided)", pct(u.deniedShare));
    add("outcomes", "approved after appeal (% of decided)", pct(u.approvedAfterAppealShare));
    add("outcomes", "approved after a time-frame extension (%; the portal has no extensions)", pct(u.extendedShare));
    add("timeliness", "average hours from submission to decision", fixed(u.averageHoursToDecision));
    add("timeliness", "median hours from submission to decision", fixed(u.medianHoursToDecision));
    add("timeliness", "decisions after the due time", u.decidedAfterDue);
    add("pends", "information requests", u.pends);
    add("pends", "average hours to an answer", fixed(u.averagePendHours));
    for (const f of u.findingsByCriterion) {
      add("findings", `${f.criterionId} met`, f.met);
      add("findings", `${f.criterionId} not met`, f.notMet);
      add("findings", `${f.criterionId} not documented`, f.notDocumented);
    }
    for (const r of u.decisionsByReviewer) add("reviewers", `decisions by ${r.reviewer}`, r.decisions);
    add("agreement", "engine vs reviewer decision: cases", u.engineAgreement.n);
    add("agreement", "engine vs reviewer decision: agreement (%)", pct(u.engineAgreement.agreement));
    add("agreement", "engine vs reviewer decision: Cohen's kappa", fixed(u.engineAgreement.kappa, 3));
    for (const k of u.criterionKappa) add("agreement", `${k.criterionId}: Cohen's kappa (n=${k.n})`, fixed(k.kappa, 3));
  }
  // Across both urgencies.
  const all = (section: string, measure: string, value: string | number) => rows.push([section, "all", measure, String(value)]);
  for (const r of m.realTime) {
    all("real time", `${r.phase} ${r.indication}: decided`, r.decided);
    all("real time", `${r.phase} ${r.indication}: automated approvals`, r.automated);
    all("real time", `${r.phase} ${r.indication}: automated (% of decided)`, pct(r.share));
  }
  const q = m.qualityReview;
  all("quality review", "automated approvals drawn for quality review", q.sampled);
  all("quality review", "reviewed", q.reviewed);
  all("quality review", "reviews agreeing with every finding", q.agreed);
  all("quality review", "agreement (% of reviews)", pct(q.agreementRate));
  for (const k of q.criterionKappa) {
    all("quality review", `${k.criterionId}: engine vs quality review agreement (%, n=${k.n})`, pct(k.agreement));
    all("quality review", `${k.criterionId}: engine vs quality review Cohen's kappa (n=${k.n})`, fixed(k.kappa, 3));
  }
  return rows;
}
