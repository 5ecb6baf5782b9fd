import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditEvents, determinations, qaReviews } from "@/db/schema";
import { verifyDeterminationSignatures } from "@/lib/audit/determination-signatures";
import { qualityReviewFromForm } from "@/lib/validation/quality-review";
import { testDatabaseForFile } from "@/test/db";
import {
  caseRow,
  ctxFor,
  givenApprovedCase,
  givenAutomatedApproval,
  givenPeople,
  givenPlanOrg,
  givenUser,
} from "@/test/given";
import type { ServiceContext } from "../context";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { getQualityReview, listQualityReviewQueue, recordQualityReview } from "./quality-review";
import { setAutomationSettings } from "./settings";

const t = testDatabaseForFile();

async function team() {
  const people = await givenPeople(t.db, {
    provider: "provider",
    admin: "admin",
    nurse: "nurse_reviewer",
    physician: "physician_reviewer",
    auditor: "auditor",
  });
  return Object.fromEntries(Object.entries(people).map(([k, u]) => [k, ctxFor(t.db, u)])) as Record<
    keyof typeof people,
    ServiceContext
  >;
}

/** Automated approval on for chronic non-malignant pain trials, drawing `percent` of them (and one a day in any case). */
const sampling = (admin: ServiceContext, percent: number) =>
  setAutomationSettings(admin, { enabled: ["trial:chronic_nonmalignant_pain"], qaSamplePercent: String(percent) });

/** An automated approval drawn for quality review (the setting at 100 %). */
async function drawnApproval(provider: ServiceContext, admin: ServiceContext) {
  await sampling(admin, 100);
  const made = await givenAutomatedApproval(provider);
  expect(made.status).toBe("approved");
  expect(made.qaSampled).toBe(true);
  return made.determinationId!;
}

const reviewsOf = (determinationId: string) =>
  t.db.select().from(qaReviews).where(eq(qaReviews.determinationId, determinationId));
const eventsOf = (action: string, targetId: string) =>
  t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)));

describe("the quality review queue", () => {
  it("lists the drawn automated approvals not yet reviewed, oldest first, and nothing else", async () => {
    const { provider, admin, nurse, physician } = await team();
    const first = await drawnApproval(provider, admin);
    const second = await drawnApproval(provider, admin);
    // 0 %: today already has one drawn, so this one is not.
    await sampling(admin, 0);
    const notDrawn = await givenAutomatedApproval(provider);
    expect(notDrawn).toMatchObject({ status: "approved", qaSampled: false });
    // A person's approval is never in it.
    const byPerson = await givenApprovedCase(nurse);

    const { rows } = await listQualityReviewQueue(nurse);
    const ids = rows.map((r) => r.determinationId);
    expect(ids).toContain(first);
    expect(ids).toContain(second);
    expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
    expect(ids).not.toContain(notDrawn.determinationId);
    expect(ids).not.toContain(byPerson.determinationId);
    const row = rows.find((r) => r.determinationId === first)!;
    const c = await caseRow(t.db, row.caseId);
    expect(row).toMatchObject({
      reference: c.reference,
      phase: "trial",
      indication: "chronic_nonmalignant_pain",
      urgency: "standard",
    });
    expect(row.decidedAt).toBeInstanceOf(Date);
    expect(row).not.toHaveProperty("memberName");
    // Sorted by decision time throughout.
    const times = rows.map((r) => r.decidedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // Reviewed: gone from the queue (whoever looks).
    await recordQualityReview(nurse, { determinationId: first, agrees: "yes", disagreements: [] });
    const after = (await listQualityReviewQueue(physician)).rows.map((r) => r.determinationId);
    expect(after).not.toContain(first);
    expect(after).toContain(second);
  });
});

describe("the review form's data", () => {
  it("gives each criterion with the engine's finding, label, quote and records, and the findings one may give instead", async () => {
    const { provider, admin, nurse } = await team();
    const id = await drawnApproval(provider, admin);
    const qa = await getQualityReview(nurse, id);
    expect(qa.determination).toMatchObject({ id, phase: "trial", indication: "chronic_nonmalignant_pain" });
    expect(qa.review).toBeNull();
    expect(qa.findings.length).toBeGreaterThan(3);
    for (const f of qa.findings) {
      expect(["met", "not_applicable"]).toContain(f.status);
      expect(f.label.length).toBeGreaterThan(5);
      expect(f.label).not.toBe(f.criterionId);
      expect(f.citationQuote.length).toBeGreaterThan(10);
      expect(f.otherStatuses.map((s) => s.value)).not.toContain(f.status);
      expect(f.otherStatuses).toHaveLength(3);
    }
    const etiology = qa.findings.find((f) => f.criterionId === "cnmp.doc.etiology")!;
    expect(etiology.evidence).toHaveLength(1);
    expect(etiology.evidence[0]!.fileName).toMatch(/\.pdf$/);
    // The view is audited.
    expect(await eventsOf("qa.view", id)).toHaveLength(1);
  });

  it("is not found (and the attempt audited) for an unknown id, an approval not drawn, or a person's decision", async () => {
    const { provider, admin, nurse } = await team();
    await drawnApproval(provider, admin);
    await sampling(admin, 0);
    const notDrawn = (await givenAutomatedApproval(provider)).determinationId!;
    const byPerson = (await givenApprovedCase(nurse)).determinationId;
    for (const id of [crypto.randomUUID(), notDrawn, byPerson, "not-an-id"]) {
      await expect(getQualityReview(nurse, id), id).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        recordQualityReview(nurse, { determinationId: id, agrees: "yes", disagreements: [] }),
        id,
      ).rejects.toBeInstanceOf(id === "not-an-id" ? ValidationError : NotFoundError);
    }
    const refusals = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, notDrawn), eq(auditEvents.outcome, "refused")));
    expect(refusals.map((r) => r.action).sort()).toEqual(["qa.review", "qa.view"]);
    expect(await reviewsOf(notDrawn)).toHaveLength(0);
  });
});

