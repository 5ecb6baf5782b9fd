import "server-only";
import { asc, eq, inArray, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  appeals,
  attachments,
  auditEvents,
  caseEscalations,
  caseInformationRequests,
  cases,
  determinationFindings,
  determinations,
  evaluationSnapshots,
  organizations,
  users,
} from "@/db/schema";
import { recomputeSignature } from "@/lib/audit/determination-signatures";
import { recordAudit, refuseNotFound, requirePermission, type ServiceContext } from "../context";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type CriterionStatuses = Record<string, string>;
const statusesOf = (result: unknown): CriterionStatuses =>
  Object.fromEntries(
    ((result as { criteria?: { id: string; status: string }[] })?.criteria ?? []).map((c) => [c.id, c.status]),
  );

export type TimelineEntry =
  | {
      kind: "event";
      at: Date;
      seq: number;
      action: string;
      outcome: string;
      who: string | null;
      role: string | null;
      ip: string | null;
      details: Record<string, unknown>;
    }
  | {
      kind: "snapshot";
      at: Date;
      reason: string;
      outcome: string;
      policyVersion: string;
      changed: { id: string; from: string | null; to: string }[];
    }
  | {
      kind: "information_request";
      at: Date;
      who: string | null;
      message: string;
      items: string[];
      respondedAt: Date | null;
      responseNote: string | null;
    }
  | { kind: "escalation"; at: Date; who: string | null; reason: string }
  | {
      kind: "attachment";
      at: Date;
      who: string | null;
      id: string;
      fileName: string;
      contentType: string;
      size: number;
      sha256: string;
    }
  | {
      kind: "determination";
      at: Date;
      id: string;
      who: string | null;
      role: string;
      determinationKind: string;
      decision: string;
      policyVersion: string;
      rationale: string;
      signature: string;
      signatureValid: boolean;
      findings: {
        criterionId: string;
        status: string;
        engineStatus: string | null;
        citationAnchor: string;
        citationQuote: string;
        evidence: { attachmentId: string; page?: number }[];
        note: string | null;
      }[];
    }
  | { kind: "appeal"; at: Date; who: string | null; reason: string; dueAt: Date };

/**
 * Everything recorded about one case, read-only, as one timeline ordered by time: the audit
 * events (who, role, when, from where, refusals included) and the records they point at. The
 * auditor's view is itself audited.
 */
