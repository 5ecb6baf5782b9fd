import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import {
  auditEvents,
  caseEscalations,
  caseInformationRequests,
  cases,
  determinationFindings,
  determinations,
  reviewDrafts,
  type CaseStatus,
} from "@/db/schema";
import { canTransition, TRANSITIONS } from "@/lib/case-lifecycle";
import { createTestDatabase, databaseRefusal } from "@/test/db";
import {
  ctxFor,
  findingsFor,
  givenAppealedCase,
  givenAttachment,
  givenClaimedCase,
  givenSubmittedCase,
  givenUser,
  givenReviewTeam,
  type GivenUser,
} from "@/test/given";
import { recomputeSignature } from "@/lib/audit/determination-signatures";
import { documentedRequest } from "@/lib/policy/fixtures";
import { findCriterion, PHARMACY_339_7 } from "@/lib/policy";
import { ConflictError, ForbiddenError, ValidationError } from "../errors";
import { approveCase } from "./approve-case";
import { claimCase } from "./claim-case";
import { decideAppeal } from "./decide-appeal";
import { decideUnaddressedCase } from "./decide-unaddressed-case";
import { denyCase } from "./deny-case";
import { escalateCase } from "./escalate-case";
import { getReviewWorkspace } from "./get-review-workspace";
import { listReviewQueue } from "./list-review-queue";
import { moveCase } from "../cases/move-case";
import { pendCase } from "./pend-case";
import { respondToInformationRequest } from "../cases/respond-to-information-request";
import { withdrawCase } from "../cases/withdraw-case";
import { releaseCase } from "./release-case";
import { saveReviewDraft } from "./save-review-draft";

let handle: DatabaseHandle;
let db: DatabaseHandle["db"];
let provider: GivenUser, nurse: GivenUser, physician: GivenUser, physician2: GivenUser;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  ({ provider, nurse, physician, physician2 } = await givenReviewTeam(db));
});
afterAll(async () => handle.close());

const asProvider = () => ({ provider: ctxFor(db, provider) });
const newCase = (request = documentedRequest("chronic_nonmalignant_pain", "trial")) =>
  givenSubmittedCase(db, { ...asProvider(), request });
const claimed = (user: typeof nurse, request = documentedRequest("chronic_nonmalignant_pain", "trial")) =>
  givenClaimedCase(ctxFor(db, user), { ...asProvider(), request });

async function refusals(action: string, caseId?: string) {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, "refused")));
  return caseId ? rows.filter((r) => r.targetId === caseId || r.caseId === caseId) : rows;
}

