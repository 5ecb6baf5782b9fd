// The reviewer queue at 100,000 cases: server time of listReviewQueue (first page, a deep keyset
// page, a filtered page) against the same query as raw SQL, p50/p95. On a temporary on-disk
// PGlite, or on a fresh database of the PostgreSQL server at BENCH_DATABASE_URL.
//
// The services are `server-only`; outside Next.js that marker module throws, so a resolve hook
// maps it to its empty variant (as the react-server condition does in the app) before loading them.
import { register } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { addRow } from "./report";

const HOOK = `
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: ${JSON.stringify(pathToFileURL(`${process.cwd()}/node_modules/server-only/empty.js`).href)}, shortCircuit: true };
  return next(specifier, context);
}`;

const CASES = 100_000;
const RUNS = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Times two functions run alternately (same warm-up, same garbage-collector weather). */
async function timePair(a: () => Promise<unknown>, b: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) {
    await a();
    await b();
  } // warm-up
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

export async function benchQueue(): Promise<string[]> {
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
  const { openDatabase, migrateDatabase } = await import("../db/client");
  const { sql } = await import("drizzle-orm");
  const { givenProviderOrg, givenUser, ctxFor } = await import("../test/given");
  const { listReviewQueue } = await import("../lib/server/review/list-review-queue");

  const adminUrl = process.env.BENCH_DATABASE_URL;
  let cleanup: () => Promise<void>;
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  if (adminUrl) {
    const name = `${process.env.BENCH_DB_PREFIX ?? "portal_bench"}_queue_${randomBytes(4).toString("hex")}`;
    const { default: postgres } = await import("postgres");
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    handle = await openDatabase({ url: url.toString() });
    cleanup = async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    };
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), "queue-bench-"));
    handle = await openDatabase({ dir });
    cleanup = async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const lines: string[] = [];
  try {
    await migrateDatabase(handle);
    const db = handle.db;
    const orgA = await givenProviderOrg(db);
    const orgB = await givenProviderOrg(db);
    const provider = await givenUser(db, "provider", { organizationId: orgA.id });
    const nurse = await givenUser(db, "nurse_reviewer");
    const ctx = ctxFor(db, nurse);

    // 100,000 cases: a fifth waiting for review (submitted, in review, pending), the rest decided
    // or withdrawn; due times spread over 60 days around now; one in ten open cases claimed.
    const t0 = performance.now();
    await db.execute(sql`
      insert into cases (reference, organization_id, created_by, status, request, urgency, indication, phase, request_date, policy_version,
                         engine_outcome, physician_only, assignee_id, claimed_at, submitted_at, due_at, decided_at)
      select 'PA-B-' || g,
             case when g % 2 = 0 then ${orgA.id}::uuid else ${orgB.id}::uuid end,
             ${provider.id}::uuid,
             (case when g % 5 = 0 then (array['submitted','in_review','pending_information'])[1 + (g / 5) % 3]
                   else (array['approved','denied','withdrawn','approved'])[1 + g % 4] end)::case_status,
             '{}'::jsonb,
             case when g % 7 = 0 then 'expedited' else 'standard' end,
             (array['chronic_nonmalignant_pain','cancer_pain','spasticity','chronic_nonmalignant_pain'])[1 + g % 4],
             case when g % 3 = 0 then 'implant' else 'trial' end,
             '2026-03-02', '339.7',
             (array['meets_criteria','insufficient_documentation','requires_clinical_review','does_not_meet_criteria'])[1 + g % 4],
             g % 97 = 0,
             case when g % 5 = 0 and (g / 5) % 10 = 1 then ${nurse.id}::uuid end,
             case when g % 5 = 0 and (g / 5) % 10 = 1 then now() end,
             now() - ((g % 86400) * interval '1 minute'),
             now() - ((g % 86400) * interval '1 minute') + interval '7 days',
             case when g % 5 <> 0 then now() end
      from generate_series(1, ${CASES}) as g`);
    await db.execute(sql`analyze cases`);
    // postgres-js answers execute() with the rows, PGlite with { rows }.
    const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows);
    const { open } = rowsOf<{ open: number }>(
      await db.execute(
        sql`select count(*)::int as open from cases where status in ('submitted','in_review','pending_information') and not physician_only`,
      ),
    )[0]!;
    lines.push(
      `review queue (${handle.kind === "pglite" ? "PGlite on disk" : "PostgreSQL"}; ${CASES.toLocaleString("en-US")} cases, ${open.toLocaleString("en-US")} open in the main queue; seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s), ${RUNS} runs each:`,
    );

    // The deep page: the cursor of the open case 10,000 positions in.
    const [deep] = rowsOf<{ due_at: string | Date; id: string }>(
      await db.execute(sql`
      select due_at, id from cases where status in ('submitted','in_review','pending_information') and not physician_only
      order by due_at, id offset 10000 limit 1`),
    );
    const deepCursor = `${new Date(deep!.due_at).toISOString()}_${deep!.id}`;

    // The same page as raw SQL: what the service's query does, without the service around it.
    const raw = (extra: ReturnType<typeof sql>) =>
      db.execute(sql`
        select c.id, c.reference, c.status, o.name, c.urgency, c.indication, c.phase, c.engine_outcome, c.physician_only, c.escalated_at,
               c.submitted_at, c.due_at, c.assignee_id, a.name, c.claimed_at, c.version
        from cases c
        join organizations o on o.id = c.organization_id
        left join users a on a.id = c.assignee_id
        where c.due_at is not null and c.status in ('submitted','in_review','pending_information') and c.physician_only = false
          and (c.engine_outcome is null or c.engine_outcome <> 'not_addressed_by_policy') ${extra}
        order by c.due_at, c.id
        limit 26`);

    const now = new Date();
    const cases = [
      { name: "first page", input: {}, extra: sql`` },
      {
        name: "deep keyset page (10,000 in)",
        input: { after: deepCursor },
        extra: sql`and (c.due_at, c.id) > (${deepCursor.split("_")[0]}::timestamptz, ${deep!.id}::uuid)`,
      },
      {
        name: "filtered (expedited, unassigned, overdue)",
        input: { urgency: "expedited", assigned: "unassigned", overdue: true },
        extra: sql`and c.urgency = 'expedited' and c.assignee_id is null and c.due_at < ${now.toISOString()}::timestamptz`,
      },
    ];
    for (const c of cases) {
      const [service, direct] = await timePair(
        () => listReviewQueue(ctx, c.input, now),
        () => raw(c.extra),
      );
      addRow({
        work: `queue at 100,000 cases: ${c.name} (${handle.kind === "pglite" ? "PGlite" : "PostgreSQL"})`,
        portal: `p50 ${service.p50.toFixed(2)} ms, p95 ${service.p95.toFixed(2)} ms`,
        portalValue: service.p95,
        floor: `p50 ${direct.p50.toFixed(2)} ms, p95 ${direct.p95.toFixed(2)} ms raw SQL`,
        floorValue: direct.p95,
        ratio: service.p95 / direct.p95,
        target: "p95 < 50 ms and ≤ 3× raw SQL",
        met: service.p95 < 50 && service.p95 <= 3 * direct.p95,
      });
      lines.push(
        `  ${c.name}: service p50 ${service.p50.toFixed(2)} ms, p95 ${service.p95.toFixed(2)} ms; raw SQL p50 ${direct.p50.toFixed(2)} ms, p95 ${direct.p95.toFixed(2)} ms; ratio p95 ${(service.p95 / direct.p95).toFixed(2)}x`,
      );
    }
    lines.push("  (bar: p95 under 50 ms and within 3x the raw SQL)");
  } finally {
    await cleanup();
  }
  return lines;
}

// Run alone: npx tsx bench/queue-bench.ts
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const line of await benchQueue()) console.log(line);
}
