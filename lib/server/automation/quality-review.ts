import "server-only";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { attachments, cases, determinationFindings, determinations, qaReviews, users } from "@/db/schema";
import {
  CRITERION_STATUS_LABELS,
  FINDING_STATUSES,
  FINDING_STATUS_LABELS,
  formatPlanDateTime,
  type CriterionStatus,
  type FindingStatus,
} from "@/lib/domain";
import { displayFileName } from "@/lib/file-names";
import { findCriterion, getPolicyVersion, type Indication, type Phase, type Urgency } from "@/lib/policy";
import { DOCUMENT_KIND_LABELS } from "@/lib/policy/document-kinds";
import { qualityReviewInput } from "@/lib/validation/quality-review";
import type { Db } from "@/db/client";
import {
  audit,
  recordAudit,
  refuseNotFound,
  requirePermission,
  withTransaction,
  type ServiceContext,
} from "../context";
import { ConflictError, ValidationError, type Issue } from "../errors";
import { parseInput } from "../parse-input";

// Quality review of automated approvals (issue 25): a plan-set share of the policy engine's
// approvals is drawn at decision time (determinations.qa_sampled); a nurse or physician reviewer
// then says whether they agree with every finding, or which criteria they find otherwise and why.
// It never changes the approval: it measures the engine (the reports' agreement and kappa).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The most approvals the queue lists at once (oldest first). */
const QUEUE_LIMIT = 200;

/** The drawn automated approvals: the only determinations a quality review is about. */
const drawnForReview = and(eq(determinations.kind, "automated"), eq(determinations.qaSampled, true));

export interface QualityReviewQueueRow {
  determinationId: string;
  caseId: string;
  reference: string;
  phase: Phase | null;
  indication: Indication | null;
  urgency: Urgency | null;
  decidedAt: Date;
}

/** The drawn automated approvals no one has reviewed yet, oldest first (no member names). */
export async function listQualityReviewQueue(
  ctx: ServiceContext,
): Promise<{ rows: QualityReviewQueueRow[]; limit: number }> {
  await requirePermission(ctx, "qa.review", { type: "quality_review_queue" });
  const rows = await ctx.db
    .select({
      determinationId: determinations.id,
      caseId: cases.id,
      reference: cases.reference,
      phase: cases.phase,
      indication: cases.indication,
      urgency: cases.urgency,
      decidedAt: determinations.decidedAt,
    })
    .from(determinations)
    .innerJoin(cases, eq(cases.id, determinations.caseId))
    .leftJoin(qaReviews, eq(qaReviews.determinationId, determinations.id))
    .where(and(drawnForReview, isNull(qaReviews.id)))
    .orderBy(asc(determinations.decidedAt), asc(determinations.id))
    .limit(QUEUE_LIMIT);
  return { rows, limit: QUEUE_LIMIT };
}

export interface QualityReviewFinding {
  criterionId: string;
  /** The criterion in plain words (the case's policy version). */
  label: string;
  /** The engine's finding, which the approval rests on. */
  status: FindingStatus;
  statusLabel: string;
  citationAnchor: string;
  citationQuote: string;
  evidence: { attachmentId: string; fileName: string; kind: string | null; page?: number }[];
  /** The findings a reviewer may give instead (every one but the engine's). */
  otherStatuses: { value: FindingStatus; label: string }[];
}

export interface RecordedQualityReview {
  reviewerName: string;
  agrees: boolean;
  disagreements: { criterionId: string; label: string; engineStatus: string; status: FindingStatus; reason: string }[];
  note: string | null;
  createdAt: Date;
}

/** A drawn automated approval with the engine's findings for the review form, and the review if one was recorded. */
export async function getQualityReview(ctx: ServiceContext, determinationId: string) {
  await requirePermission(ctx, "qa.review", { type: "determination", id: determinationId });
  const valid = UUID.test(determinationId);
  const [row] = valid
    ? await ctx.db
        .select({
          id: determinations.id,
          caseId: determinations.caseId,
          policyVersion: determinations.policyVersion,
          decidedAt: determinations.decidedAt,
          rationale: determinations.rationale,
          automation: determinations.automation,
          reference: cases.reference,
          phase: cases.phase,
          indication: cases.indication,
          urgency: cases.urgency,
        })
        .from(determinations)
        .innerJoin(cases, eq(cases.id, determinations.caseId))
        .where(and(eq(determinations.id, determinationId), drawnForReview))
    : [];
  if (!row)
    return refuseNotFound(ctx, "qa.view", { type: "determination", id: valid ? determinationId : "invalid-id" });
  const findings = await findingsOf(ctx.db, row.id, row.policyVersion);
  const review = await recordedReview(ctx.db, row.id, findings);
  await recordAudit(ctx, {
    action: "qa.view",
    targetType: "determination",
    targetId: row.id,
    caseId: row.caseId,
    details: { reviewed: !!review },
  });
  return {
    determination: {
      id: row.id,
      caseId: row.caseId,
      reference: row.reference,
      phase: row.phase,
      indication: row.indication,
      urgency: row.urgency,
      policyVersion: row.policyVersion,
      decidedAt: row.decidedAt,
      rationale: row.rationale,
      /** Approved under the practice's gold card (the findings may not all be met), not on the criteria. */
      underGoldCard: row.automation?.reason === "gold_card",
    },
    findings,
    review,
  };
}

