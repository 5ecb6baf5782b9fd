import { describe, expect, it } from "vitest";
import { and, asc, eq, inArray } from "drizzle-orm";
import {
  auditEvents,
  cases,
  determinationFindings,
  determinations,
  goldCards,
  notifications,
  outbox,
  portalSettings,
} from "@/db/schema";
import { documentedRequest } from "@/lib/policy/fixtures";
import { evaluate, type PolicyRequest } from "@/lib/policy";
import { verifyDeterminationSignatures } from "@/lib/audit/determination-signatures";
import { testDatabaseForFile, databaseRefusal } from "@/test/db";
import { bareRequest, ctxFor, givenDocumentedSubmission, givenPeople, givenPlanOrg, givenUser } from "@/test/given";
import { getLetter } from "../letters/get-letter";
import { createWebhookEndpoint } from "../webhooks/endpoints";
import { setNotificationPreferences } from "../notifications/notifications";
import { determinationSignature } from "../review/sign-determination";
import type { ServiceContext } from "../context";
import { ConflictError, ForbiddenError, ValidationError } from "../errors";
import { POLICY_ENGINE_USER_ID } from "./policy-engine-actor";
import {
  evaluateGoldCards,
  getGoldCardSettings,
  getOwnGoldCard,
  listGoldCards,
  revokeGoldCard,
  runGoldCardEvaluation,
  runScheduledGoldCardEvaluation,
  setGoldCardSettings,
  GOLD_CARD_PERIOD_MS,
} from "./gold-cards";

const t = testDatabaseForFile();
const DAY = 86_400_000;
let n = 0;

/** A practice with two providers, and the plan's administrator, nurse and physician. */
async function practice() {
  const people = await givenPeople(t.db, {
    provider: "provider",
    provider2: "provider",
    admin: "admin",
    nurse: "nurse_reviewer",
    physician: "physician_reviewer",
  });
  return {
    ...people,
    organizationId: people.provider.organizationId,
    providerCtx: ctxFor(t.db, people.provider),
    adminCtx: ctxFor(t.db, people.admin),
    nurseCtx: ctxFor(t.db, people.nurse),
  };
}
type Practice = Awaited<ReturnType<typeof practice>>;

/**
 * Decided requests of the practice in the past, as raw rows: a case and its signed initial
 * determination (a real signature, so the whole database still verifies), decided `daysAgo` days
 * before now. Services cannot backdate a decision.
 */
async function decidedHistory(p: Practice, counts: { approved: number; denied: number }, daysAgo = 30) {
  const decidedAt = new Date(Date.now() - daysAgo * DAY);
  const decisions = [
    ...Array.from({ length: counts.approved }, () => "approved" as const),
    ...Array.from({ length: counts.denied }, () => "denied" as const),
  ];
  if (!decisions.length) return;
  const rows = await t.db
    .insert(cases)
    .values(
      decisions.map((status) => ({
        reference: `PA-GC-${++n}-${Math.random().toString(36).slice(2, 8)}`,
        organizationId: p.organizationId,
        createdBy: p.provider.id,
        status,
        request: {},
        submittedAt: new Date(decidedAt.getTime() - DAY),
        decidedAt,
      })),
    )
    .returning({ id: cases.id, status: cases.status });
  await t.db.insert(determinations).values(
    rows.map((c) => {
      const content = {
        caseId: c.id,
        kind: "initial" as const,
        decision: c.status as "approved" | "denied",
        reviewerId: p.physician.id,
        reviewerRole: "physician_reviewer" as const,
        policyVersion: "339.7",
        evaluationSnapshotId: null,
        rationale: "Decided on the records.",
        interqual: null,
        outsidePolicy: false,
        supersedesId: null,
        findings: [],
      };
      const { findings: _none, ...row } = content;
      return { ...row, decidedAt, signature: determinationSignature({ ...content, decidedAt }) };
    }),
  );
}

async function cardsOf(organizationId: string) {
  return t.db
    .select()
    .from(goldCards)
    .where(eq(goldCards.organizationId, organizationId))
    .orderBy(asc(goldCards.grantedAt));
}

async function noticesOf(p: Practice, kind: string) {
  return t.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.kind, kind), inArray(notifications.userId, [p.provider.id, p.provider2.id])));
}

