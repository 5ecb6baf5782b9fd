// The auditor's history at 100,000 cases: server time of listHistory (first page, a deep keyset
// page, filtered pages; the service includes writing its audit event) against the same query as
// raw SQL, p50/p95; and the CSV export of every case: time and the export process's peak memory.
// Runs against a database already filled by `npm run db:seed:bulk -- 100000`, named by
// BENCH_HISTORY_DATABASE_URL (skipped without one: seeding takes minutes).
import { register } from "node:module";
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { addRow } from "./report";

const HOOK = `
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: ${JSON.stringify(pathToFileURL(`${process.cwd()}/node_modules/server-only/empty.js`).href)}, shortCircuit: true };
  return next(specifier, context);
}`;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function timePair(a: () => Promise<unknown>, b: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(30, RUNS); i++) {
    await a();
    await b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    await a();
    ta.push(performance.now() - t);
    t = performance.now();
    await b();
    tb.push(performance.now() - t);
  }
  const stats = (xs: number[]) => (xs.sort((x, y) => x - y), { p50: percentile(xs, 50), p95: percentile(xs, 95) });
  return [stats(ta), stats(tb)] as const;
}

export async function benchHistory(): Promise<string[]> {
  const url = process.env.BENCH_HISTORY_DATABASE_URL;
  if (!url)
    return [
      "history: skipped (fill a PostgreSQL database with `npm run db:seed:bulk -- 100000` and set BENCH_HISTORY_DATABASE_URL to it)",
    ];
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
  const { openDatabase } = await import("../db/client");
  const { sql } = await import("drizzle-orm");
  const { givenUser, ctxFor } = await import("../test/given");
  const { listHistory } = await import("../lib/server/history/list-history");
  const { historySelect, cursorOf, historyRows } = await import("../lib/server/history/history-query");
  const handle = await openDatabase({ url });
  const lines: string[] = [];
  try {
    const db = handle.db;
    const auditor = await givenUser(db, "auditor", { isDemo: true });
    const ctx = ctxFor(db, auditor);
    const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
    const { n } = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from cases where submitted_at is not null`),
    )[0]!;
    lines.push(`history (PostgreSQL; ${n.toLocaleString("en-US")} submitted cases), ${RUNS} runs each:`);
    const deep = historyRows(await db.execute(sql`${historySelect({})} offset 10000 limit 1`))[0]!;
    const [reviewer] = rowsOf<{ id: string }>(
      await db.execute(sql`select reviewer_id as id from determinations limit 1`),
    );
    const [criterion] = rowsOf<{ id: string }>(
      await db.execute(sql`select criterion_id as id from determination_findings where status = 'not_met' limit 1`),
    );
    const pages: { name: string; filter: Record<string, string> }[] = [
      { name: "first page", filter: {} },
      { name: "deep keyset page (10,000 in)", filter: { after: cursorOf(deep) } },
      { name: "filtered (denied, decided late)", filter: { outcome: "denied", late: "1" } },
      { name: "filtered (expedited, reviewer)", filter: { urgency: "expedited", reviewer: reviewer!.id } },
      { name: "filtered (criterion found not met)", filter: { criterion: criterion!.id } },
      {
        name: "filtered (decided in one month, disagreed with the engine)",
        filter: {
          from: new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10),
          to: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
          disagreed: "1",
        },
      },
    ];
    for (const p of pages) {
      const [service, raw] = await timePair(
        () => listHistory(ctx, p.filter),
        () => db.execute(historySelect(p.filter as never, 51)),
      );
      addRow({
        work: `history at ${n.toLocaleString("en-US")} cases: ${p.name}`,
        portal: `p50 ${service.p50.toFixed(2)} ms, p95 ${service.p95.toFixed(2)} ms`,
        portalValue: service.p95,
        floor: `p50 ${raw.p50.toFixed(2)} ms, p95 ${raw.p95.toFixed(2)} ms raw SQL`,
        floorValue: raw.p95,
        ratio: service.p95 / raw.p95,
        target: "p95 < 50 ms and ≤ 3× raw SQL",
        met: service.p95 < 50 && service.p95 <= 3 * raw.p95,
      });
      lines.push(
        `  ${p.name}: service p50 ${service.p50.toFixed(2)} ms, p95 ${service.p95.toFixed(2)} ms; raw SQL p50 ${raw.p50.toFixed(2)} ms, p95 ${raw.p95.toFixed(2)} ms; ratio p95 ${(service.p95 / raw.p95).toFixed(2)}x`,
      );
    }
    lines.push("  (bar: p95 under 50 ms and within 3x the raw SQL; the service also writes its audit event)");
    // The service's floor beside the query: its audit event alone (a transaction that writes,
    // so a WAL flush at commit), which the page waits for as well as for the query.
    const { recordAudit } = await import("../lib/server/context");
    const [audit] = await timePair(
      () => recordAudit(ctx, { action: "history.list", targetType: "history", details: { filter: {} } }),
      async () => {},
    );
    lines.push(
      `  the history.list audit event alone (committed; what the page waits for beside the query): p50 ${audit.p50.toFixed(2)} ms, p95 ${audit.p95.toFixed(2)} ms`,
    );
    const out = execFileSync("npx", ["tsx", "bench/history-export-child.ts"], {
      env: { ...process.env, BENCH_HISTORY_DATABASE_URL: url },
      encoding: "utf8",
    });
    lines.push(`  ${out.trim()}`);
    addRow({
      work: "history CSV export of every case",
      portal: out.trim().replace(/^CSV export of /, ""),
      target: "bounded memory (streamed)",
    });
  } finally {
    await handle.close();
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const line of await benchHistory()) console.log(line);
}
