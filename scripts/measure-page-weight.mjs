#!/usr/bin/env node
// Measures first-load JavaScript per route against a RUNNING production server (it builds
// nothing): for each route a fresh browser context (empty cache; the signed-in cookies copied
// from a sign-in context) loads the page, and the encoded (transferred, i.e. compressed) bytes of
// every JavaScript response are summed from CDP Network.loadingFinished.encodedDataLength.
//
//   node scripts/measure-page-weight.mjs [baseUrl]     (default http://127.0.0.1:3100)
//
// Two figures per route: JS downloaded by the window "load" event (first load), and JS
// downloaded by network idle (adds anything loaded lazily right after first paint).
// The product bar (PRODUCT.md) is 150 kB compressed first-load JS per route.
import { createRequire } from "node:module";
import { CHROMIUM_ARGS, findChromium } from "./browser.mjs";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const BASE = (process.argv[2] ?? process.env.BASE_URL ?? "http://127.0.0.1:3100").replace(/\/$/, "");
const PASSWORD = "portal-demo-339";
const LIMIT_KB = 150;

const executablePath = findChromium();
if (!executablePath) {
  console.error("No Chromium found (set CHROMIUM_PATH or run scripts/ensure-browser.mjs).");
  process.exit(2);
}

const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });

async function signIn(email) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/login`, { waitUntil: "networkidle" });
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(PASSWORD);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 30_000 }),
    page.getByRole("button", { name: /sign in|log in/i }).click(),
  ]);
  const state = await context.storageState();
  return { context, page, state };
}

/** Loads `route` in a fresh context; returns JS kB at "load" and at network idle. */
async function measure(route, storageState) {
  const context = await browser.newContext(storageState ? { storageState } : {});
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const js = new Map(); // requestId -> isJs
  let atLoad = null;
  let total = 0;
  const files = [];
  cdp.on("Network.responseReceived", (e) => {
    const mime = e.response.mimeType ?? "";
    if (e.type === "Script" || /javascript|ecmascript/.test(mime)) js.set(e.requestId, e.response.url);
  });
  cdp.on("Network.loadingFinished", (e) => {
    const url = js.get(e.requestId);
    if (url === undefined) return;
    total += e.encodedDataLength;
    files.push({ url, bytes: e.encodedDataLength });
  });
  const response = await page.goto(`${BASE}${route}`, { waitUntil: "load" });
  atLoad = total;
  await page.waitForLoadState("networkidle").catch(() => {});
  await page.waitForTimeout(500);
  const finalUrl = new URL(page.url()).pathname;
  await context.close();
  return { status: response?.status(), finalUrl, loadKb: atLoad / 1000, idleKb: total / 1000, files };
}

const provider = await signIn("provider@northside.demo");
const nurse = await signIn("nurse@plan.demo");
const auditor = await signIn("auditor@plan.demo");
const admin = await signIn("admin@plan.demo");

/** The path of the first link matching `selector` on `url`: a dynamic route to measure. Fails when there is none. */
async function firstLink(who, url, selector) {
  await who.page.goto(`${BASE}${url}`, { waitUntil: "networkidle" });
  const href = await who.page.locator(selector).first().getAttribute("href", { timeout: 10_000 });
  if (!href) throw new Error(`no link ${selector} on ${url}: the demo data should have one`);
  return new URL(href, BASE).pathname;
}

// Every page of app/ (App Router), dynamic ones reached through a link of the demo data.
const caseRoute = await firstLink(provider, "/cases", 'tbody a[href^="/cases/"]');
const decidedCase = await firstLink(provider, "/cases?status=approved", 'tbody a[href^="/cases/"]');
const letterRoute = await firstLink(provider, decidedCase, 'a[href^="/letters/"]');
const reviewRoute = await firstLink(nurse, "/queue", 'a[href^="/review/"]');
const historyRoute = await firstLink(auditor, "/history", '[data-testid="history-row"] a[href^="/history/"]');

const routes = [
  ["/login", null],
  ["/forgot-password", null],
  ["/cases", provider.state],
  ["/cases/new", provider.state],
  [caseRoute, provider.state],
  [letterRoute, provider.state],
  ["/settings/api-keys", provider.state],
  ["/account", provider.state],
  ["/policy/339.7", provider.state],
  ["/queue", nurse.state],
  [reviewRoute, nurse.state],
  ["/history", auditor.state],
  [historyRoute, auditor.state],
  ["/reports", auditor.state],
  ["/audit", auditor.state],
  ["/audit/verify", auditor.state],
  ["/admin/users", admin.state],
  ["/admin/organizations", admin.state],
  ["/admin/credentials", admin.state],
  ["/admin/api-keys", admin.state],
  ["/admin/outbox", admin.state],
];

const verbose = process.argv.includes("--files") || process.env.VERBOSE === "1";
const rows = [];
let over = 0;
for (const [route, state] of routes) {
  const m = await measure(route, state);
  const under = m.loadKb < LIMIT_KB;
  if (!under) over++;
  const redirected = m.finalUrl !== route ? ` (ended on ${m.finalUrl})` : "";
  rows.push({ route, m, under, redirected });
  if (verbose) {
    for (const f of m.files.sort((a, b) => b.bytes - a.bytes))
      console.log(`   ${(f.bytes / 1000).toFixed(1).padStart(7)} kB  ${f.url.replace(BASE, "")}`);
  }
}

console.log(`First-load JavaScript (compressed, fresh cache) at ${BASE}; bar ${LIMIT_KB} kB`);
console.log(`${"route".padEnd(52)} ${"at load".padStart(9)} ${"at idle".padStart(9)}  under ${LIMIT_KB} kB`);
for (const r of rows) {
  console.log(
    `${r.route.padEnd(52)} ${r.m.loadKb.toFixed(1).padStart(6)} kB ${r.m.idleKb.toFixed(1).padStart(6)} kB  ${r.under ? "yes" : "NO"}${r.redirected}`,
  );
}

await Promise.all([provider, nurse, auditor, admin].map((who) => who.context.close()));
await browser.close();
process.exit(over ? 1 : 0);
