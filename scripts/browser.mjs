// Finds a Chromium for Playwright: CHROMIUM_PATH, the system's (Debian's package), or
// Playwright's own download. Shared by playwright.config.ts and ensure-browser.mjs.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const SYSTEM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const p of SYSTEM_PATHS) if (existsSync(p)) return p;
  try {
    const { chromium } = createRequire(import.meta.url)("playwright-core");
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    /* playwright-core not resolvable: no bundled browser */
  }
  return null;
}

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
