import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle, Db } from "@/db/client";
import { notifications, outbox } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { startTestSmtpServer } from "@/test/smtp";
import { ctxFor, givenPlanOrg, givenProviderOrg, givenUser } from "@/test/given";
import { findingsFor } from "@/test/given";
import { documentedRequest } from "@/lib/policy/fixtures";
import { submitCase } from "../cases/submit-case";
import { respondToInformationRequest } from "../cases/respond-to-information-request";
import { withdrawCase } from "../cases/withdraw-case";
import { fileAppeal } from "../cases/file-appeal";
import { lockCase, moveCase } from "../cases/move-case";
import { claimCase } from "../review/claim-case";
import { pendCase } from "../review/pend-case";
import { approveCase } from "../review/approve-case";
import { denyCase } from "../review/deny-case";
import { escalateCase } from "../review/escalate-case";
import { decideAppeal } from "../review/decide-appeal";
import { smtpTransport } from "../outbox/transport";
import { deliverDue } from "../outbox/worker";
import { NotFoundError } from "../errors";
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  setNotificationPreferences,
  unreadNotificationCount,
} from "./notifications";

let handle: DatabaseHandle;
let db: Db;
type User = Awaited<ReturnType<typeof givenUser>>;
let provider: User, provider2: User, outsider: User, nurse: User, physician: User, physician2: User, auditor: User;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  smtp = await startTestSmtpServer(42150);
  const org = await givenProviderOrg(db);
  const other = await givenProviderOrg(db);
  const plan = await givenPlanOrg(db);
  provider = await givenUser(db, "provider", { organizationId: org.id });
  provider2 = await givenUser(db, "provider", { organizationId: org.id });
  await givenUser(db, "provider", { organizationId: org.id, active: false });
  outsider = await givenUser(db, "provider", { organizationId: other.id });
  nurse = await givenUser(db, "nurse_reviewer", { organizationId: plan.id });
  physician = await givenUser(db, "physician_reviewer", { organizationId: plan.id });
  physician2 = await givenUser(db, "physician_reviewer", { organizationId: plan.id });
  auditor = await givenUser(db, "auditor", { organizationId: plan.id });
});
afterAll(async () => {
  await smtp?.close();
  await handle?.close();
});
beforeEach(async () => {
  await db.delete(notifications);
  await db.delete(outbox);
  smtp.received.length = 0;
});

/** Every notification as "user:kind", sorted: exactly one per recipient shows as one entry. */
async function sent(caseId?: string) {
  const rows = await db
    .select({
      userId: notifications.userId,
      kind: notifications.kind,
      title: notifications.title,
      link: notifications.link,
      caseId: notifications.caseId,
    })
    .from(notifications);
  const names = new Map(
    [provider, provider2, outsider, nurse, physician, physician2, auditor].map((u, i) => [
      u.id,
      ["provider", "provider2", "outsider", "nurse", "physician", "physician2", "auditor"][i]!,
    ]),
  );
  return rows
    .filter((r) => !caseId || r.caseId === caseId)
    .map((r) => `${names.get(r.userId) ?? "other"}:${r.kind}`)
    .sort();
}

const submit = () =>
  submitCase(ctxFor(db, provider), {
    request: documentedRequest("chronic_nonmalignant_pain", "trial"),
    memberId: "M-NOTIFY",
    memberName: "Zelda Patientname",
  });

async function clearAfter<T>(p: Promise<T>): Promise<T> {
  const r = await p;
  await db.delete(notifications);
  return r;
}

