// npm run db:seed:bulk -- 100000 — adds N realistic submitted cases in every state to the database
// (DATABASE_URL, or PGlite with the server stopped): requests evaluated by the engine, due
// times, the engine's evaluation snapshot of each, signed determinations with findings per criterion, information requests, appeals, and
// the hash-chained audit events the services write — with the same inserts the services use.
// For benchmarks and load trials; its accounts are marked demo, so production refuses the database.
import { randomUUID } from "node:crypto";
import { desc, sql } from "drizzle-orm";
import { getDatabase, migrateDatabase, type Db } from "@/db/client";
import { AUDIT_CHAIN_LOCK, AUDIT_GENESIS_HASH, auditRowHash } from "@/db/audit-chain";
import {
  appeals,
  auditEvents,
  caseInformationRequests,
  cases,
  determinationFindings,
  determinations,
  evaluationSnapshots,
  organizations,
  users,
  type CaseStatus,
  type Role,
} from "@/db/schema";
import { evaluate } from "@/lib/policy";
import { documentedRequest } from "@/lib/policy/fixtures";
import { computeDueAt } from "@/lib/due-time";
import { determinationSignature } from "@/lib/server/review/sign-determination";

const total = Number(process.argv[2] ?? 100_000);
if (!Number.isSafeInteger(total) || total < 1) {
  console.error("usage: npm run db:seed:bulk -- <number of cases>");
  process.exit(2);
}

// A deterministic pseudo-random sequence, so two runs make the same mix.
let state = 339_7;
const rand = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

const STATUS_MIX: [CaseStatus, number][] = [
  ["submitted", 8],
  ["in_review", 5],
  ["pending_information", 5],
  ["approved", 45],
  ["denied", 17],
  ["withdrawn", 5],
  ["appeal_submitted", 4],
  ["appeal_in_review", 2],
  ["appeal_upheld", 4],
  ["appeal_overturned", 5],
];
const statusOf = () => {
  let r = rand() * 100;
  for (const [s, w] of STATUS_MIX) if ((r -= w) < 0) return s;
  return "approved" as CaseStatus;
};
const TEMPLATES = (["chronic_nonmalignant_pain", "cancer_pain", "spasticity"] as const).flatMap((ind) =>
  (["trial", "implant"] as const).flatMap((phase) =>
    (["standard", "expedited"] as const).map((urgency) => {
      const request = documentedRequest(ind, phase);
      request.request.urgency = urgency;
      return { request, result: evaluate(request) };
    }),
  ),
);

/**
 * The bulk data's own practices and people, marked demo. Their password hash is not a bcrypt
 * hash, so no one can sign in as them: they exist to be the cases' submitters and reviewers.
 */
async function bulkAccounts(db: Db) {
  const tag = randomUUID().slice(0, 8);
  const [pain, neuro, plan] = await db
    .insert(organizations)
    .values([
      { name: "Bulk Pain Clinic", slug: `bulk-pain-${tag}`, kind: "provider" as const },
      { name: "Bulk Neurosurgery", slug: `bulk-neuro-${tag}`, kind: "provider" as const },
      { name: "Bulk plan", slug: `bulk-plan-${tag}`, kind: "plan" as const },
    ])
    .returning();
  const people = (role: Role, names: [string, string][]) =>
    db
      .insert(users)
      .values(
        names.map(([name, organizationId], i) => ({
          email: `${role}-${tag}-${i}@bulk.invalid`,
          name,
          role,
          organizationId,
          passwordHash: "!",
          isDemo: true,
        })),
      )
      .returning();
  return {
    providers: await people("provider", [
      ["Bulk Provider A", pain!.id],
      ["Bulk Provider B", neuro!.id],
    ]),
    nurses: await people("nurse_reviewer", [
      ["Bulk Nurse A", plan!.id],
      ["Bulk Nurse B", plan!.id],
    ]),
    physicians: await people("physician_reviewer", [
      ["Bulk Physician A", plan!.id],
      ["Bulk Physician B", plan!.id],
    ]),
  };
}

