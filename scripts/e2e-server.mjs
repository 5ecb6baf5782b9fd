// Starts the portal for the end-to-end suite on a fresh embedded database (or a fresh
// PostgreSQL database when E2E_DATABASE_URL is set): build once, then `next start`.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { e2eDataDir, e2eServerEnv, e2eServerLog } from "./e2e-env.mjs";

const port = process.env.E2E_PORT ?? "3100";
// E2E_NAME lets two suites run side by side (own build folder, own data, own port).
rmSync(e2eDataDir, { recursive: true, force: true });
const env = e2eServerEnv();

if (process.env.E2E_SKIP_BUILD !== "1") {
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// The server's output also goes to a file, so a spec can show that no patient data reaches the logs.
mkdirSync(e2eDataDir, { recursive: true });
const log = createWriteStream(e2eServerLog);
// Idle keep-alive connections stay open 65 s (Node's default is 5 s): a test's request context
// that reuses a socket the server is closing at that instant gets ECONNRESET (seen once in CI).
const server = spawn("npx", ["next", "start", "-p", port, "--keepAliveTimeout", "65000"], {
  stdio: ["ignore", "pipe", "pipe"],
  env,
});
for (const [from, to] of [
  [server.stdout, process.stdout],
  [server.stderr, process.stderr],
]) {
  from.on("data", (chunk) => {
    to.write(chunk);
    log.write(chunk);
  });
}
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
