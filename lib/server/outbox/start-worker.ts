// No "server-only" here: instrumentation.ts loads this outside the React server graph.
import { getDb } from "@/db/client";
import { setOutboxWake } from "./enqueue";
import { mailNotConfiguredInProduction, smtpTransport } from "./transport";
import { portalAddressMissingInProduction } from "../portal-address";
import { deliverDue } from "./worker";
import { deliverWebhooksDue } from "../webhooks/deliver";
import { deliverSubscriptionNotificationsDue } from "../fhir-subscriptions/deliver";
import { runScheduledJobs } from "../notifications/scheduler";

const holder = globalThis as unknown as { __outboxWorker?: { stop: () => void } };

/**
 * Runs the delivery worker inside the server process (started from instrumentation.ts): a pass
 * every OUTBOX_POLL_MS (default 5 s), and one soon after a service commits (withTransaction wakes
 * it). A pass runs the scheduled jobs whose window is open (due-time alerts, daily digest: one
 * instance per window), then delivers email, webhooks and FHIR subscription notifications. Every instance runs one; row locks
 * keep them from sending the same message twice.
 */
export function startOutboxWorker(): { stop: () => void } {
  if (holder.__outboxWorker) return holder.__outboxWorker;
  const transport = smtpTransport();
  if (portalAddressMissingInProduction())
    console.warn("[outbox] PORTAL_URL (or AUTH_URL) is not set: links in email would point to localhost.");
  if (mailNotConfiguredInProduction())
    console.warn("[outbox] SMTP_URL is not set: email is not sent; messages are held on the admin's Outbox page.");
  const interval = Math.max(200, Number(process.env.OUTBOX_POLL_MS ?? 5000) || 5000);
  let running = false;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pass = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const db = await getDb();
      // Due-time alerts and the digest first: what they queue goes out in this same pass.
      await runScheduledJobs(db).catch((err: Error) => console.error(`[scheduler] run failed: ${err.name}`));
      do {
        again = false;
        await deliverDue(db, transport);
        await deliverWebhooksDue(db);
        await deliverSubscriptionNotificationsDue(db);
      } while (again);
    } catch (err) {
      console.error(`[outbox] delivery pass failed: ${(err as Error).name}`);
    } finally {
      running = false;
    }
  };
  const tick = setInterval(() => void pass(), interval);
  tick.unref?.();
  setOutboxWake(() => {
    clearTimeout(timer);
    timer = setTimeout(() => void pass(), 50);
  });
  holder.__outboxWorker = {
    stop: () => {
      clearInterval(tick);
      clearTimeout(timer);
      setOutboxWake(undefined);
      holder.__outboxWorker = undefined;
    },
  };
  return holder.__outboxWorker;
}