/** A practice holding a card: 27 of 30 approved, evaluated now. */
async function cardedPractice() {
  const p = await practice();
  await decidedHistory(p, { approved: 27, denied: 3 });
  await evaluateGoldCards(t.db, new Date());
  const [card] = await cardsOf(p.organizationId);
  expect(card?.status).toBe("active");
  return { ...p, card: card! };
}

/** Submitted without any record: the card, not the documents, decides. */
const submit = (provider: ServiceContext, request: PolicyRequest, attested = true) =>
  givenDocumentedSubmission(provider, { request, kinds: [], attested });

describe("a gold-carded practice's request on submission", () => {
  it("is approved under the card even with information missing: kind automated, reason gold_card, the engine's evaluation kept, signed, drawn for quality review", async () => {
    const p = await cardedPractice();
    const request = bareRequest();
    expect(evaluate(request).outcome).toBe("insufficient_documentation");
    const submitted = await submit(p.providerCtx, request);
    expect(submitted.status).toBe("approved");
    const [d] = await t.db.select().from(determinations).where(eq(determinations.caseId, submitted.id));
    expect(d).toMatchObject({
      kind: "automated",
      decision: "approved",
      reviewerId: POLICY_ENGINE_USER_ID,
      reviewerRole: "policy_engine",
      // The first automated approval of the plan's day is always drawn: quality review covers gold-card approvals.
      qaSampled: true,
    });
    expect(d!.automation).toMatchObject({
      reason: "gold_card",
      goldCard: { id: p.card.id, decided: 30, approved: 27, approvalRate: "90.0" },
    });
    expect(d!.rationale).toMatch(
      /approved under the practice's gold card \(granted .+, approval rate 90\.0 % over 30 decided requests\)/,
    );
    // The findings are the engine's evaluation as it was.
    const findings = await t.db
      .select()
      .from(determinationFindings)
      .where(eq(determinationFindings.determinationId, d!.id));
    expect(findings).toHaveLength(submitted.evaluation.criteria.length);
    const expected: Record<string, string> = {
      met: "met",
      not_applicable: "not_applicable",
      not_met: "not_met",
      missing_documentation: "not_documented",
      needs_clinical_review: "not_documented",
    };
    for (const f of findings) expect(f.status).toBe(expected[f.engineStatus!]);
    expect(findings.some((f) => f.status === "not_documented")).toBe(true);
    expect((await verifyDeterminationSignatures(t.db)).ok).toBe(true);

    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.caseId, submitted.id), eq(auditEvents.action, "case.approve_automatically")));
    expect(event).toMatchObject({ actorId: POLICY_ENGINE_USER_ID });
    expect(event!.details).toMatchObject({ reason: "gold_card", goldCardId: p.card.id, qaSampled: true });

    const { letter } = await getLetter(p.providerCtx, d!.id);
    expect(letter.summary).toMatch(/under your practice's gold card for PHARMACY 339\.7/);
  });

  it("keeps the engine's needs-clinical-review criteria from being recorded as met", async () => {
    const p = await cardedPractice();
    const submitted = await submit(p.providerCtx, documentedRequest("cancer_pain", "trial"));
    expect(submitted.evaluation.outcome).toBe("requires_clinical_review");
    expect(submitted.status).toBe("approved");
    const [d] = await t.db.select().from(determinations).where(eq(determinations.caseId, submitted.id));
    const findings = await t.db
      .select()
      .from(determinationFindings)
      .where(eq(determinationFindings.determinationId, d!.id));
    const clinical = findings.filter((f) => f.engineStatus === "needs_clinical_review");
    expect(clinical.length).toBeGreaterThan(0);
    for (const f of clinical) expect(f.status).toBe("not_documented");
  });

  it("does not approve a request outside the policy's scope, nor one whose facts were not attested", async () => {
    const p = await cardedPractice();
    const base = bareRequest();
    const outside: PolicyRequest = { ...base, request: { ...base.request, indication: "other" } };
    expect(evaluate(outside).outcome).toBe("not_addressed_by_policy");
    const a = await submit(p.providerCtx, outside);
    const b = await submit(p.providerCtx, bareRequest(), false);
    for (const s of [a, b]) {
      expect(s.status).not.toBe("approved");
      expect(await t.db.select().from(determinations).where(eq(determinations.caseId, s.id))).toHaveLength(0);
    }
  });

  it("does not apply to a practice without a card", async () => {
    const p = await practice();
    const submitted = await submit(p.providerCtx, bareRequest());
    expect(submitted.status).toBe("submitted");
  });
});

