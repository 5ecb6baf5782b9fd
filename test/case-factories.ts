import { createHash, randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { caseInformationRequests, cases, determinations, type users } from "@/db/schema";
import type { PolicyRequest } from "@/lib/policy";
import type { ServiceContext } from "@/lib/server/context";
import { submitCase } from "@/lib/server/cases/submit-case";
import { makeUser } from "./factories";

/** A chronic non-malignant pain trial request that meets every criterion (synthetic). */
export function cnmpTrialRequest(overrides: { clinical?: Partial<NonNullable<PolicyRequest["clinical"]>>; request?: Partial<PolicyRequest["request"]> } = {}): PolicyRequest {
  return {
    member: { dateOfBirth: "1968-04-12", lineOfBusiness: "commercial" },
    request: { requestDate: "2026-03-02", serviceDate: "2026-03-16", urgency: "standard", phase: "trial", indication: "chronic_nonmalignant_pain", cptCodes: ["62326"], ...overrides.request },
    clinical: {
      painEtiology: { known: true, description: "Failed back surgery syndrome" },
      furtherTreatmentOfUnderlyingCondition: "not_indicated",
      conservativeTherapies: [
        { modality: "pharmacological", startDate: "2025-01-10", endDate: "2025-09-30", outcome: "intolerable_side_effects", reason: "sedation" },
      ],
      additionalTreatmentsConsidered: true,
      psychiatricHistory: { summary: "none", includesSubstanceUse: false },
      psychologicalEvaluation: { date: "2026-01-20", untreatedIssuesLikelyToInterfere: false },
      ...overrides.clinical,
    },
  };
}

/** The same request with only the required keys: every clinical fact not documented. */
export function bareRequest(): PolicyRequest {
  const r = cnmpTrialRequest();
  return { member: r.member, request: r.request };
}

/** A case submitted through the service (evaluation snapshot, audit event, due time). */
export async function makeSubmittedCase(ctx: ServiceContext, request: PolicyRequest = cnmpTrialRequest()) {
  return submitCase(ctx, { request, memberId: "M-TEST-1", memberName: "Test Member" });
}

/** Moves a submitted case to pending information with an open reviewer request (as the review side would). */
export async function pendCase(db: Db, caseId: string, reviewer?: typeof users.$inferSelect) {
  const nurse = reviewer ?? (await makeUser(db, "nurse_reviewer"));
  const [row] = await db.select({ version: cases.version }).from(cases).where(eqId(caseId));
  await db.update(cases).set({ status: "pending_information", version: row!.version + 1, assigneeId: nurse.id }).where(eqId(caseId));
  await db.insert(caseInformationRequests).values({ caseId, requestedBy: nurse.id, message: "Please send the psychological evaluation report.", items: ["psychological evaluation"] });
  return { version: row!.version + 1, reviewer: nurse };
}

/** Records a signed denial (as a physician reviewer would) and sets the case denied. */
export async function denyCase(db: Db, caseId: string, decidedAt = new Date()) {
  const physician = await makeUser(db, "physician_reviewer");
  const [row] = await db.select({ version: cases.version }).from(cases).where(eqId(caseId));
  const [d] = await db
    .insert(determinations)
    .values({
      caseId,
      kind: "initial",
      decision: "denied",
      reviewerId: physician.id,
      reviewerRole: "physician_reviewer",
      policyVersion: "339.7",
      rationale: "Conservative therapy shorter than six months.",
      signature: createHash("sha256").update(randomUUID()).digest("hex"),
      decidedAt,
    })
    .returning({ id: determinations.id });
  await db.update(cases).set({ status: "denied", decidedAt, version: row!.version + 1 }).where(eqId(caseId));
  return { determinationId: d!.id, version: row!.version + 1 };
}

import { eq } from "drizzle-orm";
const eqId = (id: string) => eq(cases.id, id);
