import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { Db } from "../client";
import type { DemoIds } from "../seed";
import { appendAudit } from "../audit-chain";
import {
  appeals,
  attachmentBlobs,
  attachments,
  caseEscalations,
  cases,
  type CaseStatus,
  type Decision,
  type Role,
} from "../schema";
import type { EvaluationResult, PolicyRequest } from "@/lib/policy";
import { computeDueAt } from "@/lib/due-time";
import { engineDefaultStatus } from "@/lib/validation/review";
import { signDetermination } from "@/lib/server/review/sign-determination";
import type { ResolvedFinding } from "@/lib/server/review/resolve-findings";
import { insertDemoCase, withoutPsychEvaluation } from "./insert-demo-case";

/**
 * Reviewer-side demo cases, in every reviewer state, for both organizations: unclaimed standard
 * and expedited cases (some overdue), cases claimed by the nurse and by a physician, an escalated
 * case and cases the policy does not address (physician-only view), an approval, denials with
 * findings and letters, and an appeal of a denial by physician@plan.demo that physician2 can
 * decide.
 *
 * The decision services are `server-only` and cannot load in the seed command, so rows are
 * written here with what the services write: the engine's snapshot, findings resolved from the
 * criteria catalogue, determinations signed by the same signDetermination, and audit events.
 * All data is synthetic. References PA-2026-2001xx (Northside) and 2002xx (Lakeview); the
 * end-to-end journeys use some of them by reference.
 */
export const REVIEWER_DEMO = {
  nurseApprove: "PA-2026-200101",
  physicianDeny: "PA-2026-200102",
  conflict: "PA-2026-200103",
  nurseDenyAttempt: "PA-2026-200104",
  escalated: "PA-2026-200106",
  appeal: "PA-2026-200108",
} as const;

