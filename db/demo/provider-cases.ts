import { createHash } from "node:crypto";
import type { Db } from "../client";
import type { DemoIds } from "../seed";
import { appendAudit } from "../audit-chain";
import { attachmentBlobs, attachments, caseInformationRequests, cases, type CaseStatus } from "../schema";
import type { PolicyRequest } from "@/lib/policy";
import { insertDemoCase, withoutPsychEvaluation } from "./insert-demo-case";

/**
 * Provider-side demo cases (the states before a decision) for both demo organizations: a draft,
 * submitted cases (complete, incomplete and expedited), one in review, one waiting for information
 * with the reviewer's question, one withdrawn. Decided, appealed, overdue and escalated cases are
 * seeded by ./reviewer-cases.ts.
 *
 * Rows are written here directly rather than through lib/server/cases (those modules are
 * `server-only` and cannot load in the seed command), but with the same content the services
 * write: the stored request, its evaluation snapshot by the real engine, the due time and the
 * audit events. All data is synthetic.
 */
export async function seedProviderDemoCases(db: Db, ids: DemoIds): Promise<void> {
  const nurse = ids.users["nurse@plan.demo"]!;
  const plan = ids.orgs.plan!;
  const orgs = [
    { slug: "northside", user: ids.users["provider@northside.demo"]!, base: 100100 },
    { slug: "lakeview", user: ids.users["provider@lakeview.demo"]!, base: 100200 },
  ];
  const now = Date.now();
  const hoursAgo = (h: number) => new Date(now - h * 3600_000);

  for (const org of orgs) {
    const orgId = ids.orgs[org.slug]!;
    const actor = { userId: org.user, role: "provider", organizationId: orgId };
    const nurseActor = { userId: nurse, role: "nurse_reviewer", organizationId: plan };
    let n = 0;
    const reference = () => `PA-2026-${String(org.base + ++n).padStart(6, "0")}`;
    const label = org.slug === "northside" ? "N" : "L";

    async function seedCase(args: {
      status: CaseStatus;
      request: PolicyRequest;
      member: [string, string];
      submittedHoursAgo: number;
      assign?: boolean;
    }) {
      const { row, result, snapshotId } = await insertDemoCase(db, {
        reference: reference(),
        organizationId: orgId,
        createdBy: org.user,
        status: args.status,
        member: args.member,
        request: args.request,
        submittedAt: hoursAgo(args.submittedHoursAgo),
        assigneeId: args.assign ? nurse : null,
        claimedAt: args.assign ? hoursAgo(args.submittedHoursAgo - 1) : null,
      });
      const caseId = row.id;
      await appendAudit(db, actor, {
        action: "case.submit",
        targetType: "case",
        targetId: caseId,
        caseId,
        details: { via: "seed", reference: row.reference, to: "submitted", outcome: result.outcome, snapshotId },
      });
      return caseId;
    }

    // A draft: only the member and part of the request so far.
    await db.insert(cases).values({
      reference: reference(),
      organizationId: orgId,
      createdBy: org.user,
      status: "draft",
      memberId: `${label}-40021`,
      memberName: org.slug === "northside" ? "Jordan Example" : "Riley Sample",
      request: {
        member: { lineOfBusiness: "commercial" },
        request: {
          requestDate: "2026-03-02",
          urgency: "standard",
          indication: "chronic_nonmalignant_pain",
          phase: "trial",
        },
      },
      urgency: "standard",
      indication: "chronic_nonmalignant_pain",
      phase: "trial",
      requestDate: "2026-03-02",
      createdAt: hoursAgo(2),
    });

    await seedCase({
      status: "submitted",
      request: completeCnmpTrial(),
      member: [`${label}-10001`, org.slug === "northside" ? "Alex Demo" : "Morgan Demo"],
      submittedHoursAgo: 20,
    });
    await seedCase({
      status: "submitted",
      request: cancerTrial(true),
      member: [`${label}-10002`, org.slug === "northside" ? "Casey Synthetic" : "Devon Synthetic"],
      submittedHoursAgo: 5,
    });
    await seedCase({
      status: "in_review",
      request: spasticityTrial(),
      member: [`${label}-10003`, org.slug === "northside" ? "Taylor Fictional" : "Quinn Fictional"],
      submittedHoursAgo: 30,
      assign: true,
    });

    // Waiting for information: the reviewer asked for the psychological evaluation.
    const pended = await seedCase({
      status: "pending_information",
      request: withoutPsychEvaluation(completeCnmpTrial()),
      member: [`${label}-10004`, org.slug === "northside" ? "Sam Placeholder" : "Jamie Placeholder"],
      submittedHoursAgo: 50,
      assign: true,
    });
    await db.insert(caseInformationRequests).values({
      caseId: pended,
      requestedBy: nurse,
      message:
        "The policy requires a psychological evaluation before a trial. Please send the evaluation report and its date.",
      items: ["Psychological evaluation report", "Date of the evaluation"],
      requestedAt: hoursAgo(26),
    });
    // (The claim and the pend live on in the case's assignee and information-request rows, with their times.)
    await appendAudit(db, nurseActor, {
      action: "case.pend",
      targetType: "case",
      targetId: pended,
      caseId: pended,
      details: { via: "seed", from: "in_review", to: "pending_information" },
    });

    const withdrawn = await seedCase({
      status: "withdrawn",
      request: completeCnmpTrial(),
      member: [`${label}-10005`, org.slug === "northside" ? "Robin Testcase" : "Avery Testcase"],
      submittedHoursAgo: 100,
    });
    await appendAudit(db, actor, {
      action: "case.withdraw",
      targetType: "case",
      targetId: withdrawn,
      caseId: withdrawn,
      details: { via: "seed", from: "submitted", to: "withdrawn", reason: "no_longer_needed" },
    });

    // A submitted case with a (tiny, synthetic) PDF record attached.
    const withFile = await seedCase({
      status: "submitted",
      request: completeCnmpTrial({ urgency: "expedited" }),
      member: [`${label}-10006`, org.slug === "northside" ? "Drew Mock" : "Kai Mock"],
      submittedHoursAgo: 10,
    });
    const pdf = new TextEncoder().encode(DEMO_PDF);
    const key = `cases/${withFile}/demo-record`;
    await db.insert(attachmentBlobs).values({ key, data: pdf });
    const [file] = await db
      .insert(attachments)
      .values({
        caseId: withFile,
        uploadedBy: org.user,
        fileName: "therapy-log.pdf",
        contentType: "application/pdf",
        size: pdf.length,
        sha256: createHash("sha256").update(pdf).digest("hex"),
        storageKey: key,
      })
      .returning({ id: attachments.id });
    await appendAudit(db, actor, {
      action: "attachment.upload",
      targetType: "attachment",
      targetId: file!.id,
      caseId: withFile,
      details: { via: "seed", contentType: "application/pdf", size: pdf.length },
    });
  }
}