describe("the evaluation", () => {
  it("grants a card at exactly the threshold with exactly the minimum, not at 29 decided, not one approval below; with its figures, audited, the practice told", async () => {
    const exact = await practice();
    const few = await practice();
    const below = await practice();
    await decidedHistory(exact, { approved: 27, denied: 3 });
    await decidedHistory(few, { approved: 29, denied: 0 });
    await decidedHistory(below, { approved: 26, denied: 4 });
    // Outside the window (13 months ago): not counted.
    await decidedHistory(below, { approved: 40, denied: 0 }, 400);
    await setNotificationPreferences(exact.providerCtx, { emailMode: "instant", emailEvents: ["gold_card.granted"] });
    const endpoint = await createWebhookEndpoint(exact.providerCtx, {
      url: "http://127.0.0.1:4255/hooks",
      events: ["gold_card.granted", "gold_card.withdrawn"],
    });

    const now = new Date();
    const summary = await evaluateGoldCards(t.db, now);
    expect(summary.granted).toContain(exact.organizationId);
    expect(await cardsOf(few.organizationId)).toHaveLength(0);
    expect(await cardsOf(below.organizationId)).toHaveLength(0);
    const [card] = await cardsOf(exact.organizationId);
    expect(card).toMatchObject({
      status: "active",
      decided: 30,
      approved: 27,
      approvalRate: "90.0",
      thresholdPercent: 90,
      minimumDecided: 30,
      windowMonths: 12,
    });
    expect(card!.windowTo.getTime()).toBe(now.getTime());

    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "gold_card.grant"), eq(auditEvents.targetId, card!.id)));
    expect(event).toMatchObject({ actorId: POLICY_ENGINE_USER_ID, actorRole: "policy_engine", outcome: "ok" });
    expect(event!.details).toMatchObject({ decided: 30, approved: 27, thresholdPercent: 90 });

    // Bell for both providers, email for the one who chose it, the webhook with the card as data.
    expect((await noticesOf(exact, "gold_card.granted")).map((x) => x.userId).sort()).toEqual(
      [exact.provider.id, exact.provider2.id].sort(),
    );
    const emails = await t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, "notification"), eq(outbox.recipient, exact.provider.email)));
    expect(emails).toHaveLength(1);
    const [hook] = await t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.channel, "webhook"), eq(outbox.recipient, endpoint.id)));
    expect(hook?.kind).toBe("gold_card.granted");
    expect((hook!.payload as { body: { type: string; data: { id: string } } }).body).toMatchObject({
      type: "gold_card.granted",
      data: { id: card!.id, status: "active", decided: 30, approved: 27 },
    });

    // The provider sees it on the case list; the administrator in the list.
    expect((await getOwnGoldCard(exact.providerCtx))?.line).toMatch(
      /^Your practice holds a gold card for PHARMACY 339\.7 since /,
    );
    expect(await getOwnGoldCard(few.providerCtx)).toBeNull();
    const listed = (await listGoldCards(exact.adminCtx)).find((c) => c.id === card!.id);
    expect(listed).toMatchObject({ isActive: true, statusLabel: "Active" });
    expect(listed!.figures).toMatch(/^27 of 30 decided requests approved \(90\.0 %\)/);
    await expect(listGoldCards(exact.providerCtx)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("withdraws the card at the next evaluation when the rate falls, and grants a new one when it rises again", async () => {
    const p = await practice();
    await decidedHistory(p, { approved: 27, denied: 3 }, 40);
    await evaluateGoldCards(t.db, new Date());
    expect((await cardsOf(p.organizationId)).map((c) => c.status)).toEqual(["active"]);

    // Still eligible: the next evaluation changes nothing.
    await evaluateGoldCards(t.db, new Date());
    expect((await cardsOf(p.organizationId)).map((c) => c.status)).toEqual(["active"]);

    await decidedHistory(p, { approved: 0, denied: 2 }, 20); // 27 of 32: 84.3 %
    await evaluateGoldCards(t.db, new Date());
    const [withdrawn] = await cardsOf(p.organizationId);
    expect(withdrawn).toMatchObject({ status: "withdrawn", endedBy: POLICY_ENGINE_USER_ID });
    expect(withdrawn!.endReason).toMatch(
      /approval rate below the plan's threshold \(27 of 32 decided requests approved/,
    );
    expect(await noticesOf(p, "gold_card.withdrawn")).toHaveLength(2);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "gold_card.withdraw"), eq(auditEvents.targetId, withdrawn!.id)));
    expect(event).toMatchObject({ actorId: POLICY_ENGINE_USER_ID });
    expect((await submit(p.providerCtx, bareRequest())).status).toBe("submitted");

    await decidedHistory(p, { approved: 18, denied: 0 }, 10); // 45 of 50: 90 %
    await evaluateGoldCards(t.db, new Date());
    const cards = await cardsOf(p.organizationId);
    expect(cards.map((c) => c.status)).toEqual(["withdrawn", "active"]);
    expect(cards[1]).toMatchObject({ decided: 50, approved: 45 });
    expect(await noticesOf(p, "gold_card.granted")).toHaveLength(4);
  });

  it("grants one card when two evaluations run at once", async () => {
    const p = await practice();
    await decidedHistory(p, { approved: 30, denied: 0 });
    const now = new Date();
    await Promise.all([evaluateGoldCards(t.db, now), evaluateGoldCards(t.db, now), evaluateGoldCards(t.db, now)]);
    expect(await cardsOf(p.organizationId)).toHaveLength(1);
    // And the database itself allows one active card per practice.
    const [card] = await cardsOf(p.organizationId);
    const { id: _id, ...copy } = card!;
    expect(await databaseRefusal(t.db.insert(goldCards).values(copy))).toMatch(/gold_cards_one_active/);
  });

  it("runs on the schedule once per period, whichever instance claims it", async () => {
    await t.db.insert(portalSettings).values({ id: 1 }).onConflictDoNothing();
    await t.db.update(portalSettings).set({ goldCardLastEvaluatedAt: null });
    const p = await practice();
    await decidedHistory(p, { approved: 30, denied: 0 });
    const now = new Date();
    const runs = await Promise.all([
      runScheduledGoldCardEvaluation(t.db, now),
      runScheduledGoldCardEvaluation(t.db, now),
    ]);
    expect(runs.filter(Boolean)).toHaveLength(1);
    expect(await cardsOf(p.organizationId)).toHaveLength(1);
    // Not again until the period has passed.
    expect(await runScheduledGoldCardEvaluation(t.db, new Date(now.getTime() + 30 * DAY))).toBeNull();
    expect(await runScheduledGoldCardEvaluation(t.db, new Date(now.getTime() + GOLD_CARD_PERIOD_MS))).not.toBeNull();
    expect((await getGoldCardSettings(t.db)).lastEvaluatedAt?.getTime()).toBe(now.getTime() + GOLD_CARD_PERIOD_MS);
  });

  it("is the administrator's to run now, audited", async () => {
    const p = await practice();
    await decidedHistory(p, { approved: 30, denied: 0 });
    await expect(runGoldCardEvaluation(p.providerCtx)).rejects.toBeInstanceOf(ForbiddenError);
    const summary = await runGoldCardEvaluation(p.adminCtx);
    expect(summary.granted).toContain(p.organizationId);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "gold_card.evaluate"), eq(auditEvents.actorId, p.admin.id)));
    expect(event?.details).toMatchObject({ granted: summary.granted });
  });
});

