import "server-only";
import { and, eq, inArray, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { outbox } from "@/db/schema";
import type { MailTransport } from "./transport";
import type { EmailMessage } from "./enqueue";

export const MAX_ATTEMPTS = 8;

/** 30 s, 1 min, 2 min ... capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

export interface DeliveryResult {
  sent: number;
  held: number;
  failed: number;
}

/**
 * One delivery pass: claims due messages with `FOR UPDATE SKIP LOCKED` (so workers in several
 * app instances never take the same row), sends each, and records the outcome in the same
 * transaction. A failed send is retried later with a growing delay, and given up ("dead") after
 * MAX_ATTEMPTS. Without a transport an email is "held": logged (recipient kind, subject, link —
 * nothing else) and readable on the admin's Outbox page. `only`: just these messages (a command
 * line tool delivering what it queued).
 */
export async function deliverDue(
  db: Db,
  transport: MailTransport | null,
  { limit = 20, now = new Date(), only }: { limit?: number; now?: Date; only?: string[] } = {},
): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, held: 0, failed: 0 };
  await db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.channel, "email"),
          eq(outbox.status, "pending"),
          lte(outbox.nextAttemptAt, now),
          only ? inArray(outbox.id, only) : undefined,
        ),
      )
      .orderBy(outbox.nextAttemptAt)
      .limit(limit)
      .for("update", { skipLocked: true });
    const held: string[] = [];
    for (const row of due) {
      const message = row.payload as EmailMessage; // the email channel's rows
      if (!transport) {
        console.info(
          `[outbox] ${row.kind} for ${row.recipient} held (no SMTP_URL): "${message.subject}"${message.link ? ` ${message.link}` : ""}`,
        );
        held.push(row.id);
        continue;
      }
      try {
        await transport.send({ to: row.recipient, subject: message.subject, text: message.text });
        await tx
          .update(outbox)
          .set({
            status: "sent",
            attempts: row.attempts + 1,
            deliveredAt: now,
            lastError: null,
            payload: redact(message),
          })
          .where(eq(outbox.id, row.id));
        result.sent++;
      } catch (err) {
        const attempts = row.attempts + 1;
        const reason = String((err as { code?: string }).code ?? (err as Error).name ?? "error").slice(0, 100);
        console.warn(`[outbox] ${row.kind} ${row.id} attempt ${attempts} failed: ${reason}`);
        await tx
          .update(outbox)
          .set({
            attempts,
            lastError: reason,
            status: attempts >= MAX_ATTEMPTS ? "dead" : "pending",
            nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
          })
          .where(eq(outbox.id, row.id));
        result.failed++;
      }
    }
    if (held.length) {
      await tx.update(outbox).set({ status: "held", deliveredAt: now }).where(inArray(outbox.id, held));
      result.held = held.length;
    }
  });
  return result;
}

/** A sent message keeps its subject but not its link or text: the token inside must not outlive delivery. */
function redact(message: EmailMessage): EmailMessage {
  return { subject: message.subject, text: "(delivered; content not kept)" };
}
