// Real-time approval: 50 concurrent clients submitting clean chronic non-malignant pain trial
// requests (each a draft with a record of every kind the policy asks for, prepared beforehand),
// attested, 4 each one after the other; the time of each submission, which comes back approved by
// the policy engine (evaluation, snapshot, signed determination, quality-review draw, notices and
// audit in one transaction). PostgreSQL (BENCH_DATABASE_URL) unless TEST_DATABASE_URL says otherwise.
import { register } from "node:module";
import { pathToFileURL } from "node:url";
import { addRow } from "./report";

const HOOK = `
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: ${JSON.stringify(pathToFileURL(`${process.cwd()}/node_modules/server-only/empty.js`).href)}, shortCircuit: true };
  return next(specifier, context);
}`;

const CLIENTS = 50;
const REQUESTS_PER_CLIENT = 4;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function benchAutomatedApproval(): Promise<string[]> {
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
  process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL;
  process.env.TEST_DATABASE_PREFIX ??= `${process.env.BENCH_DB_PREFIX ?? "portal_bench"}_automation`;
  const { createTestDatabase } = await import("../test/db");
  const { givenPeople, ctxFor } = await import("../test/given");
  const { pdfBytes } = await import("../test/fhir-bundles");
  const { documentedRequest } = await import("../lib/policy/fixtures");
  const { requiredDocuments } = await import("../lib/policy/documents");
  const { saveDraft } = await import("../lib/server/cases/save-draft");
  const { uploadAttachment } = await import("../lib/server/attachments/upload-attachment");
  const { submitCase } = await import("../lib/server/cases/submit-case");
  const { setAutomationSettings } = await import("../lib/server/automation/settings");
  const { determinations } = await import("../db/schema");
  const { and, count, eq } = await import("drizzle-orm");

  const handle = await createTestDatabase();
  try {
    const db = handle.db;
    const people = await givenPeople(db, { provider: "provider", admin: "admin" });
    const provider = ctxFor(db, people.provider);
    const admin = ctxFor(db, people.admin);
    await setAutomationSettings(admin, {
      enabled: ["trial:chronic_nonmalignant_pain"],
      qaSamplePercent: "10",
    });
    const kinds = requiredDocuments("chronic_nonmalignant_pain", "trial").map((d) => d.kind);
    const request = documentedRequest("chronic_nonmalignant_pain", "trial");

    // Each client's requests prepared first (a draft and a record of each kind): not timed.
    const prepare = async (c: number | string) => {
      const drafts: { id: string; version: number; member: { memberId: string; memberName: string } }[] = [];
      for (let i = 0; i < REQUESTS_PER_CLIENT; i++) {
        const member = { memberId: `B-${c}-${i}`, memberName: "Bench Member" };
        const draft = await saveDraft(provider, { request, ...member });
        for (const kind of kinds)
          await uploadAttachment(provider, {
            caseId: draft.id,
            fileName: `${kind}.pdf`,
            bytes: pdfBytes(),
            documentKind: kind,
          });
        const row = await db.query.cases.findFirst({ where: (t, { eq }) => eq(t.id, draft.id) });
        drafts.push({ id: draft.id, version: row!.version, member });
      }
      return drafts;
    };
    const submitTimes: number[] = [];
    const statuses: string[] = [];
    let sampled = 0;
    const submitAll = async (drafts: Awaited<ReturnType<typeof prepare>>) => {
      for (const d of drafts) {
        const t = performance.now();
        const result = await submitCase(provider, {
          caseId: d.id,
          version: d.version,
          request,
          ...d.member,
          attested: true,
        });
        submitTimes.push(performance.now() - t);
        statuses.push(result.status);
      }
    };
    // Warm-up (connections, statement caches), not counted.
    await submitAll(await prepare(-1));
    submitTimes.length = 0;
    statuses.length = 0;
    sampled = 0;
    const run = async (round: string) => {
      const prepared: Awaited<ReturnType<typeof prepare>>[] = [];
      for (let c = 0; c < CLIENTS; c++) prepared.push(await prepare(`${round}-${c}`));
      const started = performance.now();
      await Promise.all(prepared.map(submitAll));
      return (performance.now() - started) / 1000;
    };
    // The floor: the same submissions with automated approval off (they wait for a reviewer).
    await setAutomationSettings(admin, { enabled: [], qaSamplePercent: "10" });
    await run("floor");
    submitTimes.sort((a, b) => a - b);
    const floorP95 = percentile(submitTimes, 95);
    const floorP50 = percentile(submitTimes, 50);
    submitTimes.length = 0;
    statuses.length = 0;
    await setAutomationSettings(admin, { enabled: ["trial:chronic_nonmalignant_pain"], qaSamplePercent: "10" });
    const wall = await run("approved");
    sampled = Number(
      (
        await db
          .select({ n: count() })
          .from(determinations)
          .where(and(eq(determinations.kind, "automated"), eq(determinations.qaSampled, true)))
      )[0]!.n,
    );
    submitTimes.sort((a, b) => a - b);
    const p95 = percentile(submitTimes, 95);
    const approved = statuses.filter((s) => s === "approved").length;
    addRow({
      work: `Submission to automated approval, ${CLIENTS} concurrent clients (${handle.kind === "pglite" ? "PGlite" : "PostgreSQL"})`,
      portal: `p95 ${p95.toFixed(0)} ms`,
      portalValue: p95,
      floor: `p95 ${floorP95.toFixed(0)} ms without it`,
      floorValue: floorP95,
      ratio: p95 / floorP95,
      target: "p95 < 1000 ms",
      met: p95 < 1000 && approved === statuses.length,
      note: `${approved} of ${statuses.length} approved in the submission; p50 ${percentile(submitTimes, 50).toFixed(0)} ms; ${sampled} drawn for quality review`,
    });
    return [
      `automated approval (${handle.kind}): ${statuses.length} submissions by ${CLIENTS} concurrent clients in ${wall.toFixed(1)} s (${(statuses.length / wall).toFixed(0)}/s; drafts and their ${kinds.length} records prepared beforehand)`,
      `  submit → approved: p50 ${percentile(submitTimes, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${submitTimes.at(-1)!.toFixed(0)} ms`,
      `  the same submissions with automated approval off (floor): p50 ${floorP50.toFixed(0)} ms, p95 ${floorP95.toFixed(0)} ms`,
      `  ${approved} of ${statuses.length} approved in the submission; ${sampled} drawn for quality review (10 % share, at least one a day)`,
    ];
  } finally {
    await handle.close();
  }
}
