import "server-only";
import type { Db } from "@/db/client";
import { outbox } from "@/db/schema";

/** An email's content. `link` is the one secret it may carry (shown in the log and the Outbox page when held). */
export interface EmailMessage {
  subject: string;
  text: string;
  link?: string;
}

export type EmailKind =
  | "invitation"
  | "password_reset"
  | "account_deactivated"
  | "password_changed"
  | "two_factor_enabled"
  | "two_factor_disabled"
  | "notification"
  | "notification_digest"
  | "webhook_failing"
  | "audit_checkpoint";

/**
 * Queues an email inside the caller's transaction: the message exists exactly when the action
 * that causes it commits. The worker delivers it (see worker.ts); `wakeOutbox` asks for a pass now.
 */
export async function enqueueEmail(tx: Db, kind: EmailKind, to: string, message: EmailMessage): Promise<string> {
  const [row] = await tx
    .insert(outbox)
    .values({ channel: "email", kind, recipient: to, payload: { ...message } })
    .returning({ id: outbox.id });
  return row!.id;
}

/** Several emails of one kind in one statement (same guarantees as enqueueEmail). */
export async function enqueueEmails(
  tx: Db,
  kind: EmailKind,
  emails: { to: string; message: EmailMessage }[],
): Promise<string[]> {
  if (!emails.length) return [];
  const rows = await tx
    .insert(outbox)
    .values(emails.map((e) => ({ channel: "email" as const, kind, recipient: e.to, payload: { ...e.message } })))
    .returning({ id: outbox.id });
  return rows.map((r) => r.id);
}

const wakeHolder = globalThis as unknown as { __outboxWake?: () => void };

/** Asks the in-process worker (when running) for a delivery pass soon; call after the transaction commits. */
export function wakeOutbox(): void {
  wakeHolder.__outboxWake?.();
}

export function setOutboxWake(fn: (() => void) | undefined): void {
  wakeHolder.__outboxWake = fn;
}
