import "server-only";
import { asc, desc, eq, sql } from "drizzle-orm";
import {
  appeals,
  attachments,
  auditEvents,
  caseInformationRequests,
  determinations,
  evaluationSnapshots,
  users,
} from "@/db/schema";
import { WITHDRAW_REASON_LABELS, type WithdrawReason } from "@/lib/validation/case-input";
import { recordAudit, type ServiceContext } from "../context";
import { caseAbilities } from "./abilities";
import { getCaseInScope } from "./get-case-in-scope";
import { displayFileName } from "@/lib/file-names";

export interface TimelineEntry {
  at: Date;
  action: string;
  label: string;
  actorRole: string | null;
}

/** Plain words for the state changes a provider sees on the timeline (views are not shown). */
const TIMELINE_LABELS: Record<string, string> = {
  "case.create_draft": "Draft created",
  "case.draft_save": "Draft saved",
  "case.submit": "Request submitted",
  "case.withdraw": "Request withdrawn",
  "case.respond": "Information sent to the reviewer",
  "case.appeal": "Appeal filed",
  "case.claim": "A reviewer started the review",
  "case.release": "Returned to the queue",
  "case.pend": "The reviewer asked for more information",
  "case.escalate": "Sent to a physician reviewer",
  "case.approve": "Approved",
  "case.approve_automatically": "Approved automatically",
  "case.deny": "Denied",
  "appeal.decide": "Appeal decided",
  "attachment.upload": "File attached",
};

/** Reads and autosaves are not events in the case's life. */
const HIDDEN_FROM_TIMELINE = new Set([
  "case.view",
  "case.read",
  "case.draft_save",
  "attachment.download",
  "review.draft_save",
]);

/** Audit actions whose event the case's records already give (with the record's own time). */
const COVERED_BY_RECORDS =
  /submit|create_draft|pend|request_info|respond|upload|approve|deny|decide|determin|appeal|sign/;