export async function seedReviewerDemoCases(db: Db, ids: DemoIds): Promise<void> {
  const nurse = ids.users["nurse@plan.demo"]!;
  const physician = ids.users["physician@plan.demo"]!;
  const plan = ids.orgs.plan!;
  const now = Date.now();
  const hoursAgo = (h: number) => new Date(now - h * 3600_000);
  const actorOf = (userId: string, role: Role) => ({ userId, role, organizationId: plan });
  const pdf = await syntheticRecordsPdf();

  for (const slug of ["northside", "lakeview"] as const) {
    const orgId = ids.orgs[slug]!;
    const provider = ids.users[`provider@${slug}.demo`]!;
    const providerActor = { userId: provider, role: "provider", organizationId: orgId };
    const base = slug === "northside" ? 200100 : 200200;
    let n = 0;
    const names = slug === "northside" ? NORTHSIDE_NAMES : LAKEVIEW_NAMES;

    async function seedCase(args: {
      request: PolicyRequest;
      submittedHoursAgo: number;
      status?: CaseStatus;
      assignee?: { id: string; role: Role };
      physicianOnly?: boolean;
      escalated?: boolean;
      withFile?: boolean;
    }) {
      const submittedAt = hoursAgo(args.submittedHoursAgo);
      const i = n++;
      const {
        row: caseRow,
        result,
        snapshotId,
      } = await insertDemoCase(db, {
        reference: `PA-2026-${String(base + n).padStart(6, "0")}`,
        organizationId: orgId,
        createdBy: provider,
        status: args.status ?? "submitted",
        member: [`${slug === "northside" ? "N" : "L"}-2${String(i).padStart(4, "0")}`, names[i % names.length]!],
        request: args.request,
        submittedAt,
        physicianOnly: args.physicianOnly,
        escalatedAt: args.escalated ? hoursAgo(args.submittedHoursAgo - 3) : null,
        assigneeId: args.assignee?.id ?? null,
        claimedAt: args.assignee ? hoursAgo(args.submittedHoursAgo - 1) : null,
      });
      await appendAudit(db, providerActor, {
        action: "case.submit",
        targetType: "case",
        targetId: caseRow.id,
        caseId: caseRow.id,
        details: { via: "seed", to: "submitted", outcome: result.outcome },
      });
      let fileId: string | null = null;
      if (args.withFile) {
        const key = `cases/${caseRow.id}/demo-records`;
        await db.insert(attachmentBlobs).values({ key, data: pdf });
        const [file] = await db
          .insert(attachments)
          .values({
            caseId: caseRow.id,
            uploadedBy: provider,
            fileName: "clinical-records.pdf",
            contentType: "application/pdf",
            size: pdf.length,
            sha256: createHash("sha256").update(pdf).digest("hex"),
            storageKey: key,
            createdAt: submittedAt,
          })
          .returning({ id: attachments.id });
        fileId = file!.id;
        await appendAudit(db, providerActor, {
          action: "attachment.upload",
          targetType: "attachment",
          targetId: fileId,
          caseId: caseRow.id,
          details: { via: "seed", contentType: "application/pdf", size: pdf.length },
        });
      }
      if (args.assignee)
        await appendAudit(db, actorOf(args.assignee.id, args.assignee.role), {
          action: "case.claim",
          targetType: "case",
          targetId: caseRow.id,
          caseId: caseRow.id,
          details: { via: "seed", from: "submitted", to: "in_review" },
        });
      return { row: caseRow, result, snapshotId, fileId };
    }

    async function decide(
      made: Awaited<ReturnType<typeof seedCase>>,
      d: {
        decision: Decision;
        by: string;
        role: Role;
        rationale: string;
        overrides?: Record<string, { status: ResolvedFinding["status"]; note?: string }>;
        hoursAgo: number;
        interqual?: { subset: string; result: string };
      },
    ) {
      const findings = findingsFrom(made.result, d.overrides ?? {}, made.fileId);
      const determination = await signDetermination(db, {
        caseId: made.row.id,
        kind: "initial",
        decision: d.decision,
        reviewerId: d.by,
        reviewerRole: d.role,
        policyVersion: made.result.policy.version,
        evaluationSnapshotId: made.snapshotId,
        rationale: d.rationale,
        interqual: d.interqual ?? null,
        outsidePolicy: false,
        supersedesId: null,
        findings,
      });
      await db
        .update(cases)
        .set({
          status: d.decision,
          decidedAt: determination.decidedAt,
          version: made.row.version + 1,
          assigneeId: d.by,
        })
        .where(eqId(made.row.id));
      await appendAudit(db, actorOf(d.by, d.role), {
        action: "case.claim",
        targetType: "case",
        targetId: made.row.id,
        caseId: made.row.id,
        details: { via: "seed", from: "submitted", to: "in_review" },
      });
      await appendAudit(db, actorOf(d.by, d.role), {
        action: d.decision === "approved" ? "case.approve" : "case.deny",
        targetType: "determination",
        targetId: determination.id,
        caseId: made.row.id,
        details: { via: "seed", from: "in_review", to: d.decision, findings: findings.length },
      });
      return determination;
    }

    if (slug === "northside") {
      // 200101: for the nurse's journey: unclaimed, fully documented, with records to cite.
      await seedCase({ request: cnmpTrial(), submittedHoursAgo: 30, withFile: true });
      // 200102: for the physician's journey: no psychological evaluation (insufficient documentation).
      await seedCase({ request: withoutPsychEvaluation(cnmpTrial()), submittedHoursAgo: 40, withFile: true });
      // 200103: two reviewers reach for the same case.
      await seedCase({ request: cnmpTrial({ urgency: "expedited" }), submittedHoursAgo: 12 });
      // 200104: claimed by the nurse (her deny attempt is refused).
      await seedCase({
        request: withoutPsychEvaluation(cnmpTrial()),
        submittedHoursAgo: 50,
        status: "in_review",
        assignee: { id: nurse, role: "nurse_reviewer" },
        withFile: true,
      });
      // 200105: standard, overdue (submitted nine days ago), unclaimed.
      await seedCase({ request: cnmpTrial(), submittedHoursAgo: 9 * 24 });
      // 200106: escalated by the nurse: physician-only, with her reason.
      const escalated = await seedCase({
        request: cancerTrial(),
        submittedHoursAgo: 60,
        physicianOnly: true,
        escalated: true,
      });
      await db.insert(caseEscalations).values({
        caseId: escalated.row.id,
        escalatedBy: nurse,
        reason: "Life expectancy is not stated and the InterQual subset needs a physician's judgement.",
        escalatedAt: escalated.row.escalatedAt ?? hoursAgo(57),
      });
      await appendAudit(db, actorOf(nurse, "nurse_reviewer"), {
        action: "case.escalate",
        targetType: "case",
        targetId: escalated.row.id,
        caseId: escalated.row.id,
        details: { via: "seed", from: "in_review", to: "submitted" },
      });
      // 200107: approved by the nurse.
      const approved = await seedCase({ request: cnmpTrial(), submittedHoursAgo: 120, withFile: true });
      await decide(approved, {
        decision: "approved",
        by: nurse,
        role: "nurse_reviewer",
        rationale: "Every criterion is documented and met in the records sent.",
        hoursAgo: 100,
      });
      // 200108: denied by physician@plan.demo, then appealed by the provider: physician2 decides it.
      const appealed = await seedCase({
        request: withoutPsychEvaluation(cnmpTrial()),
        submittedHoursAgo: 200,
        withFile: true,
      });
      const denial = await decide(appealed, {
        decision: "denied",
        by: physician,
        role: "physician_reviewer",
        rationale:
          "No psychological evaluation was provided, so the absence of untreated psychological issues is not documented.",
        overrides: { "cnmp.trial.psychological": { status: "not_documented", note: "No evaluation in the records." } },
        hoursAgo: 150,
      });
      const filedAt = hoursAgo(20);
      const dueAt = computeDueAt(filedAt, "standard");
      const [appeal] = await db
        .insert(appeals)
        .values({
          caseId: appealed.row.id,
          deniedDeterminationId: denial.id,
          filedBy: provider,
          reason: "The psychological evaluation of 2026-01-20 is now attached.",
          filedAt,
          dueAt,
        })
        .returning({ id: appeals.id });
      await db
        .update(cases)
        .set({
          status: "appeal_submitted",
          dueAt,
          assigneeId: null,
          claimedAt: null,
          version: appealed.row.version + 2,
        })
        .where(eqId(appealed.row.id));
      await appendAudit(db, providerActor, {
        action: "case.appeal",
        targetType: "appeal",
        targetId: appeal!.id,
        caseId: appealed.row.id,
        details: { via: "seed", from: "denied", to: "appeal_submitted" },
      });
      // 200109: Medicare Advantage: not addressed by the policy (physician-only).
      const ma = cnmpTrial();
      ma.member.lineOfBusiness = "medicare_advantage";
      await seedCase({ request: ma, submittedHoursAgo: 26 });
      // 200110: expedited, overdue (80 hours), unclaimed.
      await seedCase({ request: cancerTrial({ urgency: "expedited" }), submittedHoursAgo: 80 });
    } else {
      // 200201: implant request, fresh.
      await seedCase({ request: cnmpImplant(), submittedHoursAgo: 3 });
      // 200202: claimed by physician@plan.demo, overdue.
      await seedCase({
        request: cnmpTrial(),
        submittedHoursAgo: 8 * 24,
        status: "in_review",
        assignee: { id: physician, role: "physician_reviewer" },
      });
      // 200203: denied: pain fell too little after the trial.
      const implant = cnmpImplant();
      implant.clinical!.trial = {
        completed: true,
        date: "2026-02-01",
        route: "intrathecal",
        painScale: "nrs_0_10",
        baselinePainScore: 8,
        postTrialPainScore: 6,
      };
      const denied = await seedCase({ request: implant, submittedHoursAgo: 90 });
      await decide(denied, {
        decision: "denied",
        by: physician,
        role: "physician_reviewer",
        rationale:
          "Pain fell from 8 to 6 during the trial (25%), short of the 50% reduction the policy requires before implantation.",
        hoursAgo: 70,
      });
      // 200204: another indication: not addressed by the policy.
      const other = cnmpTrial();
      other.request.indication = "other";
      await seedCase({ request: other, submittedHoursAgo: 15 });
      // 200205: spasticity, standard, unclaimed.
      await seedCase({ request: spasticityTrial(), submittedHoursAgo: 36 });
    }
  }
}

