import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { appeals, auditEvents, caseInformationRequests, cases, evaluationSnapshots } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { computeDueAt } from "@/lib/due-time";
import {
  bareRequest,
  cnmpTrialRequest,
  ctxFor,
  givenDeniedCase,
  givenPendedCase,
  givenProviderOrg,
  givenSubmittedCase,
  givenUser,
} from "@/test/given";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import type { ServiceContext } from "../context";
import { submitCase } from "./submit-case";
import { saveDraft } from "./save-draft";
import { withdrawCase } from "./withdraw-case";
import { respondToInformationRequest } from "./respond-to-information-request";
import { fileAppeal } from "./file-appeal";
import { releaseCase } from "../review/release-case";
import { listOrganizationCases } from "./list-organization-cases";
import { getCaseDetail } from "./get-case-detail";

let handle: DatabaseHandle;
let northside: ServiceContext;
let lakeview: ServiceContext;
let nurse: ServiceContext;
let physician: ServiceContext;

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  const orgA = await givenProviderOrg(db);
  const orgB = await givenProviderOrg(db);
  northside = ctxFor(db, await givenUser(db, "provider", { organizationId: orgA.id }));
  lakeview = ctxFor(db, await givenUser(db, "provider", { organizationId: orgB.id }));
  nurse = ctxFor(db, await givenUser(db, "nurse_reviewer"));
  physician = ctxFor(db, await givenUser(db, "physician_reviewer"));
});
afterAll(() => handle?.close());

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    return err as Error & { issues?: { path: string; message: string }[]; status?: number };
  }
  throw new Error("expected a failure");
}

const countCases = async (orgId: string) =>
  (await handle.db.select({ id: cases.id }).from(cases).where(eq(cases.organizationId, orgId))).length;

