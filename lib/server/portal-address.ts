// No "server-only": the outbox worker (started from instrumentation.ts) builds links too.

/**
 * The portal's address in every link it sends by email (invitations, password resets,
 * notifications, digests, webhook-failing notices) and in FHIR subscription references: PORTAL_URL,
 * else AUTH_URL, else http://localhost:PORT (development). Never the address a request came to: a
 * forged Host header must not steer a reset link, and a notice written by a background job has
 * no request at all, so one rule for all of them.
 */
export function portalBaseUrl(): string {
  return (process.env.PORTAL_URL || process.env.AUTH_URL || `http://localhost:${process.env.PORT ?? 3000}`).replace(
    /\/+$/,
    "",
  );
}

/** True when production would send links to localhost: the operator is told at start and on the admin pages. */
export function portalAddressMissingInProduction(): boolean {
  return process.env.NODE_ENV === "production" && !process.env.PORTAL_URL && !process.env.AUTH_URL;
}
