// The audit chain at 1,000,000 events (BENCH_AUDIT_EVENTS): time and peak memory of
// `npm run audit:verify` (run as its own process, so its peak is its own), on PostgreSQL at
// BENCH_DATABASE_URL (a fresh database there, dropped afterwards). Skipped without one: seeding
// a million events into embedded PGlite would take longer than the rest of the bench together.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { addRow } from "./report";

export async function benchAuditVerify(): Promise<string[]> {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  const total = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
  if (!adminUrl) return ["audit verify: skipped (set BENCH_DATABASE_URL to a PostgreSQL server)"];
  const { openDatabase, migrateDatabase } = await import("../db/client");
  const { auditRowHash, AUDIT_GENESIS_HASH } = await import("../db/audit-chain");
  const { auditEvents } = await import("../db/schema");
  const name = `${process.env.BENCH_DB_PREFIX ?? "portal_bench"}_audit_${randomBytes(4).toString("hex")}`;
  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  const lines: string[] = [];
  try {
    await migrateDatabase(handle);
    // A realistic mix of events, chained exactly as appendAudit chains them.
    const t0 = performance.now();
    let prevHash = AUDIT_GENESIS_HASH;
    const start = Date.now() - total * 1000;
    const actions = [
      "auth.sign_in",
      "case.submit",
      "case.claim",
      "case.approve",
      "history.case_view",
      "page:queue.read",
    ];
    for (let i = 0; i < total;) {
      const batch = [];
      for (let j = 0; j < 2000 && i < total; j++, i++) {
        const content = {
          at: new Date(start + i * 1000),
          actorId: null,
          actorRole: "nurse_reviewer",
          organizationId: null,
          action: actions[i % actions.length]!,
          outcome: (i % 50 === 0 ? "refused" : "ok") as "ok" | "refused",
          targetType: "case",
          targetId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
          caseId: null,
          ip: "10.0.0.1",
          userAgent: "Mozilla/5.0 (bench)",
          details: { via: "web", version: i % 7 },
          prevHash,
        };
        const hash = auditRowHash(content);
        batch.push({ ...content, hash });
        prevHash = hash;
      }
      await handle.db.insert(auditEvents).values(batch);
    }
    lines.push(
      `audit verify (PostgreSQL; ${total.toLocaleString("en-US")} events seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s):`,
    );
    const t1 = performance.now();
    const out = execFileSync("npx", ["tsx", "--conditions=react-server", "scripts/audit-verify.ts"], {
      env: { ...process.env, DATABASE_URL: url.toString() },
      encoding: "utf8",
    });
    const seconds = (performance.now() - t1) / 1000;
    addRow({
      work: `audit verify, ${total.toLocaleString("en-US")} events (PostgreSQL)`,
      portal: `${seconds.toFixed(1)} s (${Math.round(total / seconds).toLocaleString("en-US")} events/s)`,
      portalValue: seconds,
      target: "intact; bounded memory",
      met: /intact/.test(out),
      note: out.trim().split("\n").join(" / "),
    });
    for (const line of out.trim().split("\n")) lines.push(`  ${line}`);
  } finally {
    await handle.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
  return lines;
}

// Run alone: BENCH_DATABASE_URL=postgres://… npx tsx bench/audit-verify-bench.ts
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const line of await benchAuditVerify()) console.log(line);
}
