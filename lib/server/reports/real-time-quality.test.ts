// The report's real-time and quality-review figures on a set made through the real services, on
// a database of its own: four automated approvals (two drawn for quality review, one reviewer
// agreeing and one not) and one approval by a person. Every expected figure is worked out by hand.
import { describe, expect, it } from "vitest";
import { documentedRequest } from "@/lib/policy/fixtures";
import { todayInPlanZone } from "@/lib/domain";
import { testDatabaseForFile } from "@/test/db";
import { ctxFor, givenApprovedCase, givenAutomatedApproval, givenPeople } from "@/test/given";
import { recordQualityReview } from "../automation/quality-review";
import { setAutomationSettings } from "../automation/settings";
import { getMetrics, metricsRows, metricsView } from "./metrics";

const t = testDatabaseForFile();
const DAY = 86_400_000;
// Around today on the plan's clock (the cases are submitted now).
const PERIOD = { from: todayInPlanZone(new Date(Date.now() - DAY)), to: todayInPlanZone(new Date(Date.now() + DAY)) };
const ETIOLOGY = "cnmp.doc.etiology";

async function givenSet() {
  const people = await givenPeople(t.db, {
    provider: "provider",
    admin: "admin",
    nurse: "nurse_reviewer",
    physician: "physician_reviewer",
    auditor: "auditor",
  });
  const [provider, admin, nurse, physician, auditor] = [people.provider, people.admin, people.nurse, people.physician, people.auditor].map((u) => ctxFor(t.db, u));
  const sampling = (percent: number) => setAutomationSettings(admin!, { enabled: ["trial:chronic_nonmalignant_pain"], qaSamplePercent: String(percent) });
  // A1, A2 drawn (100 %); A3, A4 not (0 %: today already has one drawn). A4 is expedited.
  await sampling(100);
  const a1 = await givenAutomatedApproval(provider!);
  const a2 = await givenAutomatedApproval(provider!);
  await sampling(0);
  const a3 = await givenAutomatedApproval(provider!);
  const a4 = await givenAutomatedApproval(provider!, { urgency: "expedited" });
  expect([a1, a2, a3, a4].map((a) => [a.status, a.qaSampled])).toEqual([
    ["approved", true],
    ["approved", true],
    ["approved", false],
    ["approved", false],
  ]);
  // An implant (not enabled): a nurse approves it.
  const byPerson = await givenApprovedCase(nurse!, { provider: provider!, request: documentedRequest("chronic_nonmalignant_pain", "implant") });
  expect(byPerson.case.status).toBe("approved");
  // A1: the nurse agrees; A2: the physician finds the etiology not documented.
  await recordQualityReview(nurse!, { determinationId: a1.determinationId, agrees: "yes" });
  await recordQualityReview(physician!, {
    determinationId: a2.determinationId,
    agrees: "no",
    disagreements: [{ criterionId: ETIOLOGY, status: "not_documented", reason: "The etiology note is a referral letter." }],
  });
  return { auditor: auditor!, a1, byPerson };
}

