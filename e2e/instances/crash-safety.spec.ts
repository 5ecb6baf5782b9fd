import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { expect, test } from "../support/test";
import postgres from "postgres";
import { e2eServerEnv } from "../../scripts/e2e-env.mjs";
import { documentedRequest } from "@/lib/policy/fixtures";
import { startInstance, type Instance } from "../support/instances";

// Crash safety on PostgreSQL: a burst of API submissions with attachments while the server process
// is killed with SIGKILL (no shutdown hook runs). After a restart, every acknowledged submission
// exists exactly once, no case lacks its evaluation snapshot, no attachment row lacks its bytes,
// and the audit chain and the determination signatures verify.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 2;
const BASE = `http://127.0.0.1:${PORT}`;
const KEY = { authorization: "Bearer pa_demo_northside_key" };
const CLIENTS = 24;
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

// playwright.config.ts lists this project only when E2E_DATABASE_URL is set (CI's PostgreSQL run).
test.describe.configure({ mode: "serial" });

let server: Instance | undefined;
const env = { ...e2eServerEnv(), API_RATE_LIMIT_BURST: "100000", API_RATE_LIMIT_PER_SECOND: "100000" };

async function start() {
  server = await startInstance(PORT, env);
}
function kill(signal: NodeJS.Signals) {
  server?.stop(signal);
  server = undefined;
}
test.afterAll(() => kill("SIGTERM"));

function body(key: string) {
  const request = documentedRequest("chronic_nonmalignant_pain", "trial");
  delete (request as { caseId?: string }).caseId;
  return JSON.stringify({ memberId: `CRASH-${key}`, memberName: "Crash Safety", request });
}

async function submit(key: string) {
  const res = await fetch(`${BASE}/api/v1/cases`, {
    method: "POST",
    headers: { ...KEY, "content-type": "application/json", "idempotency-key": key },
    body: body(key),
  });
  return { status: res.status, id: ((await res.json()) as { id?: string }).id };
}

async function upload(caseId: string, key: string) {
  const bytes = new Uint8Array([...PDF, ...new TextEncoder().encode(`% ${key}\n`)]);
  const form = new FormData();
  form.set("file", new Blob([bytes], { type: "application/pdf" }), `${key}.pdf`);
  const res = await fetch(`${BASE}/api/v1/cases/${caseId}/attachments`, { method: "POST", headers: KEY, body: form });
  return {
    status: res.status,
    id: ((await res.json()) as { id?: string }).id,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}

test("SIGKILL during a burst of submissions with attachments loses and doubles nothing", async () => {
  test.setTimeout(300_000);
  await start();
  const run = Date.now().toString(36);
  const sent: string[] = [];
  const acknowledged = new Map<string, string>();
  const files: { id: string; sha256: string }[] = [];
  let killed = false;

  const client = async (c: number) => {
    for (let n = 0; !killed; n++) {
      const key = `crash-${run}-${c}-${n}`;
      sent.push(key);
      try {
        const created = await submit(key);
        if (created.status !== 201) throw new Error(`submission answered ${created.status}`);
        acknowledged.set(key, created.id!);
        const file = await upload(created.id!, key);
        if (file.status === 201) files.push({ id: file.id!, sha256: file.sha256 });
      } catch (err) {
        if (!killed) throw err;
        return;
      }
    }
  };
  const burst = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  // Kill mid-burst, once a good number of submissions have been acknowledged.
  await expect.poll(() => acknowledged.size, { timeout: 120_000, intervals: [100] }).toBeGreaterThanOrEqual(40);
  killed = true;
  kill("SIGKILL");
  await burst;

  await start();
  // A client that never heard back retries with the same key: it gets the one case, never a second.
  const retried = new Map<string, { status: number; id?: string }>();
  for (const key of sent) {
    const again = await submit(key);
    expect([200, 201], key).toContain(again.status);
    retried.set(key, again);
  }
  // Those it did hear back about answer 200 with the case they were given.
  for (const [key, id] of acknowledged) expect(retried.get(key), key).toMatchObject({ status: 200, id });

  const sql = postgres(process.env.E2E_DATABASE_URL!, { max: 1 });
  try {
    const perKey = await sql<{ key: string; n: number }[]>`
      select idempotency_key as key, count(*)::int as n from cases where idempotency_key like ${`crash-${run}-%`} group by 1`;
    expect(perKey.length).toBe(sent.length);
    expect(perKey.filter((r) => r.n !== 1)).toEqual([]);
    const { unevaluated } = (
      await sql<{ unevaluated: number }[]>`
      select count(*)::int as unevaluated from cases c
      where c.status <> 'draft' and not exists (select 1 from evaluation_snapshots e where e.case_id = c.id)`
    )[0]!;
    expect(unevaluated).toBe(0);
    const { bytesMissing } = (
      await sql<{ bytesMissing: number }[]>`
      select count(*)::int as "bytesMissing" from attachments a
      where not exists (select 1 from attachment_blobs b where b.key = a.storage_key)`
    )[0]!;
    expect(bytesMissing).toBe(0);
    const stored = await sql<
      { id: string; sha256: string }[]
    >`select id, sha256 from attachments where id = any(${files.map((f) => f.id)}::uuid[])`;
    expect(new Map(stored.map((r) => [r.id, r.sha256]))).toEqual(new Map(files.map((f) => [f.id, f.sha256])));
  } finally {
    await sql.end();
  }

  const verify = spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/audit-verify.ts"], {
    env: { ...env, DATABASE_URL: process.env.E2E_DATABASE_URL },
    encoding: "utf8",
  });
  expect(verify.stdout).toMatch(/audit chain: intact, \d+ events/);
  expect(verify.stdout).toMatch(/determinations: \d+ signatures valid/);
  expect(verify.status).toBe(0);
  console.log(
    `crash safety: ${sent.length} submissions sent, ${acknowledged.size} acknowledged before SIGKILL, ${files.length} attachments acknowledged; all present once after restart`,
  );
});