function completeCnmpTrial(request: Partial<PolicyRequest["request"]> = {}): PolicyRequest {
  return {
    member: { dateOfBirth: "1968-04-12", lineOfBusiness: "commercial" },
    request: {
      requestDate: "2026-03-02",
      serviceDate: "2026-03-16",
      urgency: "standard",
      phase: "trial",
      indication: "chronic_nonmalignant_pain",
      cptCodes: ["62326"],
      ...request,
    },
    clinical: {
      painEtiology: { known: true, description: "Failed back surgery syndrome after L4-S1 fusion" },
      furtherTreatmentOfUnderlyingCondition: "not_indicated",
      conservativeTherapies: [
        {
          modality: "pharmacological",
          startDate: "2025-01-10",
          endDate: "2025-09-30",
          outcome: "intolerable_side_effects",
          reason: "Sedation and constipation on oral opioids",
        },
        {
          modality: "physical_therapy",
          startDate: "2025-02-03",
          endDate: "2025-05-30",
          outcome: "inadequate_analgesia",
          reason: "24 sessions without functional gain",
        },
      ],
      additionalTreatmentsConsidered: true,
      psychiatricHistory: { summary: "No psychiatric history", includesSubstanceUse: false },
      psychologicalEvaluation: { date: "2026-01-20", untreatedIssuesLikelyToInterfere: false },
    },
  };
}

function cancerTrial(expedited: boolean): PolicyRequest {
  return {
    member: { dateOfBirth: "1959-09-30", lineOfBusiness: "medicaid" },
    request: {
      requestDate: "2026-03-05",
      urgency: expedited ? "expedited" : "standard",
      phase: "trial",
      indication: "cancer_pain",
      cptCodes: ["62324"],
    },
    clinical: {
      metastaticLesions: { present: true, locations: ["L2 vertebral body"] },
      increasedIntracranialPressure: false,
      conservativeTherapies: [
        {
          modality: "pharmacological",
          startDate: "2025-11-01",
          outcome: "inadequate_analgesia",
          reason: "Pain 9/10 despite escalating opioids",
        },
      ],
    },
  };
}

function spasticityTrial(): PolicyRequest {
  return {
    member: { dateOfBirth: "1980-01-15", lineOfBusiness: "commercial" },
    request: {
      requestDate: "2026-02-20",
      urgency: "standard",
      phase: "trial",
      indication: "spasticity",
      cptCodes: ["62322"],
    },
    clinical: {
      spasticityAssessment: {
        symptoms: "Lower-limb spasms",
        location: "Both legs",
        severity: "Severe",
        adlImpairment: ["walking", "transfers"],
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

const DEMO_PDF =
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