describe("real-time decisions and quality review in the report", () => {
  it("counts automated approvals in the CMS figures, apart per urgency and per phase and indication, and measures the engine against its quality reviewers", async () => {
    const { auditor, a1, byPerson } = await givenSet();
    const m = await getMetrics(auditor, PERIOD);
    const [standard, expedited] = m.byUrgency;
    // Standard: A1 A2 A3 (automated) and the implant (a person): 3 of 4 in real time.
    expect(standard).toMatchObject({ received: 4, decided: 4, decidedInRealTime: 3, realTimeShare: 0.75, approvedShare: 1 });
    // Expedited: A4 alone.
    expect(expedited).toMatchObject({ received: 1, decided: 1, decidedInRealTime: 1, realTimeShare: 1, approvedShare: 1 });
    expect(metricsView(m).decidedInRealTime).toBe(4);
    // The policy engine signs its approvals: it is among the deciders.
    expect(standard!.decisionsByReviewer).toContainEqual({ reviewer: "Policy engine", decisions: 3 });

    // Per phase and indication, both urgencies: trials all automated, the implant by a person.
    expect(m.realTime).toEqual([
      { phase: "trial", indication: "chronic_nonmalignant_pain", decided: 4, automated: 4, share: 1 },
      { phase: "implant", indication: "chronic_nonmalignant_pain", decided: 1, automated: 0, share: 0 },
    ]);

    // Engine vs people's initial decisions: the implant only (automated approvals are not mixed in).
    expect(byPerson.result.outcome).toBe("meets_criteria");
    expect(standard!.engineAgreement).toEqual({ n: 1, agreement: 1, kappa: null });
    expect(expedited!.engineAgreement.n).toBe(0);
    expect(expedited!.findingsByCriterion).toEqual([]);
    expect(standard!.criterionKappa.every((k) => k.n === 1)).toBe(true);

    // Quality review: 2 drawn, 2 reviewed, 1 agrees → 0.5.
    const q = m.qualityReview;
    expect(q).toMatchObject({ sampled: 2, reviewed: 2, agreed: 1, agreementRate: 0.5 });
    const k = Object.fromEntries(q.criterionKappa.map((c) => [c.criterionId, c]));
    // Etiology (engine, reviewer): A1 met/met, A2 met/not documented. po = 1/2;
    // pe = (2/2)(1/2) [met] + (0/2)(1/2) [not documented] = 1/2; kappa = 0.
    expect(k[ETIOLOGY]).toEqual({ criterionId: ETIOLOGY, n: 2, agreement: 0.5, kappa: 0 });
    // Every other criterion: both reviews leave the engine's finding, one category: kappa undefined.
    const others = q.criterionKappa.filter((c) => c.criterionId !== ETIOLOGY);
    expect(others.length).toBeGreaterThan(3);
    for (const c of others) expect(c).toMatchObject({ n: 2, agreement: 1, kappa: null });
    // One pair per criterion of each reviewed approval.
    expect(q.criterionKappa.length).toBeGreaterThan(0);
    expect(a1.result.criteria.map((c) => c.id).sort()).toEqual(q.criterionKappa.map((c) => c.criterionId).sort());
  });

  it("gives the same figures as CSV rows", async () => {
    const { auditor } = await givenSet();
    const rows = metricsRows(await getMetrics(auditor, PERIOD, "csv"));
    // Two sets in this file's database now: everything doubles, the shares stay.
    expect(rows).toContainEqual(["volume", "standard", "decided in real time (automated approvals)", "6"]);
    expect(rows).toContainEqual(["volume", "standard", "decided in real time (% of decided)", "75.0"]);
    expect(rows).toContainEqual(["volume", "expedited", "decided in real time (% of decided)", "100.0"]);
    expect(rows).toContainEqual(["real time", "all", "trial chronic_nonmalignant_pain: automated (% of decided)", "100.0"]);
    expect(rows).toContainEqual(["real time", "all", "implant chronic_nonmalignant_pain: automated approvals", "0"]);
    expect(rows).toContainEqual(["quality review", "all", "automated approvals drawn for quality review", "4"]);
    expect(rows).toContainEqual(["quality review", "all", "agreement (% of reviews)", "50.0"]);
    expect(rows).toContainEqual(["quality review", "all", `${ETIOLOGY}: engine vs quality review Cohen's kappa (n=4)`, "0.000"]);
  });

  it("leaves a period without automated approvals at zero", async () => {
    const { auditor } = await givenSet();
    const m = await getMetrics(auditor, { from: "2020-01-01", to: "2020-01-31" });
    expect(m.byUrgency.map((u) => [u.decidedInRealTime, u.realTimeShare])).toEqual([
      [0, null],
      [0, null],
    ]);
    expect(m.realTime).toEqual([]);
    expect(m.qualityReview).toEqual({ sampled: 0, reviewed: 0, agreed: 0, agreementRate: null, criterionKappa: [] });
  });
});