describe("notifications written with the change that causes them", () => {
  it("case received: one per provider of the organization (active only), none elsewhere; the title has the reference, never the member", async () => {
    const c = await submit();
    expect(await sent()).toEqual(["provider2:case.received", "provider:case.received"]);
    const [n] = await db.select().from(notifications).where(eq(notifications.userId, provider.id));
    expect(n!.title).toBe(`${c.reference}: Case received`);
    expect(n!.body).toMatch(/^Received\. Due .+ ET\.$/);
    expect(n!.link).toBe(`/cases/${c.id}`);
    expect(JSON.stringify(await db.select().from(notifications))).not.toContain("Zelda");
  });

  it("information requested, then answered: providers hear the request, the nurse hears the answer", async () => {
    const c = await clearAfter(submit());
    const claim = await claimCase(ctxFor(db, nurse), { caseId: c.id, version: c.version });
    expect(await sent()).toEqual([]); // a claim is nobody's news
    const pend = await pendCase(ctxFor(db, nurse), {
      caseId: c.id,
      version: claim.version,
      message: "Please send the psychological evaluation.",
      items: ["psychological evaluation", "imaging report"],
    });
    expect(await sent()).toEqual(["provider2:case.information_requested", "provider:case.information_requested"]);
    const [n] = await db.select().from(notifications).where(eq(notifications.userId, provider.id));
    expect(n!.body).toMatch(/asks for 2 items; answer by the due time\. Due .+ ET\./);
    await db.delete(notifications);
    await respondToInformationRequest(ctxFor(db, provider), {
      caseId: c.id,
      version: pend.version,
      note: "Evaluation attached.",
    });
    expect(await sent()).toEqual(["nurse:case.information_received"]);
    const [answer] = await db.select().from(notifications);
    expect(answer!.link).toBe(`/review/${c.id}`);
  });

  it("decision made: providers get it with the letter's link", async () => {
    const c = await clearAfter(submit());
    const claim = await claimCase(ctxFor(db, nurse), { caseId: c.id, version: c.version });
    const approved = await approveCase(ctxFor(db, nurse), {
      caseId: c.id,
      version: claim.version,
      findings: findingsFor(c.evaluation),
      rationale: "Every criterion is met.",
    });
    expect(await sent()).toEqual(["provider2:case.decided", "provider:case.decided"]);
    const [n] = await db.select().from(notifications).where(eq(notifications.userId, provider.id));
    expect(n!.link).toBe(`/letters/${approved.determinationId}`);
    expect(n!.title).toBe(`${c.reference}: Decision made`);
  });

  it("escalation reaches every physician; a denial's appeal reaches the providers and the physicians who did not deny; its decision the providers", async () => {
    const c = await clearAfter(submit());
    const claim = await claimCase(ctxFor(db, nurse), { caseId: c.id, version: c.version });
    const esc = await escalateCase(ctxFor(db, nurse), {
      caseId: c.id,
      version: claim.version,
      reason: "Needs a physician's judgement.",
    });
    expect(await sent()).toEqual(["physician2:case.escalated", "physician:case.escalated"]);
    await db.delete(notifications);
    const claim2 = await claimCase(ctxFor(db, physician), { caseId: c.id, version: esc.version });
    const denied = await denyCase(ctxFor(db, physician), {
      caseId: c.id,
      version: claim2.version,
      findings: findingsFor(c.evaluation, { "cnmp.trial.psychological": { status: "not_documented" } }),
      rationale: "No psychological evaluation was sent with the request.",
    });
    expect(await sent()).toEqual(["provider2:case.decided", "provider:case.decided"]);
    await db.delete(notifications);
    const appeal = await fileAppeal(ctxFor(db, provider), {
      caseId: c.id,
      version: denied.version,
      reason: "The evaluation was done; the report is attached now.",
    });
    expect(await sent()).toEqual([
      "physician2:appeal.arrived",
      "provider2:appeal.received",
      "provider:appeal.received",
    ]);
    await db.delete(notifications);
    const claim3 = await claimCase(ctxFor(db, physician2), { caseId: c.id, version: appeal.version });
    await decideAppeal(ctxFor(db, physician2), {
      caseId: c.id,
      version: claim3.version,
      decision: "appeal_overturned",
      findings: findingsFor(c.evaluation),
      rationale: "The evaluation report settles the criterion.",
    });
    expect(await sent()).toEqual(["provider2:appeal.decided", "provider:appeal.decided"]);
  });

  it("withdrawn: the providers hear it", async () => {
    const c = await clearAfter(submit());
    await withdrawCase(ctxFor(db, provider), { caseId: c.id, version: c.version, reason: "no_longer_needed" });
    expect(await sent()).toEqual(["provider2:case.withdrawn", "provider:case.withdrawn"]);
  });

  it("a rolled-back change produces no notification, email or webhook message", async () => {
    const c = await clearAfter(submit());
    await setNotificationPreferences(ctxFor(db, provider), { emailMode: "instant", emailEvents: ["case.withdrawn"] });
    const ctx = ctxFor(db, provider);
    await expect(
      db.transaction(async (tx) => {
        const row = await lockCase(ctx, tx, { caseId: c.id }, { action: "case.withdraw" });
        await moveCase(
          ctx,
          tx,
          row,
          { status: "withdrawn" },
          { action: "case.withdraw", targetType: "case", targetId: c.id, caseId: c.id },
        );
        expect(await tx.select().from(notifications)).toHaveLength(2); // written inside…
        throw new Error("the action failed after the move");
      }),
    ).rejects.toThrow("the action failed");
    expect(await sent()).toEqual([]); // …and gone with the rollback
    expect(await db.select().from(outbox)).toEqual([]);
    await setNotificationPreferences(ctxFor(db, provider), { emailMode: "off", emailEvents: [] });
  });
});

