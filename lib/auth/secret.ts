import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const DEMO_PASSWORD = "portal-demo-339";

/** Demo data and demo accounts: always in development, in production only when asked for. */
export function demoModeEnabled(): boolean {
  return process.env.NODE_ENV !== "production" || process.env.PORTAL_DEMO === "1";
}

/**
 * AUTH_SECRET, or in development a generated one kept in the local data folder so sessions
 * survive restarts. Production without AUTH_SECRET refuses to run.
 */
export function resolveAuthSecret(): string {
  const fromEnv = process.env.AUTH_SECRET;
  if (fromEnv) return fromEnv;
  if (process.env.NODE_ENV === "production") {
    throw new Error(
      "AUTH_SECRET is not set. Set it to a long random value (for example `openssl rand -base64 33`) before starting the portal in production.",
    );
  }
  const file = path.resolve(process.env.PORTAL_DATA_DIR ?? ".data", "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(33).toString("base64"), { mode: 0o600 });
  }
  const secret = readFileSync(file, "utf8").trim();
  process.env.AUTH_SECRET = secret;
  return secret;
}