async function findingsOf(db: Db, determinationId: string, policyVersion: string): Promise<QualityReviewFinding[]> {
  const version = getPolicyVersion(policyVersion);
  const rows = await db
    .select()
    .from(determinationFindings)
    .where(eq(determinationFindings.determinationId, determinationId))
    .orderBy(asc(determinationFindings.criterionId));
  const attachmentIds = [...new Set(rows.flatMap((r) => r.evidence.map((e) => e.attachmentId)))];
  const files = attachmentIds.length
    ? await db
        .select({ id: attachments.id, fileName: attachments.fileName, kind: attachments.documentKind })
        .from(attachments)
        .where(inArray(attachments.id, attachmentIds))
    : [];
  const fileOf = new Map(files.map((f) => [f.id, f]));
  // The catalogue's order (the policy's), then anything it no longer knows by id.
  const order = new Map((version?.criteria ?? []).map((c, i) => [c.id, i]));
  const rank = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  return rows
    .sort((a, b) => rank(a.criterionId) - rank(b.criterionId))
    .map((r) => {
      const file = (id: string) => fileOf.get(id);
      return {
        criterionId: r.criterionId,
        label: (version ? findCriterion(r.criterionId, version) : findCriterion(r.criterionId))?.label ?? r.criterionId,
        status: r.status,
        // The engine's own status where the recorded finding was mapped from it (gold-card approvals).
        statusLabel:
          r.engineStatus && r.engineStatus !== r.status && r.engineStatus in CRITERION_STATUS_LABELS
            ? CRITERION_STATUS_LABELS[r.engineStatus as CriterionStatus]
            : FINDING_STATUS_LABELS[r.status],
        citationAnchor: r.citationAnchor,
        citationQuote: r.citationQuote,
        evidence: r.evidence.map((e) => {
          const f = file(e.attachmentId);
          return {
            attachmentId: e.attachmentId,
            fileName: f ? displayFileName(f.fileName) : "attachment",
            kind: f?.kind ? DOCUMENT_KIND_LABELS[f.kind] : null,
            ...(e.page ? { page: e.page } : {}),
          };
        }),
        otherStatuses: FINDING_STATUSES.filter((s) => s !== r.status).map((s) => ({
          value: s,
          label: FINDING_STATUS_LABELS[s],
        })),
      };
    });
}

async function recordedReview(
  db: Db,
  determinationId: string,
  findings: QualityReviewFinding[],
): Promise<RecordedQualityReview | null> {
  const [row] = await db
    .select({ review: qaReviews, reviewerName: users.name })
    .from(qaReviews)
    .innerJoin(users, eq(users.id, qaReviews.reviewerId))
    .where(eq(qaReviews.determinationId, determinationId));
  if (!row) return null;
  const labelOf = new Map(findings.map((f) => [f.criterionId, f.label]));
  return {
    reviewerName: row.reviewerName,
    agrees: row.review.agrees,
    disagreements: row.review.disagreements.map((d) => ({ ...d, label: labelOf.get(d.criterionId) ?? d.criterionId })),
    note: row.review.note,
    createdAt: row.review.createdAt,
  };
}

/**
 * Records a reviewer's quality review of a drawn automated approval: agreement with every
 * finding, or the criteria found otherwise (each a criterion of that approval, with a finding
 * other than the engine's, and why). One per approval: a second is a conflict naming the first.
 * The approval is not changed. Audited (`qa.review`) with the agreement and the number of
 * disagreements only, never the clinical text.
 */
