// Anchors of signed audit checkpoints outside the database, besides the anchor folder: an email
// to the addresses in AUDIT_ANCHOR_EMAIL and an `audit.checkpoint` webhook to the plan's
// subscribed endpoints. Both are queued in the checkpoint's own transaction (the outbox), so a
// checkpoint exists exactly when its anchors are on their way, and the outbox worker delivers
// them with its retries. No "server-only": the checkpoint script and timer run it.
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "../validation/zod";
import type { Db } from "@/db/client";
import { organizations, outbox, webhookEndpoints } from "@/db/schema";
import type { EmailMessage } from "@/lib/server/outbox/enqueue";
import { enqueueEmail } from "@/lib/server/outbox/enqueue";
import type { Checkpoint } from "./checkpoints";

const CHECKPOINT_EVENT = "audit.checkpoint";
const BEGIN = "-----BEGIN AUDIT CHECKPOINT-----";
const END = "-----END AUDIT CHECKPOINT-----";

/**
 * AUDIT_ANCHOR_EMAIL: addresses separated by commas, spaces or semicolons (none: no email anchor).
 * A malformed address is an error naming it, never skipped.
 */
export function anchorEmails(value: string | undefined = process.env.AUDIT_ANCHOR_EMAIL): string[] {
  const list = (value ?? "").split(/[\s,;]+/).filter(Boolean);
  for (const address of list) {
    if (!z.email().safeParse(address).success)
      throw new Error(`AUDIT_ANCHOR_EMAIL: "${address.slice(0, 80)}" is not an email address.`);
  }
  return [...new Set(list)];
}

/** What an anchor carries: the checkpoint exactly as signed, and the public key that checks it. Nothing about any case. */
export interface AnchoredCheckpoint extends Checkpoint {
  algorithm: "Ed25519";
  /** The signing key's public half (SPKI PEM); its SHA-256 is keyId. Pin it on first receipt. */
  publicKey: string;
}

export function anchoredCheckpoint(c: Checkpoint, publicKeyPem: string): AnchoredCheckpoint {
  return {
    headSeq: c.headSeq,
    headHash: c.headHash,
    eventCount: c.eventCount,
    createdAt: c.createdAt,
    keyId: c.keyId,
    signature: c.signature,
    algorithm: "Ed25519",
    publicKey: publicKeyPem,
  };
}

/** The anchor email: the figures in words, and the checkpoint as one JSON line between markers (what `audit:verify --checkpoint` reads). */
function checkpointEmail(a: AnchoredCheckpoint): EmailMessage {
  const { publicKey, ...signed } = a;
  return {
    subject: `Audit checkpoint: ${a.eventCount} events through #${a.headSeq}`,
    text: [
      "The prior-authorization portal signed its audit trail's head. Keep this message unchanged: it is an anchor outside the portal's database.",
      "",
      `Head sequence number: ${a.headSeq}`,
      `Head hash (SHA-256): ${a.headHash}`,
      `Events in the chain: ${a.eventCount}`,
      `Signed at: ${a.createdAt}`,
      `Key id (SHA-256 of the public key): ${a.keyId}`,
      `Signature (Ed25519, base64): ${a.signature}`,
      "",
      "To check later that no event was removed, save the block below to a file and run",
      "npm run audit:verify -- --checkpoint <file>  (with AUDIT_VERIFY_PUBLIC_KEY set to the key below):",
      "a chain that ends before this head, or differs at it, is reported as broken.",
      "",
      BEGIN,
      JSON.stringify(signed),
      END,
      "",
      publicKey.trim(),
      "",
      "— Prior-authorization portal (PHARMACY 339.7), audit anchors.",
    ].join("\n"),
  };
}

/**
 * Queues the checkpoint's anchors inside the checkpoint's transaction: an email per
 * AUDIT_ANCHOR_EMAIL address, and an `audit.checkpoint` webhook message per active endpoint of
 * the plan's organization subscribed to it (only administrators can subscribe; a provider
 * organization's endpoint never receives one even if its row said so). Returns how many.
 */
export async function queueCheckpointAnchors(
  tx: Db,
  a: AnchoredCheckpoint,
  emails: string[],
): Promise<{ emails: number; webhooks: number; outboxIds: string[] }> {
  const outboxIds: string[] = [];
  for (const to of emails) outboxIds.push(await enqueueEmail(tx, "audit_checkpoint", to, checkpointEmail(a)));
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .innerJoin(
      organizations,
      and(eq(organizations.id, webhookEndpoints.organizationId), eq(organizations.kind, "plan")),
    )
    .where(
      and(
        ne(webhookEndpoints.status, "disabled"),
        sql`${webhookEndpoints.events} @> ${JSON.stringify([CHECKPOINT_EVENT])}::jsonb`,
      ),
    );
  for (const e of endpoints) {
    const [row] = await tx
      .insert(outbox)
      .values({
        channel: "webhook",
        kind: CHECKPOINT_EVENT,
        recipient: e.id,
        payload: {
          messageId: `msg_${crypto.randomUUID().replace(/-/g, "")}`,
          body: { type: CHECKPOINT_EVENT, timestamp: a.createdAt, data: a },
        },
      })
      .returning({ id: outbox.id });
    outboxIds.push(row!.id);
  }
  return { emails: emails.length, webhooks: endpoints.length, outboxIds };
}

const receivedCheckpoint = z.object({
  headSeq: z.number().int().nonnegative(),
  headHash: z.string().regex(/^[0-9a-f]{64}$/),
  eventCount: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  keyId: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().min(1),
});

/**
 * A checkpoint as an outside party kept it: the anchor email's text (the block between the
 * markers), an `audit.checkpoint` webhook body (`{ type, data }`), or a checkpoint file from
 * the anchor folder. Only the signed fields are taken; the signature is checked by verify.
 */
export function parseReceivedCheckpoint(text: string): Checkpoint {
  const begin = text.indexOf(BEGIN);
  const json = begin >= 0 ? text.slice(begin + BEGIN.length, text.indexOf(END, begin)).replace(/\s*\n\s*/g, "") : text;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(
      "not a checkpoint: no JSON found (expected an anchor email, an audit.checkpoint webhook body or a checkpoint file)",
    );
  }
  const body = value as { type?: unknown; data?: unknown };
  const parsed = receivedCheckpoint.safeParse(body.type === CHECKPOINT_EVENT ? body.data : value);
  if (!parsed.success)
    throw new Error(
      `not a checkpoint: ${parsed.error.issues.map((i) => `${i.path.join(".") || "value"} ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}
