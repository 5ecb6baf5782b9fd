import { spawn } from "node:child_process";
import { expect } from "@playwright/test";
import { e2eServerEnv } from "../../scripts/e2e-env.mjs";

export interface Instance {
  /** Signals the instance's whole process group (npx and the server it started). */
  stop: (signal?: NodeJS.Signals) => void;
}

/**
 * Another `next start` of the end-to-end build on `port` (e2e/instances: a second instance on the
 * same PostgreSQL database, or one to kill), resolved once its sign-in page answers.
 */
export async function startInstance(
  port: number,
  env: NodeJS.ProcessEnv = e2eServerEnv(),
  timeout = 100_000,
): Promise<Instance> {
  const child = spawn("npx", ["next", "start", "-p", String(port), "--keepAliveTimeout", "65000"], {
    env,
    stdio: "ignore",
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.pid) process.kill(-child.pid, signal);
  };
  try {
    await expect
      .poll(
        () =>
          fetch(`${url}/login`).then(
            (r) => r.ok,
            () => false,
          ),
        { timeout, intervals: [500], message: `the instance did not start on ${url}` },
      )
      .toBe(true);
  } catch (err) {
    stop();
    throw err;
  }
  return { stop };
}