export async function recordQualityReview(ctx: ServiceContext, input: unknown) {
  const rawId = (input as { determinationId?: unknown } | null)?.determinationId;
  const targetId = typeof rawId === "string" && UUID.test(rawId) ? rawId : undefined;
  await requirePermission(ctx, "qa.review", { type: "determination", id: targetId });
  const data = parseReview(input);
  return withTransaction(ctx, async (tx) => {
    const [d] = await tx
      .select({ id: determinations.id, caseId: determinations.caseId, policyVersion: determinations.policyVersion })
      .from(determinations)
      .where(and(eq(determinations.id, data.determinationId), drawnForReview));
    if (!d) return refuseNotFound(ctx, "qa.review", { type: "determination", id: data.determinationId }, tx);
    const existing = await existingReview(tx, d.id);
    if (existing) throw alreadyReviewed(existing);

    const findings = await tx
      .select({ criterionId: determinationFindings.criterionId, status: determinationFindings.status })
      .from(determinationFindings)
      .where(eq(determinationFindings.determinationId, d.id));
    const engineOf = new Map(findings.map((f) => [f.criterionId, f.status]));
    const version = getPolicyVersion(d.policyVersion);
    const label = (id: string) => (version ? findCriterion(id, version) : findCriterion(id))?.label ?? id;
    const issues: Issue[] = [];
    data.disagreements.forEach((x, i) => {
      const engine = engineOf.get(x.criterionId);
      if (!engine)
        issues.push({
          path: `disagreements[${i}].criterionId`,
          message: `${x.criterionId} is not a criterion of this approval`,
        });
      else if (engine === x.status)
        issues.push({
          path: `disagreements[${i}].status`,
          message: `${label(x.criterionId)}: the engine found it ${FINDING_STATUS_LABELS[engine].toLowerCase()} too; choose the finding you would give instead`,
        });
    });
    if (issues.length)
      throw new ValidationError(
        `The quality review is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}.`,
        issues,
      );

    const disagreements = data.disagreements.map((x) => ({
      criterionId: x.criterionId,
      engineStatus: engineOf.get(x.criterionId)!,
      status: x.status,
      reason: x.reason,
    }));
    const [inserted] = await tx
      .insert(qaReviews)
      .values({
        determinationId: d.id,
        caseId: d.caseId,
        reviewerId: ctx.viewer.userId,
        agrees: data.agrees === "yes",
        disagreements,
        note: data.note ?? null,
      })
      // A reviewer who got there first (at the same moment) wins: the unique key on the determination.
      .onConflictDoNothing({ target: qaReviews.determinationId })
      .returning({ id: qaReviews.id, createdAt: qaReviews.createdAt });
    if (!inserted) {
      const first = await existingReview(tx, d.id);
      throw alreadyReviewed(first);
    }
    await audit(tx, ctx, {
      action: "qa.review",
      targetType: "determination",
      targetId: d.id,
      caseId: d.caseId,
      details: { agrees: data.agrees === "yes", disagreements: disagreements.length },
    });
    return {
      id: inserted.id,
      determinationId: d.id,
      agrees: data.agrees === "yes",
      disagreements: disagreements.length,
      createdAt: inserted.createdAt,
    };
  });
}

/**
 * The schema's parse, with each disagreement's problem prefixed by its criterion's label: the
 * form shows the messages, and "Say why" alone would not say for which criterion.
 */
function parseReview(input: unknown) {
  try {
    return parseInput(qualityReviewInput, input, "quality review");
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const marked = (input as { disagreements?: unknown } | null)?.disagreements;
    const issues = err.issues.map((issue) => {
      const index = /^disagreements\[(\d+)\]\.(status|reason)$/.exec(issue.path)?.[1];
      const id =
        index !== undefined && Array.isArray(marked)
          ? (marked[Number(index)] as { criterionId?: unknown } | null)?.criterionId
          : undefined;
      const label = typeof id === "string" ? findCriterion(id)?.label : undefined;
      return label ? { ...issue, message: `${label}: ${issue.message}` } : issue;
    });
    throw new ValidationError(err.userMessage, issues);
  }
}

async function existingReview(db: Db, determinationId: string) {
  const [row] = await db
    .select({ reviewerName: users.name, createdAt: qaReviews.createdAt })
    .from(qaReviews)
    .innerJoin(users, eq(users.id, qaReviews.reviewerId))
    .where(eq(qaReviews.determinationId, determinationId));
  return row;
}

function alreadyReviewed(first: { reviewerName: string; createdAt: Date } | undefined): ConflictError {
  return new ConflictError(
    first
      ? `Another reviewer already reviewed this approval (${first.reviewerName}, ${formatPlanDateTime(first.createdAt)}). Each approval drawn for quality review is reviewed once.`
      : "Another reviewer already reviewed this approval (just now). Each approval drawn for quality review is reviewed once.",
  );
}
