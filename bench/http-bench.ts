// The portal over HTTP, side by side with the blank reference app (bench/blank: the same Next.js,
// React and postgres.js, nothing else) in the same run, both production builds on PostgreSQL:
//   - POST /api/v1/evaluate, 50 concurrent, beside the blank app's JSON echo of the same bodies;
//   - signed-in pages (queue, case, review workspace, history), 20 concurrent, beside the blank
//     app's dynamic page that reads 50 rows with postgres.js;
//   - POST /api/v1/cases, 50 concurrent clients: submissions per second, p95, and a check that
//     none was lost or doubled (every acknowledged id is stored, one case per idempotency key,
//     a repeat answers the first case);
//   - first-load JavaScript per route (compressed, fresh cache, Chromium) beside the blank page.
// Portal and floor alternate in rounds (BENCH_ROUNDS × BENCH_SECONDS each), so both see the same
// machine; the ratio is what counts.
import http from "node:http";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { variedRequests } from "@/lib/policy/fixtures";
import { addRow, loadAverage } from "./report";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const PORTAL_PORT = Number(process.env.BENCH_PORT ?? 3190);
const FLOOR_PORT = Number(process.env.BENCH_FLOOR_PORT ?? PORTAL_PORT + 1);
const PASSWORD = "portal-demo-339";
const DEMO_KEY = "pa_demo_northside_key";
const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");
const PORTAL_DIST = ".next-bench";
const FLOOR_DIR = path.resolve("bench/blank");
// BENCH_HTTP_ONLY: a comma-separated subset of evaluate,queue,case,review,history,submissions,js (e.g. to profile one page type).
const HTTP_ONLY = process.env.BENCH_HTTP_ONLY?.split(",").map((s) => s.trim());
const wanted = (part: string) => !HTTP_ONLY || HTTP_ONLY.includes(part);

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

// ---------------------------------------------------------------- HTTP client and load

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function send(
  agent: http.Agent,
  port: number,
  method: string,
  urlPath: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path: urlPath,
        agent,
        headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

interface Work {
  port: number;
  /** The server's process (for its CPU time per request). */
  pid?: number;
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: (i: number) => string;
  ok: (r: Reply) => boolean;
}

interface LoadResult {
  done: number;
  failed: number;
  ms: number;
  latencies: number[];
  bytes: number;
}

/** `concurrency` clients send `work` back to back for `ms`; counts answers `ok` accepts. */
async function load(work: Work, concurrency: number, ms: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let done = 0;
  let failed = 0;
  let bytes = 0;
  let n = 0;
  const start = performance.now();
  const deadline = start + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          const r = await send(agent, work.port, work.method, work.path, work.headers, work.body?.(n++));
          if (work.ok(r)) {
            done++;
            bytes += r.body.length;
            latencies.push(performance.now() - t);
          } else failed++;
        } catch {
          failed++;
        }
      }
    }),
  );
  const elapsed = performance.now() - start;
  agent.destroy();
  return { done, failed, ms: elapsed, latencies, bytes };
}

/**
 * CPU time (user + system, ms) used so far by a server process and its descendants, from /proc
 * (Linux only; NaN elsewhere). Per request it is steadier than requests per second when other
 * work shares the machine.
 */
function cpuMsOf(pid: number | undefined): number {
  if (!pid || !existsSync("/proc/self/stat")) return NaN;
  const stats = new Map<number, { ppid: number; ms: number }>();
  const tick = 1000 / 100; // USER_HZ
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const raw = readFileSync(`/proc/${entry}/stat`, "utf8");
      const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(entry), { ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12])) * tick });
    } catch {
      /* gone */
    }
  }
  let ms = 0;
  const tree = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [id, s] of stats) {
      if (tree.has(id) || !tree.has(s.ppid)) continue;
      tree.add(id);
      grew = true;
    }
  }
  for (const id of tree) ms += stats.get(id)?.ms ?? 0;
  return ms;
}