const eqId = (id: string) => eq(cases.id, id);

/** One finding per criterion from the engine's statuses (clinical review counted as met), with overrides. */
function findingsFrom(
  result: EvaluationResult,
  overrides: Record<string, { status: ResolvedFinding["status"]; note?: string }>,
  fileId: string | null,
): ResolvedFinding[] {
  return result.criteria.map((c) => ({
    criterionId: c.id,
    status: overrides[c.id]?.status ?? engineDefaultStatus(c.status) ?? "met",
    engineStatus: c.status,
    citationAnchor: c.citation.anchor,
    citationQuote: c.citation.quote,
    evidence: fileId && c.id.startsWith("cnmp.trial.conservative") ? [{ attachmentId: fileId, page: 2 }] : [],
    note: overrides[c.id]?.note ?? null,
  }));
}

const NORTHSIDE_NAMES = [
  "Harper Sample",
  "Rowan Example",
  "Emery Fictional",
  "Sage Placeholder",
  "Logan Demo",
  "Reese Mock",
  "Parker Synthetic",
  "Blair Testcase",
  "Finley Dummy",
  "Hayden Model",
];
const LAKEVIEW_NAMES = ["Marlow Sample", "Tatum Example", "Ellis Fictional", "Kendall Placeholder", "Lennon Demo"];

