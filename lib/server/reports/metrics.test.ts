// The report on the fixed set of test/auditor-fixtures.ts. Every expected figure is worked out by
// hand here from that table (due: standard 168 h after submission, expedited 72 h).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenUser } from "@/test/given";
import { C1, C2, givenAuditorSet } from "@/test/auditor-fixtures";
import { cohensKappa } from "@/lib/metrics/kappa";
import { ForbiddenError, ValidationError } from "../errors";
import { getMetrics, metricsRows, metricsView } from "./metrics";

let handle: DatabaseHandle;
let set: Awaited<ReturnType<typeof givenAuditorSet>>;
let auditor: Awaited<ReturnType<typeof givenUser>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  set = await givenAuditorSet(handle.db);
  auditor = await givenUser(handle.db, "auditor");
});
afterAll(async () => {
  await handle.close();
});

const MARCH = { from: "2026-03-01", to: "2026-03-31" };

describe("Cohen's kappa", () => {
  it("matches a textbook table", () => {
    // 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15. po = 35/50 = 0.7;
    // pe = (25/50)(30/50) + (25/50)(20/50) = 0.3 + 0.2 = 0.5; kappa = 0.2 / 0.5 = 0.4.
    const pairs = [...Array(20).fill(["y", "y"]), ...Array(5).fill(["y", "n"]), ...Array(10).fill(["n", "y"]), ...Array(15).fill(["n", "n"])];
    expect(cohensKappa(pairs).kappa).toBeCloseTo(0.4, 10);
    expect(cohensKappa([["a", "a"]]).kappa).toBeNull(); // one category: chance agreement is 1
  });
});