describe("submitCase", () => {
  it("stores the case, its evaluation snapshot, the due time and an audit event", async () => {
    const before = Date.now();
    const result = await submitCase(northside, {
      request: cnmpTrialRequest(),
      memberId: "M-TEST-1",
      memberName: "Test Member",
    });
    expect(result.created).toBe(true);
    expect(result.status).toBe("submitted");
    expect(result.reference).toMatch(/^PA-\d{4}-\d{6}$/);
    expect(result.evaluation.outcome).toBe("meets_criteria");
    // standard: seven calendar days (167 to 169 hours across a clock change)
    const hours = (result.dueAt.getTime() - before) / 3600_000;
    expect(hours).toBeGreaterThan(166.9);
    expect(hours).toBeLessThan(169.1);
    const [row] = await handle.db.select().from(cases).where(eq(cases.id, result.id));
    expect(row).toMatchObject({
      engineOutcome: "meets_criteria",
      policyVersion: "339.7",
      urgency: "standard",
      phase: "trial",
      memberName: "Test Member",
    });
    const snaps = await handle.db.select().from(evaluationSnapshots).where(eq(evaluationSnapshots.caseId, result.id));
    expect(snaps.map((s) => s.reason)).toEqual(["submission"]);
    const events = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.caseId, result.id), eq(auditEvents.action, "case.submit")));
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]!.details)).not.toContain("Test Member");
  });

  it("accepts an incomplete request and flags it by its outcome", async () => {
    const result = await submitCase(northside, { request: bareRequest() });
    expect(result.evaluation.outcome).toBe("insufficient_documentation");
  });

  it("expedited requests are due 72 hours after submission", async () => {
    const before = Date.now();
    const result = await submitCase(northside, { request: cnmpTrialRequest({ request: { urgency: "expedited" } }) });
    expect(Math.round((result.dueAt.getTime() - before) / 3600_000)).toBe(72);
  });

  it("refuses invalid requests field by field and stores nothing", async () => {
    const n = await countCases(northside.viewer.organizationId);
    const bad = cnmpTrialRequest({ request: { cptCodes: ["62350"], serviceDate: "2026-01-01" } }) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    bad.member!.dateOfBirth = "1968-02-30";
    const err = await failure(submitCase(northside, { request: bad }));
    expect(err).toBeInstanceOf(ValidationError);
    const paths = err.issues!.map((i) => i.path);
    expect(paths).toContain("member.dateOfBirth");
    expect(paths).toContain("request.cptCodes[0]");
    expect(paths).toContain("request.serviceDate");
    expect(err.issues!.find((i) => i.path === "request.cptCodes[0]")!.message).toMatch(/implantation code/);
    const missing = await failure(submitCase(northside, { request: { member: {}, request: {} } }));
    expect(missing.issues).toEqual(
      expect.arrayContaining([
        { path: "member.dateOfBirth", message: "is required" },
        { path: "request.urgency", message: "is required" },
      ]),
    );
    const notObject = await failure(submitCase(northside, { request: "hello" }));
    expect(notObject).toBeInstanceOf(ValidationError);
    const badKey = await failure(submitCase(northside, { request: cnmpTrialRequest(), idempotencyKey: "a b" }));
    expect(badKey.issues![0]!.path).toBe("idempotencyKey");
    expect(await countCases(northside.viewer.organizationId)).toBe(n);
  });

  it("a reviewer may not submit", async () => {
    expect(await failure(submitCase(nurse, { request: cnmpTrialRequest() }))).toBeInstanceOf(ForbiddenError);
  });

  it("the same idempotency key and body returns the first case; another body is a conflict", async () => {
    const key = `key-${crypto.randomUUID()}`;
    const first = await submitCase(northside, { request: cnmpTrialRequest(), idempotencyKey: key });
    const again = await submitCase(northside, { request: cnmpTrialRequest(), idempotencyKey: key });
    expect(again.created).toBe(false);
    expect(again.id).toBe(first.id);
    const err = await failure(submitCase(northside, { request: bareRequest(), idempotencyKey: key }));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toMatch(/different request/);
    // keys are per organization: another organization may use the same key
    const other = await submitCase(lakeview, { request: cnmpTrialRequest(), idempotencyKey: key });
    expect(other.created).toBe(true);
    expect(other.id).not.toBe(first.id);
  });

  it("50 concurrent identical submissions create one case", async () => {
    const key = `burst-${crypto.randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => submitCase(northside, { request: cnmpTrialRequest(), idempotencyKey: key })),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const rows = await handle.db
      .select()
      .from(cases)
      .where(and(eq(cases.organizationId, northside.viewer.organizationId), eq(cases.idempotencyKey, key)));
    expect(rows).toHaveLength(1);
  }, 120_000);

  it("50 concurrent distinct submissions create 50 cases", async () => {
    const n = await countCases(northside.viewer.organizationId);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        submitCase(northside, { request: cnmpTrialRequest(), idempotencyKey: `distinct-${i}-${crypto.randomUUID()}` }),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(50);
    expect(await countCases(northside.viewer.organizationId)).toBe(n + 50);
  }, 120_000);
});

describe("drafts", () => {
  it("saves a partial draft, refuses malformed fields, then submits it once (double click)", async () => {
    const key = `form-${crypto.randomUUID()}`;
    const draft = await saveDraft(northside, {
      idempotencyKey: key,
      memberId: "M-1",
      memberName: "Draft Member",
      request: { request: { indication: "spasticity" } },
    });
    expect(draft.status).toBe("draft");
    const again = await saveDraft(northside, {
      idempotencyKey: key,
      request: { request: { indication: "spasticity", phase: "trial" } },
    });
    expect(again.id).toBe(draft.id);
    const bad = await failure(
      saveDraft(northside, { caseId: draft.id, request: { request: { requestDate: "2026-13-01" } } }),
    );
    expect(bad.issues![0]!.path).toBe("request.requestDate");
    const [a, b] = await Promise.all([
      submitCase(northside, {
        idempotencyKey: key,
        memberId: "M-1",
        memberName: "Draft Member",
        request: cnmpTrialRequest(),
      }),
      submitCase(northside, {
        idempotencyKey: key,
        memberId: "M-1",
        memberName: "Draft Member",
        request: cnmpTrialRequest(),
      }),
    ]);
    expect(a.id).toBe(draft.id);
    expect(b.id).toBe(draft.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const err = await failure(saveDraft(northside, { caseId: draft.id, request: {} }));
    expect(err).toBeInstanceOf(ConflictError);
  });

  it("another organization's draft is an audited 404", async () => {
    const draft = await saveDraft(northside, { request: {} });
    const err = await failure(saveDraft(lakeview, { caseId: draft.id, request: {} }));
    expect(err).toBeInstanceOf(NotFoundError);
    const refusals = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, draft.id), eq(auditEvents.outcome, "refused")));
    expect(refusals.length).toBeGreaterThan(0);
  });
});

describe("withdraw, respond, appeal", () => {
  it("withdraws before a decision, not after; a stale version is a conflict", async () => {
    const c = (await givenSubmittedCase(handle.db, { provider: northside })).case;
    expect(
      await failure(withdrawCase(northside, { caseId: c.id, version: c.version + 5, reason: "other" })),
    ).toBeInstanceOf(ConflictError);
    const done = await withdrawCase(northside, { caseId: c.id, version: c.version, reason: "no_longer_needed" });
    expect(done.status).toBe("withdrawn");
    const again = await failure(withdrawCase(northside, { caseId: c.id, version: done.version, reason: "other" }));
    expect(again.message).toMatch(/before a decision/);
    expect(
      await failure(withdrawCase(lakeview, { caseId: c.id, version: done.version, reason: "other" })),
    ).toBeInstanceOf(NotFoundError);
    expect(
      (await failure(withdrawCase(northside, { caseId: "nope", version: 1, reason: "other" }))).issues![0]!.path,
    ).toBe("caseId");
  });

  it("a withdrawal names one of the fixed reasons, kept in the audit event and shown on the timeline; free text is refused", async () => {
    const c = (await givenSubmittedCase(handle.db, { provider: northside })).case;
    for (const reason of [undefined, "Patient moved to Ohio, Jane Doe", ""]) {
      const err = await failure(withdrawCase(northside, { caseId: c.id, version: c.version, reason }));
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.issues).toEqual([
        {
          path: "reason",
          message: expect.stringMatching(/no_longer_needed, submitted_in_error, patient_declined, other/),
        },
      ]);
    }
    await withdrawCase(northside, { caseId: c.id, version: c.version, reason: "submitted_in_error" });
    const [event] = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.caseId, c.id), eq(auditEvents.action, "case.withdraw")));
    expect(event!.details).toMatchObject({ from: "submitted", to: "withdrawn", reason: "submitted_in_error" });
    const detail = await getCaseDetail(northside, c.id);
    expect(detail.timeline.map((t) => t.label)).toContain("Request withdrawn: submitted in error");
  });

  it("answers a pend with new facts: a new snapshot, back in review", async () => {
    const c = (await givenPendedCase(nurse, { provider: northside, request: bareRequest() })).case;
    const version = c.version;
    const short = await failure(respondToInformationRequest(northside, { caseId: c.id, version, note: "ok" }));
    expect(short.issues![0]!.path).toBe("note");
    const badFacts = await failure(
      respondToInformationRequest(northside, {
        caseId: c.id,
        version,
        note: "Evaluation attached",
        request: { member: {} },
      }),
    );
    expect(badFacts.issues!.some((i) => i.path === "request.member.dateOfBirth")).toBe(true);
    const answered = await respondToInformationRequest(northside, {
      caseId: c.id,
      version,
      note: "The evaluation report is attached.",
      request: cnmpTrialRequest(),
    });
    expect(answered.status).toBe("in_review");
    expect(answered.evaluation!.outcome).toBe("meets_criteria");
    const snaps = await handle.db.select().from(evaluationSnapshots).where(eq(evaluationSnapshots.caseId, c.id));
    expect(snaps.map((s) => s.reason).sort()).toEqual(["information_response", "submission"]);
    const [ir] = await handle.db.select().from(caseInformationRequests).where(eq(caseInformationRequests.caseId, c.id));
    expect(ir!.respondedAt).not.toBeNull();
    const twice = await failure(
      respondToInformationRequest(northside, { caseId: c.id, version: answered.version, note: "again, more" }),
    );
    expect(twice).toBeInstanceOf(ConflictError);
  });

  it("answering a case nobody holds sends it back to the queue, not to a review no one does", async () => {
    const c = (await givenPendedCase(nurse, { provider: northside, request: bareRequest() })).case;
    // The reviewer released the case while waiting for the answer.
    const { version } = await releaseCase(nurse, { caseId: c.id, version: c.version });
    const answered = await respondToInformationRequest(northside, {
      caseId: c.id,
      version,
      note: "The evaluation report is attached.",
    });
    expect(answered.status).toBe("submitted");
    const [row] = await handle.db.select().from(cases).where(eq(cases.id, c.id));
    expect(row).toMatchObject({ status: "submitted", assigneeId: null, physicianOnly: false });
    const [event] = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.caseId, c.id), eq(auditEvents.action, "case.respond")));
    expect(event!.details).toMatchObject({ from: "pending_information", to: "submitted", returnedToQueue: true });
  });

  it("new facts outside the policy make the case physician-only: a nurse holder loses it to the queue, a physician keeps it", async () => {
    const outside = cnmpTrialRequest({ request: { indication: "other" } });
    const byNurse = (await givenPendedCase(nurse, { provider: northside, request: bareRequest() })).case;
    const a = await respondToInformationRequest(northside, {
      caseId: byNurse.id,
      version: byNurse.version,
      note: "Corrected indication.",
      request: outside,
    });
    expect(a.evaluation!.outcome).toBe("not_addressed_by_policy");
    expect(a.status).toBe("submitted");
    const [rowA] = await handle.db.select().from(cases).where(eq(cases.id, byNurse.id));
    expect(rowA).toMatchObject({ status: "submitted", assigneeId: null, claimedAt: null, physicianOnly: true });

    const byPhysician = (await givenPendedCase(physician, { provider: northside, request: bareRequest() })).case;
    const b = await respondToInformationRequest(northside, {
      caseId: byPhysician.id,
      version: byPhysician.version,
      note: "Corrected indication.",
      request: outside,
    });
    expect(b.status).toBe("in_review");
    const [rowB] = await handle.db.select().from(cases).where(eq(cases.id, byPhysician.id));
    expect(rowB).toMatchObject({ status: "in_review", assigneeId: physician.viewer.userId, physicianOnly: true });

    // Facts within the policy: a nurse holder keeps the case in review.
    const inPolicy = (await givenPendedCase(nurse, { provider: northside, request: bareRequest() })).case;
    const c = await respondToInformationRequest(northside, {
      caseId: inPolicy.id,
      version: inPolicy.version,
      note: "The evaluation report is attached.",
      request: cnmpTrialRequest(),
    });
    expect(c.status).toBe("in_review");
    const [rowC] = await handle.db.select().from(cases).where(eq(cases.id, inPolicy.id));
    expect(rowC).toMatchObject({ assigneeId: nurse.viewer.userId, physicianOnly: false });
  });

  it("new facts that change the urgency recompute the due time from the original submission", async () => {
    const c = (await givenPendedCase(nurse, { provider: northside, request: bareRequest() })).case;
    const [submitted] = await handle.db.select().from(cases).where(eq(cases.id, c.id));
    const version = c.version;
    const answered = await respondToInformationRequest(northside, {
      caseId: c.id,
      version,
      note: "The request is urgent after all.",
      request: cnmpTrialRequest({ request: { urgency: "expedited" } }),
    });
    const expected = computeDueAt(submitted!.submittedAt!, "expedited");
    expect(answered.dueAt!.getTime()).toBe(expected.getTime());
    const [row] = await handle.db.select().from(cases).where(eq(cases.id, c.id));
    expect(row!.urgency).toBe("expedited");
    expect(row!.dueAt!.getTime()).toBe(expected.getTime());
    expect(row!.dueAt!.getTime()).toBeLessThan(submitted!.dueAt!.getTime());

    // The same urgency leaves the due time alone.
    const same = (await givenPendedCase(nurse, { provider: northside, request: bareRequest() })).case;
    const kept = await respondToInformationRequest(northside, {
      caseId: same.id,
      version: same.version,
      note: "The evaluation report is attached.",
      request: cnmpTrialRequest(),
    });
    expect(kept.dueAt!.getTime()).toBe(same.dueAt!.getTime());
  });

  it("an appeal whose new facts change the urgency is due by the new urgency from its filing", async () => {
    const c = (await givenDeniedCase(physician, { provider: northside })).case;
    const version = c.version;
    const now = new Date();
    const filed = await fileAppeal(
      northside,
      {
        caseId: c.id,
        version,
        reason: "The therapy log shows eight months of failed treatment.",
        request: cnmpTrialRequest({ request: { urgency: "expedited" } }),
      },
      now,
    );
    expect(filed.dueAt.getTime()).toBe(computeDueAt(now, "expedited").getTime());
  });

  it("files an appeal within 180 days of a denial, once", async () => {
    const denied = await givenDeniedCase(physician, { provider: northside });
    const { case: c, determinationId } = denied;
    const version = c.version;
    const short = await failure(fileAppeal(northside, { caseId: c.id, version, reason: "no" }));
    expect(short.issues![0]!.path).toBe("reason");
    const filed = await fileAppeal(northside, {
      caseId: c.id,
      version,
      reason: "The therapy log shows eight months of failed treatment.",
    });
    expect(filed.status).toBe("appeal_submitted");
    const [row] = await handle.db.select().from(appeals).where(eq(appeals.caseId, c.id));
    expect(row!.deniedDeterminationId).toBe(determinationId);
    expect(
      await failure(
        fileAppeal(northside, {
          caseId: c.id,
          version: filed.version,
          reason: "The therapy log shows eight months of failed treatment.",
        }),
      ),
    ).toBeInstanceOf(ConflictError);
  });

  it("refuses an appeal after 180 days", async () => {
    const c = (await givenDeniedCase(physician, { provider: northside })).case;
    const reason = "The therapy log shows eight months of failed treatment.";
    const day = 86_400_000;
    const err = await failure(
      fileAppeal(northside, { caseId: c.id, version: c.version, reason }, new Date(c.decidedAt!.getTime() + 181 * day)),
    );
    expect(err.message).toMatch(/appeal window closed/);
  });
});

describe("listing and detail", () => {
  it("lists only the organization's cases, paginated, filtered and searched", async () => {
    const c = (await givenSubmittedCase(handle.db, { provider: lakeview })).case;
    const page = await listOrganizationCases(lakeview, { pageSize: 2 });
    expect(page.rows.length).toBeLessThanOrEqual(2);
    expect(page.total).toBe(await countCases(lakeview.viewer.organizationId));
    const all = await listOrganizationCases(northside, { pageSize: 100 });
    expect(all.rows.map((r) => r.id)).not.toContain(c.id);
    const found = await listOrganizationCases(lakeview, { q: c.reference });
    expect(found.rows.map((r) => r.id)).toEqual([c.id]);
    const withdrawn = await listOrganizationCases(northside, { status: "withdrawn" });
    expect(withdrawn.rows.every((r) => r.status === "withdrawn")).toBe(true);
    expect(await failure(listOrganizationCases(nurse, {}))).toBeInstanceOf(ForbiddenError);
  });

  it("shows the detail with a timeline and audits the view; another organization gets a 404", async () => {
    const c = (await givenSubmittedCase(handle.db, { provider: northside })).case;
    const detail = await getCaseDetail(northside, c.id);
    expect(detail.evaluation!.outcome).toBe("meets_criteria");
    expect(detail.timeline.map((t) => t.label)).toContain("Request submitted");
    const views = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.caseId, c.id), eq(auditEvents.action, "case.view")));
    expect(views).toHaveLength(1);
    expect(await failure(getCaseDetail(lakeview, c.id))).toBeInstanceOf(NotFoundError);
  });
});