/** "case.request_information" → "Request information" for actions without a label of their own. */
function readableAction(action: string): string {
  const words = action.split(".").slice(1).join(" ").replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The timeline label; a withdrawal names its (fixed-choice) reason. */
function labelOf(action: string, details: unknown): string {
  const label = TIMELINE_LABELS[action] ?? readableAction(action);
  const reason = action === "case.withdraw" ? (details as { reason?: unknown } | null)?.reason : undefined;
  const reasonLabel = typeof reason === "string" ? WITHDRAW_REASON_LABELS[reason as WithdrawReason] : undefined;
  return reasonLabel ? `${label}: ${reasonLabel.toLowerCase()}` : label;
}

/** Everything the case page shows, for a viewer who may see the case (audited "case.view"). */
export async function getCaseDetail(ctx: ServiceContext, caseId: string) {
  const row = await getCaseInScope(ctx, caseId);
  const [snapshots, infoRequests, decisions, appealRows, files, events] = await Promise.all([
    ctx.db
      .select({
        id: evaluationSnapshots.id,
        reason: evaluationSnapshots.reason,
        outcome: evaluationSnapshots.outcome,
        result: evaluationSnapshots.result,
        createdAt: evaluationSnapshots.createdAt,
      })
      .from(evaluationSnapshots)
      .where(eq(evaluationSnapshots.caseId, row.id))
      .orderBy(desc(evaluationSnapshots.createdAt)),
    ctx.db
      .select()
      .from(caseInformationRequests)
      .where(eq(caseInformationRequests.caseId, row.id))
      .orderBy(desc(caseInformationRequests.requestedAt)),
    ctx.db
      .select({
        id: determinations.id,
        kind: determinations.kind,
        decision: determinations.decision,
        decidedAt: determinations.decidedAt,
        rationale: determinations.rationale,
        reviewerRole: determinations.reviewerRole,
        automationReason: sql<string | null>`${determinations.automation}->>'reason'`,
      })
      .from(determinations)
      .where(eq(determinations.caseId, row.id))
      .orderBy(desc(determinations.decidedAt)),
    ctx.db
      .select({ id: appeals.id, filedAt: appeals.filedAt, dueAt: appeals.dueAt, reason: appeals.reason })
      .from(appeals)
      .where(eq(appeals.caseId, row.id))
      .orderBy(desc(appeals.filedAt)),
    ctx.db
      .select({
        id: attachments.id,
        fileName: attachments.fileName,
        documentKind: attachments.documentKind,
        contentType: attachments.contentType,
        size: attachments.size,
        sha256: attachments.sha256,
        createdAt: attachments.createdAt,
        uploadedBy: users.name,
      })
      .from(attachments)
      .leftJoin(users, eq(users.id, attachments.uploadedBy))
      .where(eq(attachments.caseId, row.id))
      .orderBy(asc(attachments.createdAt)),
    ctx.db
      .select({
        at: auditEvents.at,
        action: auditEvents.action,
        actorRole: auditEvents.actorRole,
        outcome: auditEvents.outcome,
        details: auditEvents.details,
      })
      .from(auditEvents)
      .where(eq(auditEvents.caseId, row.id))
      .orderBy(asc(auditEvents.seq)),
  ]);
  // The case's own records give the times of its main events (they hold the real times, also
  // for imported or seeded cases); the audit trail adds what no record keeps (claims, withdrawals…).
  const fromRecords: TimelineEntry[] = [
    ...(row.status === "draft" || !row.submittedAt
      ? [
          {
            at: row.createdAt,
            action: "case.create_draft",
            label: TIMELINE_LABELS["case.create_draft"]!,
            actorRole: "provider",
          },
        ]
      : []),
    ...(row.submittedAt
      ? [{ at: row.submittedAt, action: "case.submit", label: TIMELINE_LABELS["case.submit"]!, actorRole: "provider" }]
      : []),
    ...infoRequests.flatMap((ir) => [
      { at: ir.requestedAt, action: "case.pend", label: TIMELINE_LABELS["case.pend"]!, actorRole: null },
      ...(ir.respondedAt
        ? [
            {
              at: ir.respondedAt,
              action: "case.respond",
              label: TIMELINE_LABELS["case.respond"]!,
              actorRole: "provider",
            },
          ]
        : []),
    ]),
    ...files.map((f) => ({
      at: f.createdAt,
      action: "attachment.upload",
      label: `File attached: ${displayFileName(f.fileName)}`,
      actorRole: null,
    })),
    ...decisions.map((d) => ({
      at: d.decidedAt,
      action: "determination",
      label:
        d.kind === "appeal"
          ? `Appeal decided: ${d.decision.replace(/_/g, " ")}`
          : d.kind === "automated"
            ? d.automationReason === "gold_card"
              ? "Approved automatically (the practice's gold card)"
              : "Approved automatically (every criterion met and documented)"
            : d.decision === "approved"
              ? "Approved"
              : "Denied",
      actorRole: d.reviewerRole,
    })),
    ...appealRows.map((a) => ({
      at: a.filedAt,
      action: "case.appeal",
      label: TIMELINE_LABELS["case.appeal"]!,
      actorRole: "provider",
    })),
  ];
  const fromAudit: TimelineEntry[] = events
    .filter(
      (e) =>
        e.outcome === "ok" &&
        !HIDDEN_FROM_TIMELINE.has(e.action) &&
        !COVERED_BY_RECORDS.test(e.action) &&
        (TIMELINE_LABELS[e.action] || /^(case|appeal)\./.test(e.action)),
    )
    .map((e) => ({ at: e.at, action: e.action, label: labelOf(e.action, e.details), actorRole: e.actorRole }));
  const timeline = [...fromRecords, ...fromAudit].sort((a, b) => a.at.getTime() - b.at.getTime());
  await recordAudit(ctx, {
    action: "case.view",
    targetType: "case",
    targetId: row.id,
    caseId: row.id,
    details: { status: row.status },
  });
  const openInformationRequest = infoRequests.find((r) => !r.respondedAt) ?? null;
  const denial = decisions.find((d) => d.decision === "denied");
  return {
    case: row,
    abilities: caseAbilities(ctx, row, {
      deniedAt: denial?.decidedAt ?? null,
      openInformationRequest: !!openInformationRequest,
    }),
    request: row.request,
    evaluation: snapshots[0]?.result ?? null,
    snapshots: snapshots.map((s) => ({ id: s.id, reason: s.reason, outcome: s.outcome, createdAt: s.createdAt })),
    informationRequests: infoRequests,
    openInformationRequest,
    determinations: decisions,
    /** The policy engine approved it (real-time approval): no reviewer decided it. */
    approvedAutomatically: decisions.some((d) => d.kind === "automated"),
    /** ...under the practice's gold card (not on the criteria). */
    approvedUnderGoldCard: decisions.some((d) => d.kind === "automated" && d.automationReason === "gold_card"),
    appeals: appealRows,
    attachments: files.map((f) => ({ ...f, fileName: displayFileName(f.fileName) })),
    timeline,
  };
}

export type CaseDetail = Awaited<ReturnType<typeof getCaseDetail>>;
