import "server-only";
import { and, eq, gte, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { attachments, determinations } from "@/db/schema";
import { INDICATIONS, PHASES, findCriterion, type EvaluationResult, type Indication, type Phase } from "@/lib/policy";
import { together } from "@/db/together";
import {
  AUTOMATED_APPROVAL_RULE,
  automatedApprovalCheck,
  documentKindOf,
  type AutomatedApprovalRefusal,
  type AutomationBasis,
  type DocumentKind,
} from "@/lib/policy/documents";
import { drawForQualityReview } from "@/lib/qa-sampling";
import {
  OUTCOME_LABELS,
  PLAN_TIME_ZONE,
  formatPlanDateTime,
  type CriterionStatus,
  type FindingStatus,
} from "@/lib/domain";
import type { ServiceContext } from "../context";
import type { CaseRow } from "../cases/move-case";
import { latestSnapshot, policyVersionOf, type ResolvedFinding } from "../review/resolve-findings";
import { recordDecision } from "../review/finish-decision";
import { engineContext, policyEngineViewer } from "./policy-engine-actor";
import { getAutomationSettings } from "./settings";
import { activeGoldCard } from "./gold-cards";

/**
 * A gold-card approval's findings are the engine's evaluation as it was, in the finding statuses
 * a determination records (the engine's own status is kept beside each, in engine_status).
 * `needs_clinical_review` becomes `not_documented`, never `met`: the engine leaves the medical
 * judgment to a person, no person made it, so the determination must not claim the criterion was
 * found met; "not documented" says the record it rests on does not establish it. The approval
 * rests on the practice's gold card (its basis says so), not on these findings.
 */
const GOLD_CARD_FINDING: Record<CriterionStatus, FindingStatus> = {
  met: "met",
  not_applicable: "not_applicable",
  not_met: "not_met",
  missing_documentation: "not_documented",
  needs_clinical_review: "not_documented",
};

export type AutomatedApprovalResult =
  | { approved: true; determinationId: string; status: CaseRow["status"]; version: number; qaSampled: boolean }
  | { approved: false; reasons: AutomatedApprovalRefusal[] | ["not_waiting"] };

const isPhase = (v: string | null): v is Phase => (PHASES as readonly string[]).includes(v ?? "");
const isIndication = (v: string | null): v is Indication => (INDICATIONS as readonly string[]).includes(v ?? "");

/**
 * Approves a submitted case automatically when the plan's setting enables its phase and
 * indication and the engine found every criterion met, every document the policy's
 * documentation list asks for is attached (by kind) and the provider attested the facts; signed
 * by the policy engine with the engine's findings, their verbatim citations and the records as
 * evidence. Anything else is left to people, unchanged. Call inside the transaction that
 * submitted the case or added its last record, with the case's row locked (its version is
 * checked again by the conditional UPDATE).
 */
export async function approveAutomaticallyIfClean(
  ctx: ServiceContext,
  tx: Tx,
  row: CaseRow,
  options: {
    random?: () => number;
    /** The evaluation snapshot just stored in this transaction (the submission's), so it is not read again. */
    snapshot?: { id: string; policyVersion: string; result: EvaluationResult };
    /** false: the practice's gold card does not apply (a record added after submission; the card approves on submission). */
    goldCard?: boolean;
  } = {},
): Promise<AutomatedApprovalResult> {
  // Only a request waiting in the queue, unclaimed: a reviewer's case is the reviewer's to decide.
  // Nor one a reviewer escalated or routed to physicians (back in `submitted`, unassigned).
  if (
    row.status !== "submitted" ||
    row.assigneeId ||
    row.physicianOnly ||
    row.escalatedAt ||
    !isPhase(row.phase) ||
    !isIndication(row.indication)
  )
    return { approved: false, reasons: ["not_waiting"] };
  // Unattested (most API and PAS requests): never approved automatically, not even under a gold
  // card, and nothing more to read.
  if (!row.attestedAt) return { approved: false, reasons: ["not_attested"] };
  // Independent reads, sent together (one round trip on PostgreSQL): the group commit runs its
  // members one after the other, so every round trip here delays the whole batch.
  const [settings, card, snapshot, attached, alreadySampled, engineViewer] = await together(
    getAutomationSettings(tx),
    options.goldCard === false ? Promise.resolve(undefined) : activeGoldCard(tx, row.organizationId),
    options.snapshot ? Promise.resolve(options.snapshot) : latestSnapshot(tx, row.id),
    tx
      .select({ id: attachments.id, kind: attachments.documentKind })
      .from(attachments)
      .where(eq(attachments.caseId, row.id)),
    sampledToday(tx),
    policyEngineViewer(tx),
  );
  // The attestation covers the facts as submitted: a later evaluation (the provider's answer to a
  // request for information changed them) was not attested, so it goes to people.
  if (!snapshot || ("reason" in snapshot && snapshot.reason !== "submission"))
    return { approved: false, reasons: ["not_fully_met"] };
  const check = automatedApprovalCheck({
    setting: settings.automatedApproval,
    indication: row.indication,
    phase: row.phase,
    outcome: snapshot.result.outcome,
    attached: attached.map((a) => a.kind),
    attested: row.attestedAt !== null,
  });
  // A fully met request is approved on the criteria (unchanged), even for a gold-carded practice.
  // Otherwise a gold card approves any attested request the policy addresses (a request outside
  // the policy's scope still goes to a physician). The attestation is still required: the card
  // spares the practice the review of its request, not its statement that the facts it submitted
  // are true and documented, on which the signed determination rests.
  const goldCard =
    !check.approve && card && snapshot.result.outcome !== "not_addressed_by_policy" && row.attestedAt !== null
      ? card
      : undefined;
  if (!check.approve && !goldCard) return { approved: false, reasons: check.reasons };

  const version = policyVersionOf(row.policyVersion ?? snapshot.policyVersion);
  const byKind = new Map<DocumentKind, string[]>();
  for (const a of attached) if (a.kind) byKind.set(a.kind, [...(byKind.get(a.kind) ?? []), a.id]);
  const findings: ResolvedFinding[] = snapshot.result.criteria.map((c) => {
    // meets_criteria means every criterion is met or does not apply (evaluate.ts).
    if (!goldCard && c.status !== "met" && c.status !== "not_applicable")
      throw new Error(`An automated approval cannot rest on a criterion the engine found ${c.status}.`);
    const criterion = findCriterion(c.id, version);
    const kind = documentKindOf(c.id);
    return {
      criterionId: c.id,
      status: goldCard ? GOLD_CARD_FINDING[c.status] : (c.status as "met" | "not_applicable"),
      engineStatus: c.status,
      citationAnchor: criterion?.anchor ?? c.citation.anchor,
      citationQuote: criterion?.quote ?? c.citation.quote,
      evidence: (kind ? (byKind.get(kind) ?? []) : []).map((attachmentId) => ({ attachmentId })),
      note: null,
    };
  });
  const automation: AutomationBasis = {
    rule: AUTOMATED_APPROVAL_RULE,
    reason: goldCard ? "gold_card" : "criteria_met",
    setting: settings.automatedApproval,
    attestedAt: row.attestedAt?.toISOString() ?? null,
    documents: attached.flatMap((a) => (a.kind ? [{ kind: a.kind, attachmentId: a.id }] : [])),
    ...(goldCard
      ? {
          goldCard: {
            id: goldCard.id,
            grantedAt: goldCard.grantedAt.toISOString(),
            decided: goldCard.decided,
            approved: goldCard.approved,
            approvalRate: goldCard.approvalRate,
          },
        }
      : {}),
  };
  const qaSampled = drawForQualityReview(settings.qaSamplePercent, alreadySampled, options.random ?? Math.random);
  const engine = engineContext(ctx, engineViewer);
  const decided = await recordDecision(engine, tx, row, {
    decision: "approved",
    kind: "automated",
    findings,
    rationale: goldCard
      ? `Approved automatically by the policy engine under ${version.policyId} version ${version.id} (rule ${AUTOMATED_APPROVAL_RULE}): approved under the practice's gold card (granted ${formatPlanDateTime(goldCard.grantedAt)}, approval rate ${goldCard.approvalRate} % over ${goldCard.decided} decided requests), on the facts the provider attested. The engine's evaluation is recorded as it was (${OUTCOME_LABELS[snapshot.result.outcome].toLowerCase()}); no person reviewed the criteria.`
      : `Approved automatically by the policy engine under ${version.policyId} version ${version.id} (rule ${AUTOMATED_APPROVAL_RULE}): every criterion met or not applicable on the facts the provider attested, and every record the policy's documentation list asks for attached.`,
    interqual: null,
    outsidePolicy: false,
    supersedesId: null,
    snapshot,
    version,
    automation,
    qaSampled,
    auditAction: "case.approve_automatically",
    auditDetails: {
      rule: AUTOMATED_APPROVAL_RULE,
      reason: automation.reason,
      qaSampled,
      ...(goldCard ? { goldCardId: goldCard.id } : {}),
    },
  });
  return {
    approved: true,
    determinationId: decided.determinationId,
    status: decided.status,
    version: decided.version,
    qaSampled,
  };
}

/** Whether an automated approval was already drawn for quality review today (the plan's day). */
async function sampledToday(tx: Tx): Promise<boolean> {
  const [row] = await tx
    .select({ id: determinations.id })
    .from(determinations)
    .where(
      and(
        eq(determinations.kind, "automated"),
        eq(determinations.qaSampled, true),
        gte(
          determinations.decidedAt,
          sql`(date_trunc('day', now() at time zone ${PLAN_TIME_ZONE}) at time zone ${PLAN_TIME_ZONE})`,
        ),
      ),
    )
    .limit(1);
  return !!row;
}
