// A fixed set of eight submitted cases for the auditor's history and metrics tests. Every
// figure the tests expect is worked out by hand from this table (see the tests), so the rows are
// written at fixed past times (insertCaseRowForTest; no service backdates) with two findings
// each. The determinations are still signed by signDetermination, the code the decision services
// use, so their signatures verify (test/given.test.ts).
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { caseInformationRequests, cases, type CaseStatus } from "@/db/schema";
import { findCriterion } from "@/lib/policy";
import { signDetermination } from "@/lib/server/review/sign-determination";
import { givenProviderOrg, givenUser, insertCaseRowForTest } from "./given";

const T0 = new Date("2026-03-02T14:00:00Z"); // 09:00 in New York
const h = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
export const C1 = "cnmp.trial.etiology";
export const C2 = "cnmp.trial.conservative-therapy";

type F = [
  criterion: string,
  reviewer: "met" | "not_met" | "not_documented",
  engine: "met" | "not_met" | "missing_documentation",
];
interface Spec {
  key: string;
  org: 1 | 2;
  urgency: "standard" | "expedited";
  engine: string;
  status: CaseStatus;
  decidedAfter: number | null;
  /** `at`: hours after submission (default: the case's decidedAfter). */
  decisions: {
    reviewer: "N1" | "P1" | "P2";
    decision: "approved" | "denied" | "appeal_overturned";
    findings: F[];
    at?: number;
  }[];
  pends?: [requestedAfter: number, answeredAfter: number | null][];
}

// Due: standard 168 h (7 days) after submission, expedited 72 h.
const AUDITOR_SET: Spec[] = [
  {
    key: "A",
    org: 1,
    urgency: "standard",
    engine: "meets_criteria",
    status: "approved",
    decidedAfter: 24,
    decisions: [
      {
        reviewer: "N1",
        decision: "approved",
        findings: [
          [C1, "met", "met"],
          [C2, "met", "met"],
        ],
      },
    ],
  },
  {
    key: "B",
    org: 1,
    urgency: "standard",
    engine: "does_not_meet_criteria",
    status: "denied",
    decidedAfter: 48,
    decisions: [
      {
        reviewer: "P1",
        decision: "denied",
        findings: [
          [C1, "met", "met"],
          [C2, "not_met", "not_met"],
        ],
      },
    ],
  },
  {
    key: "C",
    org: 1,
    urgency: "standard",
    engine: "meets_criteria",
    status: "denied",
    decidedAfter: 200,
    decisions: [
      {
        reviewer: "P1",
        decision: "denied",
        findings: [
          [C1, "met", "met"],
          [C2, "not_met", "met"],
        ],
      },
    ],
  },
  {
    key: "D",
    org: 1,
    urgency: "expedited",
    engine: "insufficient_documentation",
    status: "approved",
    decidedAfter: 10,
    decisions: [
      {
        reviewer: "N1",
        decision: "approved",
        findings: [
          [C1, "met", "missing_documentation"],
          [C2, "met", "met"],
        ],
      },
    ],
  },
  {
    key: "E",
    org: 2,
    urgency: "expedited",
    engine: "does_not_meet_criteria",
    status: "appeal_overturned",
    decidedAfter: 80,
    decisions: [
      {
        reviewer: "P1",
        decision: "denied",
        at: 30,
        findings: [
          [C1, "not_documented", "missing_documentation"],
          [C2, "not_met", "not_met"],
        ],
      },
      {
        reviewer: "P2",
        decision: "appeal_overturned",
        findings: [
          [C1, "met", "missing_documentation"],
          [C2, "met", "not_met"],
        ],
      },
    ],
  },
  {
    key: "F",
    org: 2,
    urgency: "standard",
    engine: "requires_clinical_review",
    status: "in_review",
    decidedAfter: null,
    decisions: [],
    pends: [[2, 8]],
  },
  {
    key: "G",
    org: 2,
    urgency: "standard",
    engine: "meets_criteria",
    status: "withdrawn",
    decidedAfter: null,
    decisions: [],
  },
  {
    key: "H",
    org: 2,
    urgency: "standard",
    engine: "meets_criteria",
    status: "approved",
    decidedAfter: 30,
    decisions: [
      {
        reviewer: "N1",
        decision: "approved",
        findings: [
          [C1, "met", "met"],
          [C2, "met", "met"],
        ],
      },
    ],
    pends: [[1, 5]],
  },
];

export async function givenAuditorSet(db: Db) {
  const org1 = await givenProviderOrg(db, { name: "Alpha Pain Clinic" });
  const org2 = await givenProviderOrg(db, { name: "Beta Neurosurgery" });
  const p1 = await givenUser(db, "provider", { organizationId: org1.id });
  const p2 = await givenUser(db, "provider", { organizationId: org2.id });
  const reviewers = {
    N1: await givenUser(db, "nurse_reviewer", { name: "Nora Nurse" }),
    P1: await givenUser(db, "physician_reviewer", { name: "Paul Physician" }),
    P2: await givenUser(db, "physician_reviewer", { name: "Petra Physician" }),
  };
  const ids: Record<string, string> = {};
  for (const s of AUDITOR_SET) {
    const made = await insertCaseRowForTest(db, {
      organizationId: s.org === 1 ? org1.id : org2.id,
      createdBy: s.org === 1 ? p1.id : p2.id,
      submittedAt: T0,
    });
    ids[s.key] = made.case.id;
    for (const d of s.decisions) {
      const r = reviewers[d.reviewer];
      await signDetermination(
        db,
        {
          caseId: made.case.id,
          kind: d.decision === "appeal_overturned" ? "appeal" : "initial",
          decision: d.decision,
          reviewerId: r.id,
          reviewerRole: r.role,
          policyVersion: "339.7",
          evaluationSnapshotId: made.snapshot.id,
          rationale: `Decided for case ${s.key}.`,
          interqual: null,
          outsidePolicy: false,
          supersedesId: null,
          findings: d.findings.map(([criterionId, status, engineStatus]) => ({
            criterionId,
            status,
            engineStatus,
            citationAnchor: findCriterion(criterionId)!.anchor,
            citationQuote: findCriterion(criterionId)!.quote,
            evidence: [],
            note: null,
          })),
        },
        { at: h(d.at ?? s.decidedAfter ?? 0) },
      );
    }
    for (const [req, ans] of s.pends ?? [])
      await db.insert(caseInformationRequests).values({
        caseId: made.case.id,
        requestedBy: reviewers.N1.id,
        message: "Please send the records.",
        items: ["records"],
        requestedAt: h(req),
        respondedAt: ans === null ? null : h(ans),
        respondedBy: ans === null ? null : s.org === 1 ? p1.id : p2.id,
      });
    await db
      .update(cases)
      .set({
        urgency: s.urgency,
        engineOutcome: s.engine,
        status: s.status,
        dueAt: h(s.urgency === "standard" ? 168 : 72),
        decidedAt: s.decidedAfter === null ? null : h(s.decidedAfter),
      })
      .where(eq(cases.id, made.case.id));
  }
  return { org1, org2, providers: { p1, p2 }, reviewers, ids };
}