async function main() {
  const handle = await getDatabase();
  try {
    await migrateDatabase(handle);
    const db = handle.db;
    const { providers, nurses, physicians } = await bulkAccounts(db);
    const started = performance.now();
    const now = Date.now();
    const prefix = `PA-BULK-${randomUUID().slice(0, 6)}`;
    for (let done = 0; done < total;) {
      const n = Math.min(1000, total - done);
      await db.transaction(async (tx) => {
        const caseRows: (typeof cases.$inferInsert)[] = [];
        const snapshots: (typeof evaluationSnapshots.$inferInsert)[] = [];
        const dets: (typeof determinations.$inferInsert)[] = [];
        const finds: (typeof determinationFindings.$inferInsert)[] = [];
        const pends: (typeof caseInformationRequests.$inferInsert)[] = [];
        const appealRows: (typeof appeals.$inferInsert)[] = [];
        const events: {
          at: Date;
          actor: { id: string; role: string };
          action: string;
          caseId: string;
          details: Record<string, unknown>;
        }[] = [];
        for (let i = 0; i < n; i++) {
          const k = done + i;
          const t = pick(TEMPLATES);
          const org = k % 2;
          const status = statusOf();
          const id = randomUUID();
          const submittedAt = new Date(now - Math.floor(rand() * 365 * 86_400_000));
          const dueAt = computeDueAt(submittedAt, t.request.request.urgency);
          const decidedStatus = !["submitted", "in_review", "pending_information", "withdrawn"].includes(status);
          const hoursToDecide = t.request.request.urgency === "expedited" ? 2 + rand() * 80 : 4 + rand() * 190;
          const decidedAt = decidedStatus ? new Date(submittedAt.getTime() + hoursToDecide * 3_600_000) : null;
          const reviewer = t.result.outcome === "meets_criteria" && rand() < 0.7 ? pick(nurses) : pick(physicians);
          caseRows.push({
            id,
            reference: `${prefix}-${String(k).padStart(7, "0")}`,
            organizationId: providers[org]!.organizationId,
            createdBy: providers[org]!.id,
            status,
            memberId: `BULK${k}`,
            memberName: `Bulk Member ${k}`,
            request: t.request,
            urgency: t.request.request.urgency,
            indication: t.request.request.indication,
            phase: t.request.request.phase,
            requestDate: t.request.request.requestDate,
            policyVersion: t.result.policy.version,
            engineOutcome: t.result.outcome,
            submittedAt,
            dueAt,
            decidedAt,
            assigneeId: status === "in_review" || status === "pending_information" ? reviewer.id : null,
            createdAt: submittedAt,
          });
          // The engine's evaluation at submission, as submitCase stores it; decisions point at it.
          const snapshotId = randomUUID();
          snapshots.push({
            id: snapshotId,
            caseId: id,
            reason: "submission",
            policyVersion: t.result.policy.version,
            outcome: t.result.outcome,
            request: t.request,
            result: t.result,
            createdBy: providers[org]!.id,
            createdAt: submittedAt,
          });
          events.push({
            at: submittedAt,
            actor: { id: providers[org]!.id, role: "provider" },
            action: "case.submit",
            caseId: id,
            details: { via: "web" },
          });
          if (status === "pending_information" || rand() < 0.15) {
            const requestedAt = new Date(submittedAt.getTime() + 3_600_000);
            const answered = status !== "pending_information";
            pends.push({
              caseId: id,
              requestedBy: reviewer.id,
              message: "Please send the records.",
              items: ["records"],
              requestedAt,
              respondedAt: answered ? new Date(requestedAt.getTime() + rand() * 48 * 3_600_000) : null,
              respondedBy: answered ? providers[org]!.id : null,
            });
            events.push({
              at: requestedAt,
              actor: { id: reviewer.id, role: reviewer.role },
              action: "case.pend",
              caseId: id,
              details: { via: "web" },
            });
          }
          if (!decidedAt) continue;
          const initialDecision = status === "approved" ? "approved" : "denied";
          const decider = initialDecision === "denied" ? pick(physicians) : reviewer;
          const criteria = t.result.criteria.slice(0, 6);
          const sign = (
            kind: "initial" | "appeal",
            decision: "approved" | "denied" | "appeal_upheld" | "appeal_overturned",
            by: typeof reviewer,
            at: Date,
            supersedesId: string | null,
          ) => {
            const findings = criteria.map((c) => ({
              criterionId: c.id,
              status: (decision === "denied" && c === criteria[criteria.length - 1]
                ? pick(["not_met", "not_documented"] as const)
                : "met") as "met" | "not_met" | "not_documented",
              engineStatus: c.status as string,
              citationAnchor: c.citation.anchor,
              citationQuote: c.citation.quote,
              evidence: [],
              note: null,
            }));
            const content = {
              caseId: id,
              kind,
              decision,
              reviewerId: by.id,
              reviewerRole: by.role,
              policyVersion: t.result.policy.version,
              evaluationSnapshotId: snapshotId,
              rationale: `Decided on the records (${decision}).`,
              interqual: null,
              outsidePolicy: false,
              supersedesId,
              findings,
            };
            const detId = randomUUID();
            const { findings: _f, ...row } = content;
            void _f;
            dets.push({
              ...row,
              id: detId,
              decidedAt: at,
              signature: determinationSignature({ ...content, decidedAt: at }),
            });
            for (const f of findings) finds.push({ ...f, determinationId: detId });
            events.push({
              at,
              actor: { id: by.id, role: by.role },
              action: decision === "approved" ? "case.approve" : decision === "denied" ? "case.deny" : "appeal.decide",
              caseId: id,
              details: { via: "web", to: decision },
            });
            return detId;
          };
          const firstAt = status.startsWith("appeal")
            ? new Date(submittedAt.getTime() + hoursToDecide * 0.5 * 3_600_000)
            : decidedAt;
          const initialId = sign("initial", initialDecision, decider, firstAt, null);
          if (status.startsWith("appeal")) {
            const filedAt = new Date(firstAt.getTime() + 3_600_000);
            appealRows.push({
              caseId: id,
              deniedDeterminationId: initialId,
              filedBy: providers[org]!.id,
              reason: "The records show six months of therapy.",
              filedAt,
              dueAt: new Date(filedAt.getTime() + 30 * 86_400_000),
            });
            events.push({
              at: filedAt,
              actor: { id: providers[org]!.id, role: "provider" },
              action: "case.appeal",
              caseId: id,
              details: { via: "web" },
            });
            if (status === "appeal_upheld" || status === "appeal_overturned")
              sign(
                "appeal",
                status,
                physicians.find((p) => p.id !== decider.id) ?? physicians[0]!,
                decidedAt,
                initialId,
              );
          }
        }
        await tx.insert(cases).values(caseRows);
        await tx.insert(evaluationSnapshots).values(snapshots);
        if (dets.length) await tx.insert(determinations).values(dets);
        for (let i = 0; i < finds.length; i += 5000)
          await tx.insert(determinationFindings).values(finds.slice(i, i + 5000));
        if (pends.length) await tx.insert(caseInformationRequests).values(pends);
        if (appealRows.length) await tx.insert(appeals).values(appealRows);
        // The audit events, chained onto the head under the chain's lock (as appendAudit does).
        await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
        const [last] = await tx
          .select({ hash: auditEvents.hash })
          .from(auditEvents)
          .orderBy(desc(auditEvents.seq))
          .limit(1);
        let prevHash = last?.hash ?? AUDIT_GENESIS_HASH;
        const rows = events.map((e) => {
          const content = {
            at: e.at,
            actorId: e.actor.id,
            actorRole: e.actor.role,
            organizationId: null,
            action: e.action,
            outcome: "ok" as const,
            targetType: "case",
            targetId: e.caseId,
            caseId: e.caseId,
            ip: "10.0.0.1",
            userAgent: "seed-bulk",
            details: e.details,
            prevHash,
          };
          const hash = auditRowHash(content);
          prevHash = hash;
          return { ...content, hash };
        });
        for (let i = 0; i < rows.length; i += 2000) await tx.insert(auditEvents).values(rows.slice(i, i + 2000));
      });
      done += n;
      if (done % 10_000 === 0 || done === total) console.log(`  ${done} cases`);
    }
    // As autovacuum would soon: statistics for the planner, and the visibility map for index-only scans.
    await db.execute(sql`vacuum analyze`);
    console.log(`seeded ${total} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await handle.close();
  }
}

await main();
