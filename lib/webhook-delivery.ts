/**
 * How one attempt in a webhook endpoint's delivery log reads to the person watching it: the
 * endpoint's answer in words, and for a failed attempt what happens next (another attempt at a
 * time, already tried again, or given up). Pure: the page and its test share it.
 */
export interface DeliveryAttempt {
  attempt: number;
  statusCode: number | null;
  error: string | null;
}

/** The attempt's message in the outbox (null when it is gone). */
export interface DeliveryMessage {
  status: string;
  attempts: number;
  nextAttemptAt: Date;
}

export type DeliveryOutcome =
  | { kind: "delivered" }
  | { kind: "retry_at"; at: Date }
  | { kind: "retried" }
  | { kind: "given_up" }
  | { kind: "failed" };

export function deliveryOutcome(row: DeliveryAttempt, message: DeliveryMessage | null): DeliveryOutcome {
  if (!row.error) return { kind: "delivered" };
  if (!message) return { kind: "failed" };
  // A later attempt was claimed (claiming counts it), whatever became of it.
  if (message.attempts > row.attempt) return { kind: "retried" };
  if (message.status === "pending") return { kind: "retry_at", at: message.nextAttemptAt };
  if (message.status === "dead") return { kind: "given_up" };
  return { kind: "failed" };
}

const ERROR_WORDS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection dropped",
  ENOTFOUND: "address not found",
  EAI_AGAIN: "address lookup failed",
  ETIMEDOUT: "no answer (connection timed out)",
  TimeoutError: "no answer within 10 seconds",
  AbortError: "no answer within 10 seconds",
  UND_ERR_CONNECT_TIMEOUT: "no answer (connection timed out)",
  CERT_HAS_EXPIRED: "its certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "its certificate is self-signed",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its certificate could not be verified",
  ERR_TLS_CERT_ALTNAME_INVALID: "its certificate is for another name",
};

/** The endpoint's answer: "HTTP 200", "HTTP 503", or what went wrong before any answer, in words. */
export function deliveryAnswer(row: DeliveryAttempt): string {
  if (row.statusCode !== null) return `HTTP ${row.statusCode}`;
  if (!row.error) return "";
  if (row.error.startsWith("refused: ")) return `not sent: the address ${row.error.slice("refused: ".length)}`;
  return ERROR_WORDS[row.error] ?? row.error;
}