export async function getCaseTimeline(ctx: ServiceContext, caseId: string) {
  await requirePermission(ctx, "audit.read", { type: "case", id: UUID.test(caseId) ? caseId : "invalid-id" });
  if (!UUID.test(caseId)) return refuseNotFound(ctx, "history.case_view", { type: "case", id: "invalid-id" });
  const creator = alias(users, "creator");
  const [row] = await ctx.db
    .select({ c: cases, organization: organizations.name, createdByName: creator.name })
    .from(cases)
    .innerJoin(organizations, eq(organizations.id, cases.organizationId))
    .innerJoin(creator, eq(creator.id, cases.createdBy))
    .where(eq(cases.id, caseId))
    .limit(1);
  if (!row || !row.c.submittedAt) return refuseNotFound(ctx, "history.case_view", { type: "case", id: caseId });

  const [snapshots, files, requests, escalations, decisions, appealRows, events] = await Promise.all([
    ctx.db
      .select()
      .from(evaluationSnapshots)
      .where(eq(evaluationSnapshots.caseId, caseId))
      .orderBy(asc(evaluationSnapshots.createdAt)),
    ctx.db
      .select({ a: attachments, who: users.name })
      .from(attachments)
      .leftJoin(users, eq(users.id, attachments.uploadedBy))
      .where(eq(attachments.caseId, caseId)),
    ctx.db
      .select({ r: caseInformationRequests, who: users.name })
      .from(caseInformationRequests)
      .leftJoin(users, eq(users.id, caseInformationRequests.requestedBy))
      .where(eq(caseInformationRequests.caseId, caseId)),
    ctx.db
      .select({ e: caseEscalations, who: users.name })
      .from(caseEscalations)
      .leftJoin(users, eq(users.id, caseEscalations.escalatedBy))
      .where(eq(caseEscalations.caseId, caseId)),
    ctx.db
      .select({ d: determinations, who: users.name })
      .from(determinations)
      .leftJoin(users, eq(users.id, determinations.reviewerId))
      .where(eq(determinations.caseId, caseId)),
    ctx.db
      .select({ a: appeals, who: users.name })
      .from(appeals)
      .leftJoin(users, eq(users.id, appeals.filedBy))
      .where(eq(appeals.caseId, caseId)),
    ctx.db
      .select({ e: auditEvents, who: users.name })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(or(eq(auditEvents.caseId, caseId), eq(auditEvents.targetId, caseId)))
      .orderBy(asc(auditEvents.seq)),
  ]);
  const findings = decisions.length
    ? await ctx.db
        .select()
        .from(determinationFindings)
        .where(
          inArray(
            determinationFindings.determinationId,
            decisions.map((d) => d.d.id),
          ),
        )
    : [];

  const entries: TimelineEntry[] = [];
  let previous: CriterionStatuses = {};
  for (const s of snapshots) {
    const now = statusesOf(s.result);
    const changed = Object.entries(now)
      .filter(([id, status]) => previous[id] !== status)
      .map(([id, to]) => ({ id, from: previous[id] ?? null, to }));
    entries.push({
      kind: "snapshot",
      at: s.createdAt,
      reason: s.reason,
      outcome: s.outcome,
      policyVersion: s.policyVersion,
      changed: Object.keys(previous).length ? changed : [],
    });
    previous = now;
  }
  for (const { a, who } of files)
    entries.push({
      kind: "attachment",
      at: a.createdAt,
      who,
      id: a.id,
      fileName: a.fileName,
      contentType: a.contentType,
      size: a.size,
      sha256: a.sha256,
    });
  for (const { r, who } of requests)
    entries.push({
      kind: "information_request",
      at: r.requestedAt,
      who,
      message: r.message,
      items: r.items,
      respondedAt: r.respondedAt,
      responseNote: r.responseNote,
    });
  for (const { e, who } of escalations) entries.push({ kind: "escalation", at: e.escalatedAt, who, reason: e.reason });
  for (const { d, who } of decisions) {
    const own = findings.filter((f) => f.determinationId === d.id);
    entries.push({
      kind: "determination",
      at: d.decidedAt,
      id: d.id,
      who,
      role: d.reviewerRole,
      determinationKind: d.kind,
      decision: d.decision,
      policyVersion: d.policyVersion,
      rationale: d.rationale,
      signature: d.signature,
      signatureValid: recomputeSignature(d, own) === d.signature,
      findings: own.sort((x, y) => (x.criterionId < y.criterionId ? -1 : 1)),
    });
  }
  for (const { a, who } of appealRows)
    entries.push({ kind: "appeal", at: a.filedAt, who, reason: a.reason, dueAt: a.dueAt });
  for (const { e, who } of events)
    entries.push({
      kind: "event",
      at: e.at,
      seq: e.seq,
      action: e.action,
      outcome: e.outcome,
      who,
      role: e.actorRole,
      ip: e.ip,
      details: e.details,
    });
  // Stable: records before the events that note them at the same instant.
  entries.sort(
    (x, y) => x.at.getTime() - y.at.getTime() || (x.kind === "event" ? 1 : 0) - (y.kind === "event" ? 1 : 0),
  );

  await recordAudit(ctx, {
    action: "history.case_view",
    targetType: "case",
    targetId: caseId,
    caseId,
    details: { entries: entries.length },
  });
  const { c } = row;
  return {
    case: {
      id: c.id,
      reference: c.reference,
      status: c.status,
      organization: row.organization,
      createdBy: row.createdByName,
      urgency: c.urgency,
      indication: c.indication,
      phase: c.phase,
      policyVersion: c.policyVersion,
      engineOutcome: c.engineOutcome,
      submittedAt: c.submittedAt,
      dueAt: c.dueAt,
      decidedAt: c.decidedAt,
      request: c.request,
      memberId: c.memberId,
      memberName: c.memberName,
    },
    entries,
  };
}