describe("a nurse approves with cited findings", () => {
  it("claims, records findings with a citation and evidence, approves: one signed determination", async () => {
    const c = await claimed(nurse);
    const file = await givenAttachment(ctxFor(db, provider), c.case.id);
    const criterion = c.result.criteria.find((k) => k.id === "cnmp.trial.conservative-therapy")!;
    const findings = findingsFor(c.result, {
      [criterion.id]: {
        evidence: [{ attachmentId: file.id, page: 3 }],
        note: "Pharmacy log p.3",
        citationQuote: "a quote the client made up",
      } as never,
    });
    const out = await approveCase(ctxFor(db, nurse), {
      caseId: c.case.id,
      version: c.case.version,
      findings,
      rationale: "Every criterion is documented and met.",
    });
    expect(out.status).toBe("approved");
    const [d] = await db.select().from(determinations).where(eq(determinations.caseId, c.case.id));
    expect(d).toMatchObject({
      decision: "approved",
      reviewerId: nurse.id,
      reviewerRole: "nurse_reviewer",
      policyVersion: "339.7",
      evaluationSnapshotId: c.snapshot.id,
    });
    const stored = await db
      .select()
      .from(determinationFindings)
      .where(eq(determinationFindings.determinationId, d!.id));
    expect(stored).toHaveLength(c.result.criteria.length);
    const f = stored.find((s) => s.criterionId === criterion.id)!;
    expect(f.citationQuote).toBe(findCriterion(criterion.id)!.quote); // derived on the server, not the client's words
    expect(f.evidence).toEqual([{ attachmentId: file.id, page: 3 }]);
    expect(f.engineStatus).toBe("met");
    // The signature is the SHA-256 of the stored content.
    const recomputed = recomputeSignature(d!, stored);
    expect(recomputed).toBe(d!.signature);
    const actions = (
      await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.caseId, c.case.id))
    ).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["case.claim", "case.approve"]));
  });

  it("a reviewer may cite another passage; the quote is that passage's text", async () => {
    const c = await claimed(nurse);
    const passage = PHARMACY_339_7.passages.find((p) => p.anchor === "coverage-cnmp-trial-4")!;
    const findings = findingsFor(c.result, { "cnmp.trial.etiology": { citationAnchor: passage.anchor } });
    const out = await approveCase(ctxFor(db, nurse), {
      caseId: c.case.id,
      version: c.case.version,
      findings,
      rationale: "Met on the records.",
    });
    const [f] = await db
      .select()
      .from(determinationFindings)
      .where(
        and(
          eq(determinationFindings.determinationId, out.determinationId),
          eq(determinationFindings.criterionId, "cnmp.trial.etiology"),
        ),
      );
    expect(f!.citationAnchor).toBe(passage.anchor);
    expect(f!.citationQuote).toBe(passage.text);
  });

  it("bad findings get specific messages and change nothing", async () => {
    const c = await claimed(nurse);
    const other = await newCase();
    const foreign = await givenAttachment(ctxFor(db, provider), other.case.id);
    const attempt = (findings: unknown, rationale = "Every criterion is met.") =>
      approveCase(ctxFor(db, nurse), { caseId: c.case.id, version: c.case.version, findings, rationale });
    const first = c.result.criteria[0]!.id;
    await expect(
      attempt(findingsFor(c.result, { [first]: { citationAnchor: "no-such-passage" } })),
    ).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: "findings[0].citationAnchor" })],
    });
    await expect(
      attempt(findingsFor(c.result, { [first]: { evidence: [{ attachmentId: foreign.id }] } })),
    ).rejects.toMatchObject({
      issues: [
        expect.objectContaining({
          path: "findings[0].evidence[0].attachmentId",
          message: "is not an attachment of this case",
        }),
      ],
    });
    await expect(attempt(findingsFor(c.result).slice(1))).rejects.toThrow(/needs a finding for/);
    await expect(attempt(findingsFor(c.result, { [first]: { status: "maybe" as never } }))).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(attempt(findingsFor(c.result), "ok")).rejects.toThrow(/rationale of at least 10/);
    await expect(attempt(findingsFor(c.result, { "cnmp.trial.etiology": { status: "not_met" } }))).rejects.toThrow(
      /cannot rest on criteria found not met/,
    );
    const [after] = await db.select().from(cases).where(eq(cases.id, c.case.id));
    expect(after!.status).toBe("in_review");
    expect(after!.version).toBe(c.case.version);
    expect(await db.select().from(determinations).where(eq(determinations.caseId, c.case.id))).toHaveLength(0);
  });

  it("deciding needs the claim; someone else's claim is named", async () => {
    const c = await newCase();
    await expect(
      approveCase(ctxFor(db, nurse), {
        caseId: c.case.id,
        version: c.case.version,
        findings: findingsFor(c.result),
        rationale: "Every criterion is met.",
      }),
    ).rejects.toThrow(/Claim this case/);
    await claimCase(ctxFor(db, physician), { caseId: c.case.id, version: c.case.version });
    const lost = claimCase(ctxFor(db, nurse), { caseId: c.case.id, version: c.case.version });
    await expect(lost).rejects.toBeInstanceOf(ConflictError);
    await expect(lost).rejects.toThrow(/Dr\. One/);
  });
});