describe("revoking a card", () => {
  it("is refused without a reason (naming `reason`), to anyone but an administrator, and changes nothing", async () => {
    const p = await cardedPractice();
    for (const input of [
      { goldCardId: p.card.id },
      { goldCardId: p.card.id, reason: "" },
      { goldCardId: p.card.id, reason: "   too short  " },
      { goldCardId: p.card.id, reason: "x".repeat(501) },
    ]) {
      const err = await revokeGoldCard(p.adminCtx, input).catch((e: unknown) => e);
      expect(err, JSON.stringify(input).slice(0, 60)).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues.map((i) => i.path)).toContain("reason");
    }
    for (const who of [p.providerCtx, p.nurseCtx, ctxFor(t.db, await givenUser(t.db, "auditor"))])
      await expect(
        revokeGoldCard(who, { goldCardId: p.card.id, reason: "Quality review found undocumented approvals." }),
      ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await cardsOf(p.organizationId)).map((c) => c.status)).toEqual(["active"]);
  });

  it("ends the card with the reason, audited; the practice is told; the schedule does not hand it back on the same record", async () => {
    const p = await cardedPractice();
    const reason = "Quality review found approvals the records did not support.";
    await revokeGoldCard(p.adminCtx, { goldCardId: p.card.id, reason: `  ${reason} ` });
    const [card] = await cardsOf(p.organizationId);
    expect(card).toMatchObject({ status: "revoked", endedBy: p.admin.id, endReason: reason });
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "gold_card.revoke"), eq(auditEvents.targetId, p.card.id)));
    expect(event).toMatchObject({ actorId: p.admin.id, outcome: "ok" });
    expect(event!.details).toMatchObject({ reason });
    const told = await noticesOf(p, "gold_card.withdrawn");
    expect(told).toHaveLength(2);
    expect(told[0]!.body).toContain(reason);
    await expect(revokeGoldCard(p.adminCtx, { goldCardId: p.card.id, reason })).rejects.toBeInstanceOf(ConflictError);
    expect((await submit(p.providerCtx, bareRequest())).status).toBe("submitted");

    await evaluateGoldCards(t.db, new Date());
    expect((await cardsOf(p.organizationId)).map((c) => c.status)).toEqual(["revoked"]);
    // The card's figures cannot be changed afterwards, nor the card deleted.
    expect(
      await databaseRefusal(t.db.update(goldCards).set({ approved: 30 }).where(eq(goldCards.id, p.card.id))),
    ).toMatch(/only ever ended once/);
    expect(await databaseRefusal(t.db.delete(goldCards).where(eq(goldCards.id, p.card.id)))).toMatch(
      /append-only|not allowed|reject/i,
    );
  });
});