describe("metrics report", () => {
  it("standard requests: A, B, C, F, G, H", async () => {
    const m = await getMetrics(ctxFor(handle.db, auditor), MARCH);
    const s = m.byUrgency.find((u) => u.urgency === "standard")!;
    expect(s).toMatchObject({
      received: 6, // A B C F G H
      decided: 4, // A B C H (F in review, G withdrawn)
      decidedInRealTime: 0, // every decision by a person
      realTimeShare: 0,
      withdrawn: 1,
      approvedShare: 0.5, // A H of 4
      deniedShare: 0.5, // B C of 4
      approvedAfterAppealShare: 0,
      extendedShare: 0,
      averageHoursToDecision: 75.5, // (24 + 48 + 200 + 30) / 4 = 302 / 4
      medianHoursToDecision: 39, // 24 30 | 48 200 → (30 + 48) / 2
      decidedAfterDue: 1, // C: 200 h > 168 h
      pends: 2, // F: 2 h → 8 h, H: 1 h → 5 h
      averagePendHours: 5, // (6 + 4) / 2
    });
    expect(s.findingsByCriterion).toEqual([
      { criterionId: C2, met: 2, notMet: 2, notDocumented: 0 }, // A met, B not met, C not met, H met
      { criterionId: C1, met: 4, notMet: 0, notDocumented: 0 },
    ].sort((a, b) => (a.criterionId < b.criterionId ? -1 : 1)));
    expect(s.decisionsByReviewer).toEqual([
      { reviewer: "Nora Nurse", decisions: 2 }, // A H
      { reviewer: "Paul Physician", decisions: 2 }, // B C
    ]);
    // Engine vs decision: A approve/approve, B deny/deny, C approve/deny, H approve/approve.
    // po = 3/4; pe = (3/4)(2/4) + (1/4)(2/4) = 0.5; kappa = (0.75 − 0.5) / 0.5 = 0.5.
    expect(s.engineAgreement).toEqual({ n: 4, agreement: 0.75, kappa: 0.5 });
    const k = Object.fromEntries(s.criterionKappa.map((c) => [c.criterionId, c]));
    // C1: all four met/met: one category, kappa undefined.
    expect(k[C1]).toEqual({ criterionId: C1, n: 4, agreement: 1, kappa: null });
    // C2 (engine, reviewer): A met/met, B not/not, C met/not, H met/met. po = 3/4;
    // pe = (3/4)(2/4) + (1/4)(2/4) = 0.5; kappa = 0.5.
    expect(k[C2]).toEqual({ criterionId: C2, n: 4, agreement: 0.75, kappa: 0.5 });
  });

  it("expedited requests: D, E", async () => {
    const m = await getMetrics(ctxFor(handle.db, auditor), MARCH);
    const e = m.byUrgency.find((u) => u.urgency === "expedited")!;
    expect(e).toMatchObject({
      received: 2,
      decided: 2,
      withdrawn: 0,
      approvedShare: 0.5, // D
      deniedShare: 0,
      approvedAfterAppealShare: 0.5, // E, denied then overturned
      // To the first decision: E was denied at 30 h; its appeal decided at 80 h does not count.
      averageHoursToDecision: 20, // (10 + 30) / 2
      medianHoursToDecision: 20,
      decidedAfterDue: 0, // E's denial at 30 h is within 72 h
      pends: 0,
      averagePendHours: null,
    });
    // Initial decisions only: D met/met, E not documented/not met.
    expect(e.findingsByCriterion).toEqual(
      [
        { criterionId: C1, met: 1, notMet: 0, notDocumented: 1 },
        { criterionId: C2, met: 1, notMet: 1, notDocumented: 0 },
      ].sort((a, b) => (a.criterionId < b.criterionId ? -1 : 1)),
    );
    expect(e.decisionsByReviewer).toEqual([
      { reviewer: "Nora Nurse", decisions: 1 }, // D
      { reviewer: "Paul Physician", decisions: 1 }, // E, initial
      { reviewer: "Petra Physician", decisions: 1 }, // E, appeal
    ]);
    // D engine deny (insufficient documentation) / approved; E deny / denied. po = 1/2;
    // pe = (0/2)(1/2) + (2/2)(1/2) = 0.5; kappa = 0.
    expect(e.engineAgreement).toEqual({ n: 2, agreement: 0.5, kappa: 0 });
    const k = Object.fromEntries(e.criterionKappa.map((c) => [c.criterionId, c]));
    // C1: D not documented/met, E not documented/not documented. po = 1/2; pe = 1 × 1/2; kappa 0.
    expect(k[C1]).toEqual({ criterionId: C1, n: 2, agreement: 0.5, kappa: 0 });
    // C2: D met/met, E not met/not met. po = 1; pe = 1/4 + 1/4 = 0.5; kappa 1.
    expect(k[C2]).toEqual({ criterionId: C2, n: 2, agreement: 1, kappa: 1 });
  });

  it("has no real-time decisions or quality reviews: people decided every case", async () => {
    const m = await getMetrics(ctxFor(handle.db, auditor), MARCH);
    expect(m.byUrgency.map((u) => u.decidedInRealTime)).toEqual([0, 0]);
    expect(metricsView(m).decidedInRealTime).toBe(0);
    expect(m.realTime.reduce((n, r) => n + r.automated, 0)).toBe(0);
    expect(m.realTime.reduce((n, r) => n + r.decided, 0)).toBe(6); // A B C H D E
    expect(m.qualityReview).toEqual({ sampled: 0, reviewed: 0, agreed: 0, agreementRate: null, criterionKappa: [] });
  });

  it("the page's view: criteria and reviewers of both urgencies, findings summed across them", async () => {
    const m = await getMetrics(ctxFor(handle.db, auditor), MARCH);
    const view = metricsView(m);
    const [standard, expedited] = m.byUrgency;
    expect(view.urgencies).toEqual([standard, expedited]);
    const criteria = [...new Set([...standard!.findingsByCriterion, ...expedited!.findingsByCriterion].map((f) => f.criterionId))].sort();
    expect(view.findingsTotals.map((t) => t.criterionId)).toEqual(criteria);
    for (const t of view.findingsTotals) {
      const rows = [...standard!.findingsByCriterion, ...expedited!.findingsByCriterion].filter((f) => f.criterionId === t.criterionId);
      expect(t).toEqual({ criterionId: t.criterionId, met: rows.reduce((n, f) => n + f.met, 0), notMet: rows.reduce((n, f) => n + f.notMet, 0), notDocumented: rows.reduce((n, f) => n + f.notDocumented, 0) });
    }
    expect(view.findingsTotals.some((t) => t.notMet > 0)).toBe(true);
    expect(view.reviewers).toEqual([...new Set([...standard!.decisionsByReviewer, ...expedited!.decisionsByReviewer].map((r) => r.reviewer))].sort());
    expect(view.reviewers.length).toBeGreaterThan(1);
  });

  it("counts only requests submitted in the period", async () => {
    const m = await getMetrics(ctxFor(handle.db, auditor), { from: "2026-04-01", to: "2026-04-30" });
    expect(m.byUrgency.map((u) => [u.received, u.approvedShare, u.averageHoursToDecision])).toEqual([
      [0, null, null],
      [0, null, null],
    ]);
  });

  it("gives the same figures as CSV rows, and audits the report with its period", async () => {
    const m = await getMetrics(ctxFor(handle.db, auditor), MARCH, "csv");
    const rows = metricsRows(m);
    expect(rows).toContainEqual(["timeliness", "standard", "average hours from submission to decision", "75.50"]);
    expect(rows).toContainEqual(["agreement", "expedited", "engine vs reviewer decision: Cohen's kappa", "0.000"]);
    const [last] = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "reports.export")).orderBy(desc(auditEvents.seq)).limit(1);
    expect(last).toMatchObject({ actorId: auditor.id, details: expect.objectContaining({ period: MARCH, format: "csv" }) });
  });

  it("refuses a bad period and other roles", async () => {
    await expect(getMetrics(ctxFor(handle.db, auditor), { from: "2026-03-31", to: "2026-03-01" })).rejects.toBeInstanceOf(ValidationError);
    await expect(getMetrics(ctxFor(handle.db, auditor), { from: "March" } as never)).rejects.toBeInstanceOf(ValidationError);
    for (const user of [set.providers.p1, set.reviewers.N1, set.reviewers.P1]) await expect(getMetrics(ctxFor(handle.db, user), MARCH)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