describe("recording a quality review", () => {
  it("records agreement, audited without clinical text, and leaves the approval as it was", async () => {
    const { provider, admin, nurse } = await team();
    const id = await drawnApproval(provider, admin);
    const [before] = await t.db.select().from(determinations).where(eq(determinations.id, id));
    const out = await recordQualityReview(nurse, {
      determinationId: id,
      agrees: "yes",
      disagreements: [],
      note: "  Clean request.  ",
    });
    expect(out).toMatchObject({ determinationId: id, agrees: true, disagreements: 0 });
    const [row] = await reviewsOf(id);
    expect(row).toMatchObject({
      caseId: before!.caseId,
      reviewerId: nurse.viewer.userId,
      agrees: true,
      disagreements: [],
      note: "Clean request.",
    });
    const [event] = await eventsOf("qa.review", id);
    expect(event).toMatchObject({ outcome: "ok", actorId: nurse.viewer.userId, caseId: before!.caseId });
    expect(event!.details).toMatchObject({ agrees: true, disagreements: 0 });
    expect(JSON.stringify(event!.details)).not.toContain("Clean request");

    const [after] = await t.db.select().from(determinations).where(eq(determinations.id, id));
    expect(after).toEqual(before);
    expect((await caseRow(t.db, before!.caseId)).status).toBe("approved");
    expect((await verifyDeterminationSignatures(t.db)).ok).toBe(true);
    // The form now shows the review instead.
    const qa = await getQualityReview(nurse, id);
    expect(qa.review).toMatchObject({ agrees: true, reviewerName: nurse.viewer.name, note: "Clean request." });
  });

  it("records disagreement: each criterion found otherwise with the engine's finding, the reviewer's and why", async () => {
    const { provider, admin, physician } = await team();
    const id = await drawnApproval(provider, admin);
    const reason = "The psychological evaluation predates the current medication regimen.";
    const out = await recordQualityReview(physician, {
      determinationId: id,
      agrees: "no",
      disagreements: [{ criterionId: "cnmp.doc.etiology", status: "not_documented", reason }],
    });
    expect(out).toMatchObject({ agrees: false, disagreements: 1 });
    const [row] = await reviewsOf(id);
    expect(row).toMatchObject({
      agrees: false,
      note: null,
      disagreements: [{ criterionId: "cnmp.doc.etiology", engineStatus: "met", status: "not_documented", reason }],
    });
    const [event] = await eventsOf("qa.review", id);
    expect(event!.details).toMatchObject({ agrees: false, disagreements: 1 });
    expect(JSON.stringify(event!.details)).not.toContain("psychological");
    expect((await caseRow(t.db, row!.caseId)).status).toBe("approved");
    const qa = await getQualityReview(physician, id);
    expect(qa.review?.disagreements[0]).toMatchObject({ criterionId: "cnmp.doc.etiology", status: "not_documented" });
    expect(qa.review?.disagreements[0]?.label).not.toBe("cnmp.doc.etiology");
  });

  it("refuses each bad input naming the field, and writes nothing", async () => {
    const { provider, admin, nurse } = await team();
    const id = await drawnApproval(provider, admin);
    const qa = await getQualityReview(nurse, id);
    const met = qa.findings.find((f) => f.status === "met")!.criterionId;
    const why = "Because.";
    const bad: [unknown, string][] = [
      [
        { determinationId: id, agrees: "yes", disagreements: [{ criterionId: met, status: "not_met", reason: why }] },
        "disagreements",
      ],
      [{ determinationId: id, agrees: "no", disagreements: [] }, "disagreements"],
      [{ determinationId: id, agrees: "no" }, "disagreements"],
      [
        {
          determinationId: id,
          agrees: "no",
          disagreements: [{ criterionId: "cnmp.unknown", status: "not_met", reason: why }],
        },
        "disagreements[0].criterionId",
      ],
      [
        { determinationId: id, agrees: "no", disagreements: [{ criterionId: met, status: "met", reason: why }] },
        "disagreements[0].status",
      ],
      [
        { determinationId: id, agrees: "no", disagreements: [{ criterionId: met, status: "denied", reason: why }] },
        "disagreements[0].status",
      ],
      [
        { determinationId: id, agrees: "no", disagreements: [{ criterionId: met, status: "not_met", reason: "   " }] },
        "disagreements[0].reason",
      ],
      [
        {
          determinationId: id,
          agrees: "no",
          disagreements: [{ criterionId: met, status: "not_met", reason: "x".repeat(2001) }],
        },
        "disagreements[0].reason",
      ],
      [
        {
          determinationId: id,
          agrees: "no",
          disagreements: [
            { criterionId: met, status: "not_met", reason: why },
            { criterionId: met, status: "not_documented", reason: why },
          ],
        },
        "disagreements[1].criterionId",
      ],
      [{ determinationId: id, agrees: "maybe", disagreements: [] }, "agrees"],
      [{ determinationId: id, disagreements: [] }, "agrees"],
      [{ determinationId: "42", agrees: "yes", disagreements: [] }, "determinationId"],
      [{ determinationId: id, agrees: "yes", disagreements: [], note: "x".repeat(4001) }, "note"],
    ];
    for (const [input, path] of bad) {
      const err = await recordQualityReview(nurse, input).catch((e: unknown) => e);
      expect(err, JSON.stringify(input).slice(0, 200)).toBeInstanceOf(ValidationError);
      expect(
        (err as ValidationError).issues.map((i) => i.path),
        JSON.stringify(input).slice(0, 200),
      ).toContain(path);
    }
    // The status equal to the engine's says which criterion, in words.
    const same = (await recordQualityReview(nurse, {
      determinationId: id,
      agrees: "no",
      disagreements: [{ criterionId: met, status: "met", reason: why }],
    }).catch((e: unknown) => e)) as ValidationError;
    expect(same.issues[0]!.message).toContain(qa.findings.find((f) => f.criterionId === met)!.label);
    // So does a missing reason (the form shows the messages, not the paths).
    const unexplained = (await recordQualityReview(nurse, {
      determinationId: id,
      agrees: "no",
      disagreements: [{ criterionId: met, status: "not_met", reason: "" }],
    }).catch((e: unknown) => e)) as ValidationError;
    expect(unexplained.issues).toEqual([
      {
        path: "disagreements[0].reason",
        message: `${qa.findings.find((f) => f.criterionId === met)!.label}: Say why you find this criterion otherwise`,
      },
    ]);
    expect(await reviewsOf(id)).toHaveLength(0);
    expect(await eventsOf("qa.review", id)).toHaveLength(0);
    // A reason of exactly 2,000 characters is fine.
    await recordQualityReview(nurse, {
      determinationId: id,
      agrees: "no",
      disagreements: [{ criterionId: met, status: "not_met", reason: "x".repeat(2000) }],
    });
    expect(await reviewsOf(id)).toHaveLength(1);
  });

  it("is a conflict the second time, naming who reviewed it first", async () => {
    const { provider, admin, nurse, physician } = await team();
    const id = await drawnApproval(provider, admin);
    await recordQualityReview(nurse, { determinationId: id, agrees: "yes" });
    const err = await recordQualityReview(physician, {
      determinationId: id,
      agrees: "no",
      disagreements: [{ criterionId: "cnmp.doc.etiology", status: "not_met", reason: "Too old." }],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).userMessage).toMatch(
      new RegExp(`^Another reviewer already reviewed this approval \\(${nurse.viewer.name}, .+ ET\\)`),
    );
    const rows = await reviewsOf(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reviewerId: nurse.viewer.userId, agrees: true });
    expect(await eventsOf("qa.review", id)).toHaveLength(1);
  });

  it("two reviewers at the same moment: one review is kept, the other is told", async () => {
    const { provider, admin, nurse, physician } = await team();
    const id = await drawnApproval(provider, admin);
    const results = await Promise.allSettled([
      recordQualityReview(nurse, { determinationId: id, agrees: "yes" }),
      recordQualityReview(physician, { determinationId: id, agrees: "yes" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);
    expect(await reviewsOf(id)).toHaveLength(1);
  });
});

describe("who may review", () => {
  it("providers, auditors and administrators are refused (audited, nothing written); a plan reviewer of any organization may", async () => {
    const { provider, admin, auditor } = await team();
    const id = await drawnApproval(provider, admin);
    const ownerProvider = provider;
    const otherProvider = ctxFor(t.db, await givenUser(t.db, "provider"));
    for (const who of [ownerProvider, otherProvider, auditor, admin]) {
      await expect(listQualityReviewQueue(who)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getQualityReview(who, id)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(recordQualityReview(who, { determinationId: id, agrees: "yes" })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      const refused = await t.db
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.actorId, who.viewer.userId),
            eq(auditEvents.action, "qa.review"),
            eq(auditEvents.outcome, "refused"),
          ),
        );
      expect(refused.length, who.viewer.role).toBeGreaterThanOrEqual(2);
      expect(refused.some((e) => e.targetId === id)).toBe(true);
    }
    expect(await reviewsOf(id)).toHaveLength(0);

    // Organization does not matter on the plan's side: a nurse of another plan organization reviews it.
    const elsewhere = ctxFor(
      t.db,
      await givenUser(t.db, "nurse_reviewer", { organizationId: (await givenPlanOrg(t.db)).id }),
    );
    expect((await listQualityReviewQueue(elsewhere)).rows.map((r) => r.determinationId)).toContain(id);
    await recordQualityReview(elsewhere, { determinationId: id, agrees: "yes" });
    expect(await reviewsOf(id)).toHaveLength(1);
  });
});

describe("the form's fields", () => {
  it("become the schema's input: the criteria marked otherwise, in order, with their finding and reason", () => {
    const fd = new FormData();
    fd.set("determinationId", "d");
    fd.set("agrees", "no");
    fd.append("otherwise", "b");
    fd.append("otherwise", "a");
    fd.set("status:a", "not_met");
    fd.set("reason:a", "why a");
    fd.set("status:b", "");
    fd.set("status:c", "not_met");
    fd.set("reason:c", "unmarked: ignored");
    fd.set("note", "");
    expect(qualityReviewFromForm(fd)).toEqual({
      determinationId: "d",
      agrees: "no",
      disagreements: [
        { criterionId: "b", status: undefined, reason: "" },
        { criterionId: "a", status: "not_met", reason: "why a" },
      ],
      note: "",
    });
    expect(qualityReviewFromForm(new FormData())).toMatchObject({ agrees: undefined, disagreements: [] });
  });
});