describe("the gold-card settings", () => {
  it("are the administrator's alone, validated naming the field, audited with before and after, and used by the next evaluation", async () => {
    const p = await practice();
    await givenPlanOrg(t.db);
    await expect(
      setGoldCardSettings(p.providerCtx, { windowMonths: "12", minimumDecided: "30", thresholdPercent: "90" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const bad: [unknown, string][] = [
      [{ windowMonths: "0", minimumDecided: "30", thresholdPercent: "90" }, "windowMonths"],
      [{ windowMonths: "12", minimumDecided: "", thresholdPercent: "90" }, "minimumDecided"],
      [{ windowMonths: "12", minimumDecided: "30", thresholdPercent: "101" }, "thresholdPercent"],
      [{ windowMonths: "12", minimumDecided: "30", thresholdPercent: "89.5" }, "thresholdPercent"],
    ];
    for (const [input, path] of bad) {
      const err = await setGoldCardSettings(p.adminCtx, input).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues.map((i) => i.path)).toContain(path);
    }
    await setGoldCardSettings(p.adminCtx, { windowMonths: "6", minimumDecided: "5", thresholdPercent: "80" });
    expect(await getGoldCardSettings(t.db)).toMatchObject({ windowMonths: 6, minimumDecided: 5, thresholdPercent: 80 });
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "admin.settings.update"), eq(auditEvents.targetId, "gold_cards")));
    expect(event?.details).toMatchObject({
      before: { windowMonths: 12, minimumDecided: 30, thresholdPercent: 90 },
      after: { windowMonths: 6, minimumDecided: 5, thresholdPercent: 80 },
    });

    await decidedHistory(p, { approved: 4, denied: 1 }); // 80 % of 5
    await evaluateGoldCards(t.db, new Date());
    expect(await cardsOf(p.organizationId)).toMatchObject([
      { status: "active", thresholdPercent: 80, minimumDecided: 5 },
    ]);
    // Back to the defaults for anything after.
    await setGoldCardSettings(p.adminCtx, { windowMonths: "12", minimumDecided: "30", thresholdPercent: "90" });
  });
});
