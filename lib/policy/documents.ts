// The documents PHARMACY 339.7's Documentation Requirements ask for, by kind: which kind of record
// carries each documentation criterion ("Medical notes documenting the following"), so a request
// can be checked for having every document its indication and phase need, each kind cited by the
// criteria (and their verbatim quotes) it documents. And whether a request may be approved
// automatically (real-time approval): never a denial, only a request the engine finds fully met,
// with every document attached, its facts attested, in a phase and indication the plan enabled.
// Pure: no I/O.

import { criteriaFor } from "./catalogue";
import type { Indication, Phase } from "./schema";
import type { Outcome } from "./types";
import { DOCUMENT_KIND_LABELS, type DocumentKind } from "./document-kinds";

export { DOCUMENT_KINDS, DOCUMENT_KIND_LABELS, type DocumentKind } from "./document-kinds";

/** The kind of record that documents each documentation criterion of the catalogue. */
const DOCUMENTED_IN: Record<string, DocumentKind> = {
  "common.doc.condition": "clinical_notes",
  "cancer.doc.metastatic-lesions": "clinical_notes",
  "cancer.doc.intracranial-pressure": "clinical_notes",
  "cancer.doc.life-expectancy": "clinical_notes",
  "cancer.doc.treatments": "treatment_history",
  "cancer.doc.pain-reduction": "trial_results",
  "spasticity.doc.assessment": "clinical_notes",
  "spasticity.doc.scale-baseline": "spasticity_scale",
  "spasticity.doc.treatments": "treatment_history",
  "spasticity.doc.psychiatric-history": "psychological_evaluation",
  "spasticity.doc.intracranial-pressure": "clinical_notes",
  "spasticity.doc.pain-reduction": "trial_results",
  "spasticity.doc.scale-reduction": "spasticity_scale",
  "cnmp.doc.etiology": "clinical_notes",
  "cnmp.doc.treatments-reasons": "treatment_history",
  "cnmp.doc.additional-treatments": "clinical_notes",
  "cnmp.doc.psychiatric-history": "psychological_evaluation",
  "cnmp.doc.pain-reduction": "trial_results",
};

/** The kind of record a documentation criterion is documented in (undefined for other criteria). */
export function documentKindOf(criterionId: string): DocumentKind | undefined {
  return DOCUMENTED_IN[criterionId];
}

export interface RequiredDocument {
  kind: DocumentKind;
  label: string;
  /** The documentation criteria this kind of record documents, each with its verbatim quote. */
  criteria: { id: string; quote: string; anchor: string }[];
}

/** The documents a request for this indication and phase needs, in the order the policy lists what they document. */
export function requiredDocuments(indication: Indication, phase: Phase): RequiredDocument[] {
  const byKind = new Map<DocumentKind, RequiredDocument>();
  for (const c of criteriaFor(indication, phase)) {
    // Only documentation criteria are documented in a kind of record.
    const kind = DOCUMENTED_IN[c.id];
    if (!kind) continue;
    const entry = byKind.get(kind) ?? { kind, label: DOCUMENT_KIND_LABELS[kind], criteria: [] };
    entry.criteria.push({ id: c.id, quote: c.quote, anchor: c.anchor });
    byKind.set(kind, entry);
  }
  return [...byKind.values()];
}

/** The required documents no attachment of the request is of (in the policy's order). */
export function missingDocuments(
  indication: Indication,
  phase: Phase,
  attached: Iterable<DocumentKind | null | undefined>,
): RequiredDocument[] {
  const have = new Set(attached);
  return requiredDocuments(indication, phase).filter((d) => !have.has(d.kind));
}

/**
 * The indications a plan may approve automatically. Cancer-related pain and spasticity rest on
 * InterQual criteria the engine leaves to a reviewer (their outcome is at best
 * requires_clinical_review), so they always reach a person; "other" is not addressed by the policy.
 */
export const AUTOMATABLE_INDICATIONS = ["chronic_nonmalignant_pain"] as const satisfies readonly Indication[];

/** The plan's setting: the indications approved automatically, per phase. */
export type AutomatedApprovalSetting = Record<Phase, readonly Indication[]>;
export const AUTOMATED_APPROVAL_OFF: AutomatedApprovalSetting = { trial: [], implant: [] };

/** Why a request was approved automatically: the engine found it fully met, or the practice holds a gold card. */
export type AutomationReason = "criteria_met" | "gold_card";

/** What an automated approval rests on, signed with its determination. */
export interface AutomationBasis {
  rule: typeof AUTOMATED_APPROVAL_RULE;
  reason: AutomationReason;
  /** The plan's setting when it was decided. */
  setting: AutomatedApprovalSetting;
  /** The provider's attestation of the facts (ISO time). */
  attestedAt: string | null;
  /** The records that document the policy's documentation list, by kind. */
  documents: { kind: DocumentKind; attachmentId: string }[];
  /** For `gold_card`: the practice's card and the figures that earned it. */
  goldCard?: { id: string; grantedAt: string; decided: number; approved: number; approvalRate: string };
}

/** The version of the automated-approval rule (this module), named in every automated determination. */
export const AUTOMATED_APPROVAL_RULE = "automated-approval/1";

export type AutomatedApprovalRefusal = "not_enabled" | "not_fully_met" | "documents_missing" | "not_attested";

export const AUTOMATED_APPROVAL_REFUSAL_LABELS: Record<AutomatedApprovalRefusal, string> = {
  not_enabled: "the plan does not approve this phase and indication automatically",
  not_fully_met: "the policy engine did not find every criterion met",
  documents_missing: "a document the policy asks for is not attached",
  not_attested: "the provider did not attest the facts",
};

/**
 * Whether a submitted request is approved automatically, and if not, every reason why. Only the
 * outcome `meets_criteria` qualifies: does-not-meet, insufficient documentation, not addressed and clinical
 * review always go to people.
 */
export function automatedApprovalCheck(input: {
  setting: AutomatedApprovalSetting;
  indication: Indication;
  phase: Phase;
  outcome: Outcome;
  attached: Iterable<DocumentKind | null | undefined>;
  attested: boolean;
}): { approve: true } | { approve: false; reasons: AutomatedApprovalRefusal[]; missing: RequiredDocument[] } {
  const reasons: AutomatedApprovalRefusal[] = [];
  if (!input.setting[input.phase]?.includes(input.indication)) reasons.push("not_enabled");
  if (input.outcome !== "meets_criteria") reasons.push("not_fully_met");
  const missing = missingDocuments(input.indication, input.phase, input.attached);
  if (missing.length) reasons.push("documents_missing");
  if (!input.attested) reasons.push("not_attested");
  return reasons.length ? { approve: false, reasons, missing } : { approve: true };
}