describe("the bell and the page", () => {
  it("counts, lists and marks only the viewer's own notifications (another's is a 404)", async () => {
    await submit();
    await submit();
    expect(await unreadNotificationCount(ctxFor(db, provider))).toBe(2);
    const list = await listNotifications(ctxFor(db, provider));
    expect(list).toHaveLength(2);
    await expect(markNotificationRead(ctxFor(db, provider2), { id: list[0]!.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await markNotificationRead(ctxFor(db, provider), { id: list[0]!.id })).toEqual({ link: list[0]!.link });
    expect(await unreadNotificationCount(ctxFor(db, provider))).toBe(1);
    expect(await unreadNotificationCount(ctxFor(db, provider2))).toBe(2);
    expect(await markAllNotificationsRead(ctxFor(db, provider))).toEqual({ count: 1 });
    expect(await unreadNotificationCount(ctxFor(db, provider))).toBe(0);
  });
});

describe("email per preferences", () => {
  it("sends instant email only for the chosen events, with reference, status and link but nothing clinical", async () => {
    await setNotificationPreferences(ctxFor(db, provider), {
      emailMode: "instant",
      emailEvents: ["case.information_requested"],
    });
    await setNotificationPreferences(ctxFor(db, provider2), {
      emailMode: "daily",
      emailEvents: ["case.information_requested"],
    });
    const c = await submit();
    const claim = await claimCase(ctxFor(db, nurse), { caseId: c.id, version: c.version });
    await pendCase(ctxFor(db, nurse), {
      caseId: c.id,
      version: claim.version,
      message: "Please send the psychological evaluation.",
      items: ["psychological evaluation"],
    });
    const mails = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.channel, "email"), eq(outbox.kind, "notification")));
    expect(mails.map((m) => m.recipient)).toEqual([provider.email]); // not for case.received; provider2 takes a digest
    expect(await deliverDue(db, smtpTransport(smtp.url))).toMatchObject({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual([provider.email]);
    expect(mail.subject).toBe(`${c.reference}: Information requested`);
    expect(mail.text).toContain("Status: Information requested");
    expect(mail.text).toContain(`/cases/${c.id}`);
    for (const secret of ["Zelda", "M-NOTIFY", "psychological", "evaluation"]) expect(mail.raw).not.toContain(secret);
  });

  it("a submission emails the providers who chose instant email for case.received, and only them (written without reading the providers first)", async () => {
    await setNotificationPreferences(ctxFor(db, provider), { emailMode: "instant", emailEvents: ["case.received"] });
    await setNotificationPreferences(ctxFor(db, provider2), { emailMode: "daily", emailEvents: ["case.received"] });
    const c = await submit();
    const mails = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.channel, "email"), eq(outbox.kind, "notification")));
    expect(mails.map((m) => m.recipient)).toEqual([provider.email]);
    expect(mails[0]!.payload).toMatchObject({ subject: `${c.reference}: Case received` });
    expect((mails[0]!.payload as { text: string }).text).toContain(`/cases/${c.id}`);
  });

  it("refuses an unknown event or mode", async () => {
    await expect(
      setNotificationPreferences(ctxFor(db, provider), { emailMode: "hourly", emailEvents: [] }),
    ).rejects.toThrow(/not valid/);
    await expect(
      setNotificationPreferences(ctxFor(db, provider), { emailMode: "instant", emailEvents: ["case.gossip"] }),
    ).rejects.toThrow(/not valid/);
  });
});
