// Starts the portal for the end-to-end suite on a fresh embedded database (or a fresh
// PostgreSQL database when E2E_DATABASE_URL is set): build once, then `next start`.
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";

const port = process.env.E2E_PORT ?? "3100";
// E2E_NAME lets two suites run side by side (own build folder, own data, own port).
const suffix = process.env.E2E_NAME ? `-${process.env.E2E_NAME}` : "";
const dataDir = path.resolve(`.data/e2e${suffix}`);
rmSync(dataDir, { recursive: true, force: true });

const env = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_DIST_DIR: `.next-e2e${suffix}`,
  PORTAL_DEMO: "1",
  PORTAL_DATA_DIR: dataDir,
  PGLITE_DIR: path.join(dataDir, "pglite"),
  AUTH_SECRET: process.env.E2E_AUTH_SECRET ?? "e2e-only-secret-not-for-production-0123456789",
  AUTH_TRUST_HOST: "true",
  NEXT_TELEMETRY_DISABLED: "1",
};
if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;
else delete env.DATABASE_URL;

if (process.env.E2E_SKIP_BUILD !== "1") {
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawn("npx", ["next", "start", "-p", port], { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
