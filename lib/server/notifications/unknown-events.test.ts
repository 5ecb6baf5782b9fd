// Unknown event names are refused, never dropped: through the server actions (as the forms and a
// forged POST call them) and the one shared zod schema, with a message naming the event, and
// nothing saved. Before, both actions filtered the list first, so "case.deleted" vanished silently.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { count, eq } from "drizzle-orm";
import type { DatabaseHandle, Db } from "@/db/client";
import { auditEvents, notificationPreferences, webhookEndpoints } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenPlanOrg, givenProviderOrg, givenUser } from "@/test/given";
import { createWebhookEndpointInput, notificationPreferencesInput } from "@/lib/validation/notifications";
import type { ServiceContext } from "../context";
import { getNotificationPreferences, setNotificationPreferences } from "./notifications";

let current: ServiceContext;
vi.mock("@/lib/server/viewer", () => ({ serviceContext: async () => current }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
const { createWebhookEndpointAction } = await import("@/app/(app)/settings/webhooks/actions");
const { saveNotificationPreferencesAction } = await import("@/app/actions/notifications");

let handle: DatabaseHandle;
let db: Db;
let providerCtx: ServiceContext;
let nurseCtx: ServiceContext;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  const org = await givenProviderOrg(db);
  const plan = await givenPlanOrg(db);
  providerCtx = ctxFor(db, await givenUser(db, "provider", { organizationId: org.id }));
  nurseCtx = ctxFor(db, await givenUser(db, "nurse_reviewer", { organizationId: plan.id }));
});
afterAll(() => handle?.close());
beforeEach(() => {
  current = providerCtx;
});

const auditCount = async (action: string) =>
  Number((await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, action)))[0]!.n);
const prefsForm = (mode: string, events: string[]) => {
  const form = new FormData();
  form.set("emailMode", mode);
  for (const e of events) form.append("emailEvents", e);
  return form;
};

describe("unknown event names are refused by name, and nothing changes", () => {
  it("the shared schema names the unknown event (the webhook form: in a sentence, without the plan's events)", () => {
    const parsed = createWebhookEndpointInput.safeParse({
      url: "https://ehr.example.org/h",
      events: ["case.received", "case.deleted"],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toHaveLength(1);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ["events", 1] });
    expect(parsed.error!.issues[0]!.message).toBe('"case.deleted" is not a webhook event.');
    const prefs = notificationPreferencesInput.safeParse({
      emailMode: "instant",
      emailEvents: ["case.overdue", 42, "x".repeat(500)],
    });
    expect(prefs.error!.issues.map((i) => i.message.slice(0, 30))).toEqual([
      'unknown event "42"; the events',
      `unknown event "${"x".repeat(15)}`,
    ]);
    // A long or odd value is quoted short and printable.
    expect(prefs.error!.issues[1]!.message).toContain(`"${"x".repeat(60)}…"`);
    expect(
      createWebhookEndpointInput.safeParse({ url: "https://ehr.example.org/h", events: ["case.received"] }).success,
    ).toBe(true);
  });

  it("createWebhookEndpointAction refuses an unknown event: no endpoint, no audit of a creation", async () => {
    const before = await auditCount("webhook.create");
    const r = await createWebhookEndpointAction({
      url: "http://127.0.0.1:4250/hooks",
      events: ["case.received", "case.deleted"],
    });
    expect(r).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    if (r.ok) throw new Error("accepted");
    expect(r.message).toBe('"case.deleted" is not a webhook event.');
    expect(r.issues).toEqual([
      expect.objectContaining({ path: "events[1]", message: expect.stringContaining('"case.deleted"') }),
    ]);
    expect(await db.select().from(webhookEndpoints)).toEqual([]);
    expect(await auditCount("webhook.create")).toBe(before);
    // Only unknown events: refused too (before, the filter left an empty list and "choose at least one event").
    const only = await createWebhookEndpointAction({ url: "http://127.0.0.1:4250/hooks", events: ["CASE.RECEIVED"] });
    expect(only.ok ? "" : only.message).toBe('"CASE.RECEIVED" is not a webhook event.');
    // The known events alone are accepted.
    expect(
      await createWebhookEndpointAction({ url: "http://127.0.0.1:4250/hooks", events: ["case.received"] }),
    ).toMatchObject({ ok: true });
  });

  it("saveNotificationPreferencesAction refuses an unknown event and keeps the saved preferences", async () => {
    current = nurseCtx;
    await setNotificationPreferences(nurseCtx, { emailMode: "daily", emailEvents: ["case.overdue"] });
    const before = await auditCount("notifications.preferences");
    const r = await saveNotificationPreferencesAction(prefsForm("instant", ["case.due_soon", "case.reopened"]));
    expect(r).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(r.ok ? "" : r.message).toContain('emailEvents[1]: unknown event "case.reopened"');
    expect(await getNotificationPreferences(nurseCtx)).toEqual({ emailMode: "daily", emailEvents: ["case.overdue"] });
    expect(await auditCount("notifications.preferences")).toBe(before);
    const [row] = await db
      .select()
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, nurseCtx.viewer.userId));
    expect(row!.emailMode).toBe("daily");
    // The same form with known events saves.
    expect(await saveNotificationPreferencesAction(prefsForm("instant", ["case.due_soon"]))).toMatchObject({
      ok: true,
    });
    expect(await getNotificationPreferences(nurseCtx)).toEqual({
      emailMode: "instant",
      emailEvents: ["case.due_soon"],
    });
  });
});