/** Alternates portal and floor for ROUNDS rounds after a warm-up; requests per second of each. */
async function sideBySide(portal: Work, floor: Work, concurrency: number) {
  await load(portal, concurrency, 1500);
  await load(floor, concurrency, 1500);
  const sum = {
    portal: { done: 0, failed: 0, ms: 0, lat: [] as number[], bytes: 0, cpuMs: 0 },
    floor: { done: 0, failed: 0, ms: 0, lat: [] as number[], bytes: 0, cpuMs: 0 },
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [side, work] of [
      ["portal", portal],
      ["floor", floor],
    ] as const) {
      const cpuBefore = cpuMsOf(work.pid);
      const r = await load(work, concurrency, SECONDS * 1000);
      const s = sum[side];
      s.cpuMs += cpuMsOf(work.pid) - cpuBefore;
      s.done += r.done;
      s.failed += r.failed;
      s.ms += r.ms;
      s.bytes += r.bytes;
      s.lat.push(...r.latencies);
    }
  }
  const stats = (s: typeof sum.portal) => {
    s.lat.sort((a, b) => a - b);
    return {
      rps: (s.done * 1000) / s.ms,
      failed: s.failed,
      p50: percentile(s.lat, 50),
      p95: percentile(s.lat, 95),
      bytesPerReply: s.done ? s.bytes / s.done : 0,
      cpuMsPerReply: s.done ? s.cpuMs / s.done : NaN,
    };
  };
  return { portal: stats(sum.portal), floor: stats(sum.floor) };
}

// ---------------------------------------------------------------- servers

function nextBuild(cwd: string, env: NodeJS.ProcessEnv, label: string) {
  console.error(`  building ${label} (next build)…`);
  const r = spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd, env, stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) throw new Error(`next build of ${label} failed`);
}

