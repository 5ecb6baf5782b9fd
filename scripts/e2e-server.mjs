// Starts the portal for the end-to-end suite on a fresh embedded database (or a fresh
// PostgreSQL database when E2E_DATABASE_URL is set): build once, then `next start`.
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { e2eDataDir, e2eServerEnv } from "./e2e-env.mjs";

const port = process.env.E2E_PORT ?? "3100";
// E2E_NAME lets two suites run side by side (own build folder, own data, own port).
rmSync(e2eDataDir, { recursive: true, force: true });
const env = e2eServerEnv();

if (process.env.E2E_SKIP_BUILD !== "1") {
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawn("npx", ["next", "start", "-p", port], { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