function cnmpTrial(request: Partial<PolicyRequest["request"]> = {}): PolicyRequest {
  return {
    member: { dateOfBirth: "1966-08-21", lineOfBusiness: "commercial" },
    request: {
      requestDate: "2026-03-02",
      serviceDate: "2026-03-20",
      urgency: "standard",
      phase: "trial",
      indication: "chronic_nonmalignant_pain",
      cptCodes: ["62324"],
      ...request,
    },
    clinical: {
      painEtiology: { known: true, description: "Lumbar radiculopathy after two decompressions" },
      furtherTreatmentOfUnderlyingCondition: "not_indicated",
      conservativeTherapies: [
        {
          modality: "pharmacological",
          startDate: "2025-01-06",
          endDate: "2025-09-15",
          outcome: "intolerable_side_effects",
          reason: "Nausea and sedation on opioids",
        },
        {
          modality: "physical_therapy",
          startDate: "2025-02-10",
          endDate: "2025-06-30",
          outcome: "inadequate_analgesia",
          reason: "20 sessions without relief",
        },
      ],
      additionalTreatmentsConsidered: true,
      psychiatricHistory: { summary: "No psychiatric history", includesSubstanceUse: false },
      psychologicalEvaluation: { date: "2026-01-20", untreatedIssuesLikelyToInterfere: false },
    },
  };
}

function cnmpImplant(): PolicyRequest {
  const r = cnmpTrial({
    phase: "implant",
    cptCodes: ["62350", "62362"],
    requestDate: "2026-04-06",
    serviceDate: "2026-04-20",
  });
  r.clinical!.trial = {
    completed: true,
    date: "2026-02-01",
    route: "intrathecal",
    painScale: "nrs_0_10",
    baselinePainScore: 8,
    postTrialPainScore: 3,
  };
  return r;
}

function cancerTrial(request: Partial<PolicyRequest["request"]> = {}): PolicyRequest {
  return {
    member: { dateOfBirth: "1955-02-11", lineOfBusiness: "commercial" },
    request: {
      requestDate: "2026-03-05",
      urgency: "standard",
      phase: "trial",
      indication: "cancer_pain",
      cptCodes: ["62324"],
      ...request,
    },
    clinical: {
      metastaticLesions: { present: true, locations: ["T11 vertebral body"] },
      increasedIntracranialPressure: false,
      lifeExpectancyMonths: 9,
      conservativeTherapies: [
        {
          modality: "pharmacological",
          startDate: "2025-10-01",
          outcome: "inadequate_analgesia",
          reason: "Pain 8/10 despite escalating opioids",
        },
      ],
    },
  };
}

function spasticityTrial(): PolicyRequest {
  return {
    member: { dateOfBirth: "1982-05-03", lineOfBusiness: "medicaid" },
    request: {
      requestDate: "2026-02-24",
      urgency: "standard",
      phase: "trial",
      indication: "spasticity",
      cptCodes: ["62322"],
    },
    clinical: {
      spasticityAssessment: {
        symptoms: "Extensor spasms",
        location: "Both legs",
        severity: "Severe",
        adlImpairment: ["walking", "getting dressed"],
      },
      spasticityScale: { scale: "modified_ashworth", baselineScore: 3 },
      conservativeTherapies: [
        {
          modality: "pharmacological",
          startDate: "2025-03-01",
          endDate: "2025-12-01",
          outcome: "intolerable_side_effects",
          reason: "Oral baclofen: drowsiness",
        },
      ],
      psychiatricHistory: { summary: "None", includesSubstanceUse: false },
      increasedIntracranialPressure: false,
    },
  };
}

/** A three-page synthetic record (no real person), so reviewers can cite pages. */
async function syntheticRecordsPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = [
    [
      "Synthetic clinical record (demo data)",
      "Page 1: history and examination",
      "Chronic low back and leg pain after two lumbar decompressions.",
      "Etiology: lumbar radiculopathy, documented by MRI (synthetic).",
    ],
    [
      "Page 2: conservative therapy log",
      "2025-01-06 to 2025-09-15: oral opioids, stopped for nausea and sedation.",
      "2025-02-10 to 2025-06-30: physical therapy, 20 sessions, no relief.",
    ],
    [
      "Page 3: plan",
      "Further surgery is not indicated (surgical consult 2025-11-02).",
      "Plan: intrathecal drug infusion trial.",
    ],
  ];
  for (const lines of pages) {
    const page = doc.addPage([612, 792]);
    lines.forEach((line, i) => page.drawText(line, { x: 60, y: 720 - i * 24, size: i === 0 ? 16 : 12, font }));
  }
  return doc.save({ useObjectStreams: false });
}
