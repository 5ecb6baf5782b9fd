// `npm run bench`: every benchmark, then ONE table (stdout) of each figure beside its floor, its
// target and met/missed; the same rows go to bench/results/latest.json (git-ignored). Progress
// and details go to stderr. Timings never decide a test.
//
// PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is a server
// the bench may create databases on; every database it makes is named BENCH_DB_PREFIX_*
// (default portal_bench_*) and dropped afterwards, except BENCH_DB_PREFIX_history: the auditor
// history's 100,000 cases take minutes to seed, so they are kept for the next run
// (or point BENCH_HISTORY_DATABASE_URL at a database filled by `npm run db:seed:bulk -- 100000`).
//
// Other settings: BENCH_ROUNDS × BENCH_SECONDS per side of each HTTP comparison (3 × 5 s),
// BENCH_PORT (3190; the blank app listens on the next port), BENCH_SKIP_BUILD=1 reuses the last
// builds (.next-bench and bench/blank/.next), BENCH_AUDIT_EVENTS (1,000,000), BENCH_ONLY (a
// comma-separated list of bench names below).
import os from "node:os";
import { execFileSync } from "node:child_process";
import { benchPolicy } from "./policy-bench";
import { benchQueue } from "./queue-bench";
import { benchAuditVerify } from "./audit-verify-bench";
import { benchHistory } from "./history-bench";
import { benchHttp } from "./http-bench";
import { benchSubmissions } from "./submission-bench";
import { benchFhirSubmit } from "./fhir-bench";
import { benchSubscriptions } from "./subscription-bench";
import { benchAutomatedApproval } from "./automation-bench";
import { loadAverage, printTable } from "./report";

process.env.BENCH_DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/postgres";
const adminUrl = process.env.BENCH_DATABASE_URL;
const prefix = process.env.BENCH_DB_PREFIX ?? "portal_bench";
if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error("BENCH_DB_PREFIX must be a plain lower-case identifier");

/** The kept database of 100,000 seeded cases for the history bench (seeded on first use). */
async function historyDatabase(): Promise<string> {
  if (process.env.BENCH_HISTORY_DATABASE_URL) return process.env.BENCH_HISTORY_DATABASE_URL;
  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `${prefix}_history`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    let n = 0;
    if (exists) {
      const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
      n = await db`select count(*)::int as n from cases where submitted_at is not null`
        .then((r) => r[0]!.n as number)
        .catch(() => 0);
      await db.end({ timeout: 5 });
    }
    if (n < 100_000) {
      if (exists) await admin.unsafe(`drop database ${name} with (force)`);
      await admin.unsafe(`create database ${name}`);
      console.error(`  seeding 100,000 cases into ${name} (kept for later runs; takes minutes)…`);
      execFileSync(
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", "scripts/seed-bulk.ts", "100000"],
        { env: { ...process.env, DATABASE_URL: url.toString() }, stdio: ["ignore", "ignore", "inherit"] },
      );
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
  return url.toString();
}

const BENCHES: { name: string; run: () => Promise<unknown> }[] = [
  { name: "policy", run: benchPolicy },
  { name: "http", run: () => benchHttp(adminUrl, prefix) },
  { name: "queue", run: benchQueue },
  {
    name: "history",
    run: async () => {
      process.env.BENCH_HISTORY_DATABASE_URL = await historyDatabase();
      return benchHistory();
    },
  },
  { name: "audit-verify", run: benchAuditVerify },
  // Details without a row of their own (in-process latency of one submission, the FHIR route).
  { name: "submissions", run: benchSubmissions },
  { name: "fhir-submit", run: benchFhirSubmit },
  { name: "subscriptions", run: benchSubscriptions },
  { name: "automated-approval", run: benchAutomatedApproval },
];

const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
const started = new Date();
for (const bench of BENCHES) {
  if (only && !only.includes(bench.name)) continue;
  const t = performance.now();
  console.error(`${bench.name}… (load average ${loadAverage()})`);
  const lines = await bench.run();
  if (Array.isArray(lines)) for (const line of lines) console.error(`  ${line}`);
  console.error(`  (${bench.name}: ${((performance.now() - t) / 1000).toFixed(1)} s)`);
}
const meta = {
  started: started.toISOString(),
  finished: new Date().toISOString(),
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  loadAverageAtEnd: loadAverage(),
  node: process.version,
  next: (await import("next/package.json", { with: { type: "json" } })).default.version,
  react: (await import("react/package.json", { with: { type: "json" } })).default.version,
};
console.log(
  `npm run bench — ${meta.started}, ${meta.cpus} CPUs, load average at end ${meta.loadAverageAtEnd}, Next.js ${meta.next}, React ${meta.react}\n`,
);
console.log(printTable(meta));