describe("denials", () => {
  it("a nurse calling deny is refused on the server and the attempt is audited", async () => {
    const c = await claimed(nurse);
    const findings = findingsFor(c.result, { "cnmp.trial.etiology": { status: "not_met" } });
    await expect(
      denyCase(ctxFor(db, nurse), {
        caseId: c.case.id,
        version: c.case.version,
        findings,
        rationale: "The etiology is not documented anywhere.",
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await refusals("case.deny", c.case.id)).toHaveLength(1);
    const [after] = await db.select().from(cases).where(eq(cases.id, c.case.id));
    expect(after!.status).toBe("in_review");
  });

  it("a denial needs a cited criterion not met or not documented, and a rationale", async () => {
    const c = await claimed(physician);
    const deny = (findings: unknown, rationale = "The records do not support the request.") =>
      denyCase(ctxFor(db, physician), { caseId: c.case.id, version: c.case.version, findings, rationale });
    await expect(deny(findingsFor(c.result))).rejects.toThrow(
      /at least one criterion that is not met or not documented/,
    );
    await expect(
      deny(findingsFor(c.result, { "cnmp.trial.etiology": { status: "not_met" } }), "short"),
    ).rejects.toThrow(/at least 20/);
    const out = await deny(
      findingsFor(c.result, {
        "cnmp.trial.psychological": { status: "not_documented", note: "No evaluation in the records" },
      }),
    );
    expect(out.status).toBe("denied");
    const stored = await db
      .select()
      .from(determinationFindings)
      .where(eq(determinationFindings.determinationId, out.determinationId));
    const adverse = stored.find((s) => s.criterionId === "cnmp.trial.psychological")!;
    expect(adverse).toMatchObject({
      status: "not_documented",
      citationAnchor: "coverage-cnmp-trial-5",
      citationQuote: findCriterion("cnmp.trial.psychological")!.quote,
    });
  });

  it("the database refuses UPDATE and DELETE on a signed determination and its findings", async () => {
    const c = await claimed(physician);
    const out = await denyCase(ctxFor(db, physician), {
      caseId: c.case.id,
      version: c.case.version,
      findings: findingsFor(c.result, { "cnmp.trial.etiology": { status: "not_met" } }),
      rationale: "The etiology of the pain is not known.",
    });
    expect(
      await databaseRefusal(
        db.execute(sql`update determinations set decision = 'approved' where id = ${out.determinationId}`),
      ),
    ).toMatch(/not allowed|append-only/);
    expect(
      await databaseRefusal(db.execute(sql`delete from determinations where id = ${out.determinationId}`)),
    ).toMatch(/not allowed|append-only/);
    expect(
      await databaseRefusal(
        db.execute(
          sql`update determination_findings set status = 'met' where determination_id = ${out.determinationId}`,
        ),
      ),
    ).toMatch(/not allowed|append-only/);
    const [d] = await db.select().from(determinations).where(eq(determinations.id, out.determinationId));
    expect(d!.decision).toBe("denied");
  });

  it("cancer-related pain needs the InterQual subset and result", async () => {
    const c = await claimed(physician, documentedRequest("cancer_pain", "trial"));
    const findings = findingsFor(c.result);
    const approve = (interqual?: unknown) =>
      approveCase(ctxFor(db, physician), {
        caseId: c.case.id,
        version: c.case.version,
        findings,
        rationale: "Meets the InterQual subset.",
        interqual,
      });
    await expect(approve()).rejects.toThrow(/InterQual subset/);
    await expect(
      approve({ subset: "CP: Procedures, Intrathecal Catheter Placement", result: "not_met" }),
    ).rejects.toThrow(/InterQual result is not met/);
    const out = await approve({ subset: "CP: Procedures, Intrathecal Catheter Placement", result: "met" });
    const [d] = await db.select().from(determinations).where(eq(determinations.id, out.determinationId));
    expect(d!.interqual).toEqual({ subset: "CP: Procedures, Intrathecal Catheter Placement", result: "met" });
  });
});

describe("pend, escalate, release, drafts", () => {
  it("pend records the items needed and keeps the due time", async () => {
    const c = await claimed(nurse);
    await expect(
      pendCase(ctxFor(db, nurse), { caseId: c.case.id, version: c.case.version, message: "Please send", items: [] }),
    ).rejects.toThrow(/List at least one item/);
    const out = await pendCase(ctxFor(db, nurse), {
      caseId: c.case.id,
      version: c.case.version,
      message: "Please send the psychological evaluation.",
      items: ["Psychological evaluation report"],
    });
    expect(out.status).toBe("pending_information");
    const [req] = await db.select().from(caseInformationRequests).where(eq(caseInformationRequests.caseId, c.case.id));
    expect(req!.items).toEqual(["Psychological evaluation report"]);
    const [after] = await db.select().from(cases).where(eq(cases.id, c.case.id));
    expect(after!.dueAt).toEqual(c.case.dueAt);
  });

  it("escalation routes the case to physicians only", async () => {
    const c = await claimed(nurse);
    await saveReviewDraft(ctxFor(db, nurse), { caseId: c.case.id, content: { rationale: "nurse's own notes" } });
    await escalateCase(ctxFor(db, nurse), {
      caseId: c.case.id,
      version: c.case.version,
      reason: "Unusual history; a physician should decide.",
    });
    const [after] = await db.select().from(cases).where(eq(cases.id, c.case.id));
    expect(after).toMatchObject({ status: "submitted", physicianOnly: true, assigneeId: null });
    expect(after!.escalatedAt).not.toBeNull();
    // The reason is recorded in the append-only escalations table, not in the nurse's draft.
    const recorded = await db.select().from(caseEscalations).where(eq(caseEscalations.caseId, c.case.id));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ escalatedBy: nurse.id, reason: "Unusual history; a physician should decide." });
    expect(recorded[0]!.escalatedAt).toEqual(after!.escalatedAt);
    const [draft] = await db
      .select()
      .from(reviewDrafts)
      .where(and(eq(reviewDrafts.caseId, c.case.id), eq(reviewDrafts.reviewerId, nurse.id)));
    expect(draft!.content).toEqual({ rationale: "nurse's own notes" });
    // The physician's workspace shows who escalated, when and why, and never the nurse's draft.
    const ws = await getReviewWorkspace(ctxFor(db, physician), c.case.id);
    expect(ws.escalations).toHaveLength(1);
    expect(ws.escalations[0]).toMatchObject({
      escalatedBy: nurse.id,
      escalatedByName: "Nora Nurse",
      reason: "Unusual history; a physician should decide.",
    });
    expect(ws.draft).toBeNull();
    expect(JSON.stringify(ws)).not.toContain("nurse's own notes");
    await expect(claimCase(ctxFor(db, nurse), { caseId: c.case.id, version: after!.version })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      escalateCase(ctxFor(db, physician), {
        caseId: c.case.id,
        version: after!.version,
        reason: "physicians do not escalate",
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const claim = await claimCase(ctxFor(db, physician), { caseId: c.case.id, version: after!.version });
    expect(claim.status).toBe("in_review");
  });

  it("release puts the case back in the queue; drafts survive", async () => {
    const c = await claimed(nurse);
    await saveReviewDraft(ctxFor(db, nurse), {
      caseId: c.case.id,
      content: { rationale: "half-typed", findings: { x: 1 } },
    });
    await expect(
      releaseCase(ctxFor(db, physician), { caseId: c.case.id, version: c.case.version }),
    ).rejects.toBeInstanceOf(ConflictError);
    const out = await releaseCase(ctxFor(db, nurse), { caseId: c.case.id, version: c.case.version });
    expect(out.status).toBe("submitted");
    const [draft] = await db.select().from(reviewDrafts).where(eq(reviewDrafts.caseId, c.case.id));
    expect(draft!.content).toEqual({ rationale: "half-typed", findings: { x: 1 } });
    await expect(saveReviewDraft(ctxFor(db, provider), { caseId: c.case.id, content: {} })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});

describe("drafts", () => {
  it("a draft cannot carry an escalation: escalationReason and escalatedAt are stripped", async () => {
    const c = await claimed(nurse);
    await saveReviewDraft(ctxFor(db, nurse), {
      caseId: c.case.id,
      content: { rationale: "mine", escalationReason: "forged escalation", escalatedAt: "2026-01-01T00:00:00Z" },
    });
    const [draft] = await db.select().from(reviewDrafts).where(eq(reviewDrafts.caseId, c.case.id));
    expect(draft!.content).toEqual({ rationale: "mine" });
    const ws = await getReviewWorkspace(ctxFor(db, physician), c.case.id);
    expect(ws.escalations).toEqual([]);
    expect(JSON.stringify(ws)).not.toContain("forged escalation");
  });

  it("a case no longer open for review takes no drafts", async () => {
    const c = await claimed(nurse);
    const out = await approveCase(ctxFor(db, nurse), {
      caseId: c.case.id,
      version: c.case.version,
      findings: findingsFor(c.result),
      rationale: "Every criterion is documented and met.",
    });
    expect(out.status).toBe("approved");
    await expect(
      saveReviewDraft(ctxFor(db, nurse), { caseId: c.case.id, content: { rationale: "too late" } }),
    ).rejects.toBeInstanceOf(ConflictError);
    const withdrawn = await newCase();
    await withdrawCase(ctxFor(db, provider), {
      caseId: withdrawn.case.id,
      version: withdrawn.case.version,
      reason: "no_longer_needed",
    });
    await expect(
      saveReviewDraft(ctxFor(db, physician), { caseId: withdrawn.case.id, content: { rationale: "too late" } }),
    ).rejects.toThrow(/no longer open for review/);
    expect(await db.select().from(reviewDrafts).where(eq(reviewDrafts.caseId, c.case.id))).toEqual([]);
    expect(await db.select().from(reviewDrafts).where(eq(reviewDrafts.caseId, withdrawn.case.id))).toEqual([]);
  });
});

describe("cases that become physician-only while pending or held", () => {
  it("released while pending, answered by the provider: back in the queue, physician-only, claimable by physicians only", async () => {
    const c = await claimed(nurse);
    const pend = await pendCase(ctxFor(db, nurse), {
      caseId: c.case.id,
      version: c.case.version,
      message: "Please send the psychological evaluation.",
      items: ["Psychological evaluation"],
    });
    const released = await releaseCase(ctxFor(db, nurse), { caseId: c.case.id, version: pend.version });
    expect(released.status).toBe("pending_information");
    const [waiting] = await db.select().from(cases).where(eq(cases.id, c.case.id));
    expect(waiting).toMatchObject({ status: "pending_information", assigneeId: null });
    // The provider answers while nobody holds the case, with new facts the policy does not address.
    const outside = documentedRequest("chronic_nonmalignant_pain", "trial");
    outside.member.lineOfBusiness = "medicare_advantage";
    const answered = await respondToInformationRequest(ctxFor(db, provider), {
      caseId: c.case.id,
      version: released.version,
      note: "The member's coverage is Medicare Advantage.",
      request: outside,
    });
    expect(answered.status).toBe("submitted");
    const v = answered.version;
    const physicianQueue = await listReviewQueue(ctxFor(db, physician), {
      view: "physician",
      status: "submitted",
      assigned: "unassigned",
      limit: 100,
    });
    expect(physicianQueue.rows.map((r) => r.id)).toContain(c.case.id);
    const mainQueue = await listReviewQueue(ctxFor(db, nurse), { limit: 100 });
    expect(mainQueue.rows.map((r) => r.id)).not.toContain(c.case.id);
    await expect(claimCase(ctxFor(db, nurse), { caseId: c.case.id, version: v })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const claim = await claimCase(ctxFor(db, physician), { caseId: c.case.id, version: v });
    expect(claim.status).toBe("in_review");
  });

  it("a nurse holding a case that became physician-only may still release it, and nothing more", async () => {
    const c = await claimed(nurse);
    // No service leaves a nurse holding a physician-only case (an answer outside the policy sends
    // it back to the queue); the flag is set directly to prove the guards hold if one ever did.
    await db.update(cases).set({ physicianOnly: true }).where(eq(cases.id, c.case.id));
    // Still in the nurse's own queue, with her release button, so she can find it and give it back.
    const mine = await listReviewQueue(ctxFor(db, nurse), { assigned: "me", limit: 100 });
    expect(mine.rows.map((r) => r.id)).toContain(c.case.id);
    await expect(
      approveCase(ctxFor(db, nurse), {
        caseId: c.case.id,
        version: c.case.version,
        findings: findingsFor(c.result),
        rationale: "Every criterion is documented and met.",
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const out = await releaseCase(ctxFor(db, nurse), { caseId: c.case.id, version: c.case.version });
    expect(out.status).toBe("submitted");
    const [after] = await db.select().from(cases).where(eq(cases.id, c.case.id));
    expect(after).toMatchObject({ status: "submitted", assigneeId: null, physicianOnly: true });
    await expect(claimCase(ctxFor(db, nurse), { caseId: c.case.id, version: out.version })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect((await listReviewQueue(ctxFor(db, nurse), { limit: 100 })).rows.map((r) => r.id)).not.toContain(c.case.id);
    // Another nurse (not the holder) releasing is still refused as physician-routed.
    const other = await givenUser(db, "nurse_reviewer", { organizationId: nurse.organizationId });
    const claim = await claimCase(ctxFor(db, physician), { caseId: c.case.id, version: out.version });
    await expect(releaseCase(ctxFor(db, other), { caseId: c.case.id, version: claim.version })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it("the same while pending information: the nurse's release keeps the state and frees the case", async () => {
    const c = await claimed(nurse);
    const pend = await pendCase(ctxFor(db, nurse), {
      caseId: c.case.id,
      version: c.case.version,
      message: "Please send the psychological evaluation.",
      items: ["Psychological evaluation"],
    });
    await db.update(cases).set({ physicianOnly: true }).where(eq(cases.id, c.case.id));
    const out = await releaseCase(ctxFor(db, nurse), { caseId: c.case.id, version: pend.version });
    expect(out.status).toBe("pending_information");
    const [after] = await db.select().from(cases).where(eq(cases.id, c.case.id));
    expect(after!.assigneeId).toBeNull();
  });
});

describe("cases the policy does not address", () => {
  it("go to physicians, who decide them outside the policy", async () => {
    const request = documentedRequest("chronic_nonmalignant_pain", "trial");
    request.member.lineOfBusiness = "medicare_advantage";
    const c = await newCase(request);
    expect(c.case.physicianOnly).toBe(true);
    await expect(claimCase(ctxFor(db, nurse), { caseId: c.case.id, version: c.case.version })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const claim = await claimCase(ctxFor(db, physician), { caseId: c.case.id, version: c.case.version });
    await expect(
      approveCase(ctxFor(db, physician), {
        caseId: c.case.id,
        version: claim.version,
        findings: findingsFor(c.result),
        rationale: "Fine on the merits.",
      }),
    ).rejects.toThrow(/does not address/);
    await expect(
      decideUnaddressedCase(ctxFor(db, nurse), {
        caseId: c.case.id,
        version: claim.version,
        decision: "approved",
        rationale: "x".repeat(30),
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const out = await decideUnaddressedCase(ctxFor(db, physician), {
      caseId: c.case.id,
      version: claim.version,
      decision: "approved",
      rationale: "Medically necessary on the clinical merits.",
    });
    const [d] = await db.select().from(determinations).where(eq(determinations.id, out.determinationId));
    expect(d).toMatchObject({ decision: "approved", outsidePolicy: true });
  });
});

describe("appeals", () => {
  it("are decided by a physician other than the one who denied", async () => {
    const c = await givenAppealedCase(ctxFor(db, physician), {
      ...asProvider(),
      findings: { "cnmp.trial.psychological": { status: "not_documented" } },
      rationale: "No psychological evaluation in the records.",
      reason: "New evaluation attached",
    });
    const denied = { determinationId: c.determinationId };
    const v = c.case.version;
    await expect(claimCase(ctxFor(db, physician), { caseId: c.case.id, version: v })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(await refusals("case.claim", c.case.id)).toHaveLength(1);
    await expect(claimCase(ctxFor(db, nurse), { caseId: c.case.id, version: v })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const claim = await claimCase(ctxFor(db, physician2), { caseId: c.case.id, version: v });
    expect(claim.status).toBe("appeal_in_review");
    // Even holding the case, the denier could not decide it: force the assignee to prove the service re-checks.
    await expect(
      decideAppeal(ctxFor(db, physician), {
        caseId: c.case.id,
        version: claim.version,
        decision: "appeal_overturned",
        findings: findingsFor(c.result),
        rationale: "x".repeat(30),
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    const out = await decideAppeal(ctxFor(db, physician2), {
      caseId: c.case.id,
      version: claim.version,
      decision: "appeal_overturned",
      findings: findingsFor(c.result),
      rationale: "The new psychological evaluation documents no interfering issues.",
    });
    expect(out.status).toBe("appeal_overturned");
    const [d] = await db.select().from(determinations).where(eq(determinations.id, out.determinationId));
    expect(d).toMatchObject({
      kind: "appeal",
      decision: "appeal_overturned",
      reviewerId: physician2.id,
      supersedesId: denied.determinationId,
    });
  });

  it("the denier holding the appeal is still refused by decideAppeal", async () => {
    const c = await givenAppealedCase(ctxFor(db, physician), {
      ...asProvider(),
      findings: { "cnmp.trial.etiology": { status: "not_met" } },
    });
    // A state no service produces (the denier assigned): the decision service must still refuse.
    await db
      .update(cases)
      .set({ status: "appeal_in_review", assigneeId: physician.id, version: 50 })
      .where(eq(cases.id, c.case.id));
    await expect(
      decideAppeal(ctxFor(db, physician), {
        caseId: c.case.id,
        version: 50,
        decision: "appeal_upheld",
        findings: findingsFor(c.result, { "cnmp.trial.etiology": { status: "not_met" } }),
        rationale: "x".repeat(30),
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await refusals("appeal.decide", c.case.id)).toHaveLength(1);
  });
});

describe("the workspace", () => {
  it("returns the reviewer's saved draft, the engine's criteria with labels, and audits the view", async () => {
    const { getReviewWorkspace } = await import("./get-review-workspace");
    const c = await newCase();
    await saveReviewDraft(ctxFor(db, physician), {
      caseId: c.case.id,
      content: { rationale: "typed before a reload" },
    });
    const ws = await getReviewWorkspace(ctxFor(db, physician), c.case.id);
    expect(ws.draft).toEqual({ rationale: "typed before a reload" });
    expect(ws.criteria.map((k) => k.id)).toEqual(c.result.criteria.map((k) => k.id));
    expect(ws.criteria.find((k) => k.id === "cnmp.trial.etiology")!.label).toBe(
      findCriterion("cnmp.trial.etiology")!.label,
    );
    const views = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "case.view"), eq(auditEvents.caseId, c.case.id)));
    expect(views).toHaveLength(1);
    await expect(getReviewWorkspace(ctxFor(db, provider), c.case.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      saveReviewDraft(ctxFor(db, nurse), { caseId: c.case.id, content: { big: "x".repeat(300_000) } }),
    ).rejects.toThrow(/too large/);
  });
});

describe("the lifecycle", () => {
  const REVIEW_MOVES: [CaseStatus, CaseStatus, string][] = [
    ["submitted", "in_review", "claim"],
    ["appeal_submitted", "appeal_in_review", "claim an appeal"],
    ["in_review", "submitted", "release, escalate"],
    ["appeal_in_review", "appeal_submitted", "release an appeal"],
    ["pending_information", "pending_information", "release while pending"],
    ["in_review", "pending_information", "pend"],
    ["in_review", "approved", "approve, decide unaddressed"],
    ["in_review", "denied", "deny, decide unaddressed"],
    ["appeal_in_review", "appeal_upheld", "decide an appeal"],
    ["appeal_in_review", "appeal_overturned", "decide an appeal"],
  ];
  it.each(REVIEW_MOVES)("allows %s → %s (%s)", (from, to) => expect(canTransition(from, to)).toBe(true));

  it("refuses what no service does", () => {
    // Only the policy engine approves a submitted case (automated approval), never a person.
    expect(canTransition("submitted", "approved")).toBe(false);
    expect(canTransition("submitted", "approved", "engine")).toBe(true);
    expect(canTransition("submitted", "denied")).toBe(false);
    expect(canTransition("appeal_submitted", "appeal_overturned")).toBe(false);
    expect(canTransition("approved", "in_review")).toBe(false);
    expect(TRANSITIONS.withdrawn).toEqual([]);
  });

  const TEST_MOVE = { action: "test.move", targetType: "case" } as const;

  it("moveCase refuses a status change the lifecycle does not allow, and changes nothing", async () => {
    const c = await newCase();
    await expect(
      db.transaction((tx) =>
        moveCase(ctxFor(db, physician), tx, c.case, { status: "approved", decidedAt: new Date() }, TEST_MOVE),
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      db.transaction((tx) => moveCase(ctxFor(db, physician), tx, c.case, { status: "appeal_in_review" }, TEST_MOVE)),
    ).rejects.toThrow(/cannot become appeal in review/);
    const [after] = await db.select().from(cases).where(eq(cases.id, c.case.id));
    expect(after).toMatchObject({ status: "submitted", version: c.case.version, decidedAt: null });
    const moved = await db.transaction((tx) =>
      moveCase(
        ctxFor(db, physician),
        tx,
        c.case,
        { status: "in_review", assigneeId: physician.id },
        { ...TEST_MOVE, action: "case.claim" },
      ),
    );
    expect(moved.status).toBe("in_review");
  });

  it("every status change the services made in this file is one the lifecycle allows", async () => {
    const events = await db
      .select({ action: auditEvents.action, details: auditEvents.details, outcome: auditEvents.outcome })
      .from(auditEvents);
    const moves = events
      .filter(
        (e) =>
          e.outcome === "ok" &&
          e.details &&
          typeof (e.details as Record<string, unknown>).to === "string" &&
          typeof (e.details as Record<string, unknown>).from === "string",
      )
      .map((e) => [(e.details as { from: CaseStatus }).from, (e.details as { to: CaseStatus }).to, e.action] as const);
    expect(new Set(moves.map((m) => m[2]))).toEqual(
      new Set([
        "case.claim",
        "case.release",
        "case.escalate",
        "case.pend",
        "case.approve",
        "case.deny",
        "case.decide_unaddressed",
        "appeal.decide",
        "case.respond",
        "case.withdraw",
        "case.appeal",
      ]),
    );
    for (const [from, to, action] of moves) expect(canTransition(from, to), `${action}: ${from} → ${to}`).toBe(true);
  });
});

describe("a physician needs a current MD/DO licence to deny or decide an appeal", () => {
  it("refuses without one or with an expired one (clear message, audited, nothing changed); approving stays possible", async () => {
    const plan = physician.organizationId;
    const unlicensed = await givenUser(db, "physician_reviewer", { organizationId: plan }, { licence: false });
    const expired = await givenUser(
      db,
      "physician_reviewer",
      { organizationId: plan },
      { licence: { validUntil: "2020-01-31" } },
    );
    for (const [who, message] of [
      [unlicensed, /no MD or DO licence on file/],
      [expired, /expired on 2020-01-31/],
    ] as const) {
      const c = await claimed(who);
      const attempt = denyCase(ctxFor(db, who), {
        caseId: c.case.id,
        version: c.case.version,
        findings: findingsFor(c.result, { "cnmp.trial.etiology": { status: "not_met" } }),
        rationale: "The etiology of the pain is not known.",
      });
      await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
      await expect(attempt).rejects.toThrow(message);
      expect(await refusals("case.deny", c.case.id)).toHaveLength(1);
      const [row] = await db.select().from(cases).where(eq(cases.id, c.case.id));
      expect(row!.status).toBe("in_review");
      expect(
        (
          await approveCase(ctxFor(db, who), {
            caseId: c.case.id,
            version: c.case.version,
            findings: findingsFor(c.result),
            rationale: "All criteria met on the records.",
          })
        ).status,
      ).toBe("approved");
    }
  });

  it("refuses an appeal decision by a physician whose licence expired", async () => {
    const expired = await givenUser(
      db,
      "physician_reviewer",
      { organizationId: physician.organizationId },
      { licence: { validUntil: "2021-06-30" } },
    );
    const c = await givenAppealedCase(ctxFor(db, physician), asProvider());
    // Claiming needs no licence; deciding does.
    const claim = await claimCase(ctxFor(db, expired), { caseId: c.case.id, version: c.case.version });
    await expect(
      decideAppeal(ctxFor(db, expired), {
        caseId: c.case.id,
        version: claim.version,
        decision: "appeal_overturned",
        findings: findingsFor(c.result),
        rationale: "x".repeat(30),
      }),
    ).rejects.toThrow(/expired on 2021-06-30/);
    expect(await refusals("appeal.decide", c.case.id)).toHaveLength(1);
  });
});
