import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./scripts/browser.mjs";
import { authFile } from "./e2e/support/accounts";

const PORT = Number(process.env.E2E_PORT ?? 3100);

const executablePath = findChromium() ?? undefined;
const browserUse = {
  ...devices["Desktop Chrome"],
  launchOptions: { executablePath, args: CHROMIUM_ARGS },
};

export default defineConfig({
  testDir: "e2e",
  outputDir: `test-results${process.env.E2E_NAME ? `-${process.env.E2E_NAME}` : ""}`,
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ["list"],
    [
      "html",
      { open: "never", outputFolder: `playwright-report${process.env.E2E_NAME ? `-${process.env.E2E_NAME}` : ""}` },
    ],
  ],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/, use: browserUse },
    { name: "public", testDir: "e2e/public", use: browserUse },
    ...(["provider", "nurse", "physician", "auditor", "admin"] as const).map((role) => ({
      name: role,
      testDir: `e2e/${role}`,
      dependencies: ["setup"],
      use: { ...browserUse, storageState: authFile(role) },
    })),
    { name: "forbidden", testDir: "e2e/forbidden", dependencies: ["setup"], use: browserUse },
    // Only on PostgreSQL (E2E_DATABASE_URL, CI's second run): a second instance of the build on the
    // same database. PGlite cannot be shared, so the embedded run has no such project at all.
    ...(process.env.E2E_DATABASE_URL
      ? [{ name: "instances", testDir: "e2e/instances", dependencies: ["setup"], use: browserUse }]
      : []),
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://127.0.0.1:${PORT}/login`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_PORT: String(PORT) },
  },
});