async function startServer(
  cwd: string,
  env: NodeJS.ProcessEnv,
  port: number,
  readyPath: string,
  label: string,
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const agent = new http.Agent();
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${label} exited (${child.exitCode}) while starting`);
    try {
      const r = await send(agent, port, "GET", readyPath);
      if (r.status === 200) return child;
    } catch {
      /* not listening yet */
    }
    await new Promise((res) => setTimeout(res, 500));
  }
  child.kill("SIGTERM");
  throw new Error(`${label} did not answer on port ${port}`);
}

const stop = (child: ChildProcess | undefined) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });

// ---------------------------------------------------------------- sign-in (Auth.js credentials)

function cookiesOf(r: Reply): string[] {
  const set = r.headers["set-cookie"] ?? [];
  return set.map((c) => c.split(";")[0]!);
}

async function signIn(port: number, email: string): Promise<string> {
  const agent = new http.Agent();
  const csrf = await send(agent, port, "GET", "/api/auth/csrf");
  const { csrfToken } = JSON.parse(csrf.body.toString()) as { csrfToken: string };
  const form = new URLSearchParams({ email, password: PASSWORD, csrfToken, callbackUrl: "/" }).toString();
  const r = await send(
    agent,
    port,
    "POST",
    "/api/auth/callback/credentials",
    { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; ") },
    form,
  );
  const session = cookiesOf(r).find(
    (c) => c.startsWith("authjs.session-token=") || c.startsWith("__Secure-authjs.session-token="),
  );
  if (!session) throw new Error(`sign-in of ${email} failed (${r.status})`);
  return session;
}

// ---------------------------------------------------------------- first-load JavaScript

async function firstLoadJs(
  routes: { route: string; port: number; cookie?: string }[],
): Promise<Map<string, number> | null> {
  const { findChromium, CHROMIUM_ARGS } = (await import(path.resolve("scripts/browser.mjs"))) as {
    findChromium: () => string | null;
    CHROMIUM_ARGS: string[];
  };
  const executablePath = findChromium();
  if (!executablePath) return null;
  const { chromium } = createRequire(import.meta.url)("playwright-core") as typeof import("playwright-core");
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  const out = new Map<string, number>();
  try {
    for (const { route, port, cookie } of routes) {
      const context = await browser.newContext();
      if (cookie) {
        const [name, ...value] = cookie.split("=");
        await context.addCookies([{ name: name!, value: value.join("="), domain: "127.0.0.1", path: "/" }]);
      }
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      const js = new Set<string>();
      let total = 0;
      cdp.on("Network.responseReceived", (e) => {
        if (e.type === "Script" || /javascript|ecmascript/.test(e.response.mimeType ?? "")) js.add(e.requestId);
      });
      cdp.on("Network.loadingFinished", (e) => {
        if (js.has(e.requestId)) total += e.encodedDataLength;
      });
      const res = await page.goto(`http://127.0.0.1:${port}${route}`, { waitUntil: "load" });
      const at = total;
      if (!res || res.status() !== 200 || new URL(page.url()).pathname !== route)
        throw new Error(`${route} answered ${res?.status()} at ${page.url()}`);
      out.set(`${port}${route}`, at / 1000);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

/** The first-load JavaScript rows: each route beside the blank app's blank page. */
async function firstLoadRows(
  caseId: string,
  reviewId: string,
  cookies: { provider: string; nurse: string; auditor: string },
): Promise<void> {
  const { provider, nurse, auditor } = cookies;
  const routes = [
    { route: "/login", port: PORTAL_PORT },
    { route: "/cases", port: PORTAL_PORT, cookie: provider },
    { route: "/cases/new", port: PORTAL_PORT, cookie: provider },
    { route: `/cases/${caseId}`, port: PORTAL_PORT, cookie: provider },
    { route: "/queue", port: PORTAL_PORT, cookie: nurse },
    { route: `/review/${reviewId}`, port: PORTAL_PORT, cookie: nurse },
    { route: "/history", port: PORTAL_PORT, cookie: auditor },
    { route: "/audit", port: PORTAL_PORT, cookie: auditor },
  ];
  const js = await firstLoadJs([{ route: "/", port: FLOOR_PORT }, ...routes]);
  if (!js)
    addRow({
      work: "first-load JS per route",
      portal: "skipped (no Chromium: set CHROMIUM_PATH or run node scripts/ensure-browser.mjs)",
      target: "≤ blank page + 15 kB",
    });
  else {
    const blank = js.get(`${FLOOR_PORT}/`)!;
    for (const r of routes) {
      const kb = js.get(`${PORTAL_PORT}${r.route}`)!;
      addRow({
        work: `first-load JS ${r.route.replace(caseId, "{id}").replace(reviewId, "{id}")}`,
        portal: `${kb.toFixed(1)} kB (+${(kb - blank).toFixed(1)})`,
        portalValue: kb,
        floor: `${blank.toFixed(1)} kB blank page`,
        floorValue: blank,
        target: "≤ blank page + 15 kB",
        met: kb <= blank + 15,
      });
    }
  }
}

// ---------------------------------------------------------------- the bench

export async function benchHttp(adminUrl: string, prefix: string): Promise<void> {
  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const tag = randomBytes(3).toString("hex");
  const portalDbName = `${prefix}_http_${tag}`;
  const floorDbName = `${prefix}_floor_${tag}`;
  const dbUrl = (name: string) => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  };
  await admin.unsafe(`create database ${portalDbName}`);
  await admin.unsafe(`create database ${floorDbName}`);
  const dataDir = path.resolve(`.data/bench-${tag}`);
  mkdirSync(dataDir, { recursive: true });
  const base = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } as NodeJS.ProcessEnv;
  const portalEnv: NodeJS.ProcessEnv = {
    ...base,
    NEXT_DIST_DIR: PORTAL_DIST,
    DATABASE_URL: dbUrl(portalDbName),
    PORTAL_DEMO: "1",
    PORTAL_DATA_DIR: dataDir,
    AUDIT_ANCHOR_DIR: path.join(dataDir, "anchors"),
    AUDIT_CHECKPOINT_MINUTES: "0",
    AUTH_SECRET: "bench-only-secret-not-for-production-0123456789",
    AUTH_TRUST_HOST: "true",
    // The rate limits stay on (their cost is part of every call) but high enough not to refuse the bench.
    API_RATE_LIMIT_BURST: "100000000",
    API_RATE_LIMIT_PER_SECOND: "10000000",
  };
  delete portalEnv.REDIS_URL;
  const floorEnv: NodeJS.ProcessEnv = { ...base, DATABASE_URL: dbUrl(floorDbName), NEXT_DIST_DIR: ".next" };
  let portal: ChildProcess | undefined;
  let floor: ChildProcess | undefined;
  const floorDb = postgres(dbUrl(floorDbName), { max: 1, onnotice: () => {} });
  try {
    const reuse = process.env.BENCH_SKIP_BUILD === "1";
    if (!reuse || !existsSync(path.resolve(PORTAL_DIST, "BUILD_ID"))) nextBuild(process.cwd(), portalEnv, "the portal");
    if (!reuse || !existsSync(path.join(FLOOR_DIR, ".next/BUILD_ID")))
      nextBuild(FLOOR_DIR, floorEnv, "the blank reference app (bench/blank)");

    await floorDb.unsafe(
      `create table bench_rows (id uuid primary key default gen_random_uuid(), reference text not null, status text not null, due_at timestamptz not null)`,
    );
    await floorDb.unsafe(
      `insert into bench_rows (reference, status, due_at) select 'PA-' || g, (array['submitted','in_review','approved'])[1 + g % 3], now() + g * interval '1 minute' from generate_series(1, 1000) g`,
    );
    await floorDb.unsafe(`create index on bench_rows (due_at, id)`);

    console.error("  starting both servers…");
    [portal, floor] = await Promise.all([
      // BENCH_CPU_PROF=<folder>: the portal writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
      startServer(
        process.cwd(),
        portalEnv,
        PORTAL_PORT,
        "/login",
        "the portal",
        process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [],
      ),
      startServer(FLOOR_DIR, floorEnv, FLOOR_PORT, "/", "the blank app"),
    ]);
    const db = postgres(dbUrl(portalDbName), { max: 2, onnotice: () => {} });
    const [nurse, provider, auditor] = [
      await signIn(PORTAL_PORT, "nurse@plan.demo"),
      await signIn(PORTAL_PORT, "provider@northside.demo"),
      await signIn(PORTAL_PORT, "auditor@plan.demo"),
    ];
    const [caseRow] =
      await db`select c.id from cases c join organizations o on o.id = c.organization_id where o.name = 'Northside Pain Clinic' and c.status in ('submitted', 'in_review') order by c.submitted_at limit 1`;
    const [reviewRow] =
      await db`select id from cases where status in ('submitted', 'in_review') and not physician_only order by due_at limit 1`;
    const caseId = caseRow!.id as string;
    const reviewId = reviewRow!.id as string;
    // 1. evaluate vs JSON echo (the same bodies).
    const bodies = variedRequests(200).map((r) => JSON.stringify(r));
    const json = { "content-type": "application/json" };
    if (wanted("evaluate")) {
      const ev = await sideBySide(
        {
          port: PORTAL_PORT,
          pid: portal.pid,
          method: "POST",
          path: "/api/v1/evaluate",
          headers: { ...json, authorization: `Bearer ${DEMO_KEY}` },
          body: (i) => bodies[i % bodies.length]!,
          ok: (r) => r.status === 200,
        },
        {
          port: FLOOR_PORT,
          pid: floor.pid,
          method: "POST",
          path: "/api/echo",
          headers: json,
          body: (i) => bodies[i % bodies.length]!,
          ok: (r) => r.status === 200,
        },
        50,
      );
      const evRatio = ev.portal.rps / ev.floor.rps;
      addRow({
        work: "POST /api/v1/evaluate, 50 concurrent",
        portal: `${ev.portal.rps.toFixed(0)} req/s (p95 ${ev.portal.p95.toFixed(0)} ms)`,
        portalValue: ev.portal.rps,
        floor: `${ev.floor.rps.toFixed(0)} req/s JSON echo`,
        floorValue: ev.floor.rps,
        ratio: evRatio,
        target: "≥ 0.7× the blank route handler",
        met: evRatio >= 0.7 && ev.portal.failed === 0,
        note: `load average ${loadAverage()}; failed portal ${ev.portal.failed}, floor ${ev.floor.failed}; server CPU per request ${ev.portal.cpuMsPerReply.toFixed(2)} ms vs ${ev.floor.cpuMsPerReply.toFixed(2)} ms`,
      });
    }

    // 2. signed-in pages vs the blank 50-row page.
    const rowsPage: Work = {
      port: FLOOR_PORT,
      pid: floor.pid,
      method: "GET",
      path: "/rows",
      ok: (r) => r.status === 200,
    };
    const pages = [
      { part: "queue", work: "GET /queue as a nurse", path: "/queue", cookie: nurse },
      {
        part: "case",
        work: "GET /cases/{id} as a provider (audited view)",
        path: `/cases/${caseId}`,
        cookie: provider,
      },
      {
        part: "review",
        work: "GET /review/{id} as a nurse (audited view)",
        path: `/review/${reviewId}`,
        cookie: nurse,
      },
      { part: "history", work: "GET /history as an auditor (audited view)", path: "/history", cookie: auditor },
    ].filter((p) => wanted(p.part));
    for (const p of pages) {
      const r = await sideBySide(
        {
          port: PORTAL_PORT,
          pid: portal.pid,
          method: "GET",
          path: p.path,
          headers: { cookie: p.cookie },
          ok: (x) => x.status === 200,
        },
        rowsPage,
        20,
      );
      const ratio = r.portal.rps / r.floor.rps;
      addRow({
        work: `${p.work}, 20 concurrent`,
        portal: `${r.portal.rps.toFixed(0)} req/s (p50 ${r.portal.p50.toFixed(0)} ms, ${(r.portal.bytesPerReply / 1000).toFixed(1)} kB HTML)`,
        portalValue: r.portal.rps,
        floor: `${r.floor.rps.toFixed(0)} req/s 50-row page`,
        floorValue: r.floor.rps,
        ratio,
        target: "≥ 0.5× the blank 50-row page",
        met: ratio >= 0.5 && r.portal.failed === 0,
        note: `load average ${loadAverage()}; failed portal ${r.portal.failed}, floor ${r.floor.failed}; server CPU per request ${r.portal.cpuMsPerReply.toFixed(1)} ms vs ${r.floor.cpuMsPerReply.toFixed(1)} ms (${(r.floor.cpuMsPerReply / r.portal.cpuMsPerReply).toFixed(2)}x)`,
      });
    }

    // 3. submissions, 50 concurrent clients; every tenth request repeats an acknowledged key.
    if (wanted("submissions")) {
      const run = `bench-${tag}`;
      const acknowledged = new Map<string, string>(); // idempotency key -> case id
      const problems: string[] = [];
      const request = variedRequests(20).map((r) => ({
        memberId: "M-BENCH-0001",
        memberName: "Bench Member",
        request: r,
      }));
      const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
      const latencies: number[] = [];
      let created = 0;
      let repeats = 0;
      let next = 0;
      const started = performance.now();
      const deadline = started + ROUNDS * SECONDS * 1000;
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          while (performance.now() < deadline) {
            const i = next++;
            const known = [...acknowledged.keys()];
            const repeatKey = i % 10 === 9 && known.length ? known[i % known.length]! : undefined;
            const key = repeatKey ?? `${run}-${i}`;
            const body = JSON.stringify(request[Number(key.slice(run.length + 1)) % request.length]);
            const t = performance.now();
            const r = await send(
              agent,
              PORTAL_PORT,
              "POST",
              "/api/v1/cases",
              { "content-type": "application/json", authorization: `Bearer ${DEMO_KEY}`, "idempotency-key": key },
              body,
            ).catch(() => null);
            if (!r || (r.status !== 201 && r.status !== 200)) {
              problems.push(`${key}: ${r?.status ?? "no answer"}`);
              continue;
            }
            const id = (JSON.parse(r.body.toString()) as { id: string }).id;
            if (r.status === 201) {
              created++;
              latencies.push(performance.now() - t);
              if (acknowledged.has(key)) problems.push(`${key}: created twice`);
              acknowledged.set(key, id);
            } else {
              repeats++;
              if (repeatKey && acknowledged.get(key) !== id) problems.push(`${key}: repeat answered another case`);
            }
          }
        }),
      );
      const elapsed = performance.now() - started;
      agent.destroy();
      const stored = await db`select idempotency_key as key, id from cases where idempotency_key like ${`${run}-%`}`;
      const storedByKey = new Map<string, string[]>();
      for (const s of stored)
        storedByKey.set(s.key as string, [...(storedByKey.get(s.key as string) ?? []), s.id as string]);
      for (const [key, id] of acknowledged)
        if (storedByKey.get(key)?.[0] !== id) problems.push(`${key}: acknowledged case not stored`);
      for (const [key, ids] of storedByKey)
        if (ids.length > 1 || !acknowledged.has(key))
          problems.push(`${key}: ${ids.length} cases stored, acknowledged ${acknowledged.has(key)}`);
      latencies.sort((a, b) => a - b);
      const perSecond = (created * 1000) / elapsed;
      addRow({
        work: "POST /api/v1/cases, 50 concurrent clients, PostgreSQL",
        portal: `${perSecond.toFixed(0)} submissions/s (p95 ${percentile(latencies, 95).toFixed(0)} ms)`,
        portalValue: perSecond,
        target: "≥ 250/s, none lost or doubled",
        met: perSecond >= 250 && problems.length === 0,
        note: `load average ${loadAverage()}; ${created} created, ${repeats} repeats answered with the first case, ${stored.length} stored; ${problems.length ? `PROBLEMS: ${problems.slice(0, 5).join("; ")}` : "none lost or doubled"}`,
      });
    }

    // 4. first-load JavaScript per route beside the blank page.
    if (wanted("js")) await firstLoadRows(caseId, reviewId, { provider, nurse, auditor });
    await db.end({ timeout: 5 });
  } finally {
    await Promise.all([stop(portal), stop(floor)]);
    await floorDb.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${portalDbName} with (force)`);
    await admin.unsafe(`drop database if exists ${floorDbName} with (force)`);
    await admin.end({ timeout: 5 });
    rmSync(dataDir, { recursive: true, force: true });
  }
}
