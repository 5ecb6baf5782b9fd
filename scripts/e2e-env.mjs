// The environment of the end-to-end server (scripts/e2e-server.mjs), shared with specs that start
// a second instance of the same build on the same database (e2e/instances).
import path from "node:path";

const suffix = process.env.E2E_NAME ? `-${process.env.E2E_NAME}` : "";
export const e2eDataDir = path.resolve(`.data/e2e${suffix}`);
/** Everything the end-to-end server prints (scripts/e2e-server.mjs), for the no-patient-data-in-logs spec. */
export const e2eServerLog = path.join(e2eDataDir, "server.log");

export function e2eServerEnv() {
  const env = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: `.next-e2e${suffix}`,
    PORTAL_DEMO: "1",
    PORTAL_DATA_DIR: e2eDataDir,
    PGLITE_DIR: path.join(e2eDataDir, "pglite"),
    AUTH_SECRET: process.env.E2E_AUTH_SECRET ?? "e2e-only-secret-not-for-production-0123456789",
    AUTH_TRUST_HOST: "true",
    // Links in email go to the configured address (as in production), here the suite's server.
    PORTAL_URL: process.env.E2E_PORTAL_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  else delete env.DATABASE_URL;
  return env;
}
