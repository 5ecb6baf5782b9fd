// Shared types of the policy module: passages, criteria, versions and evaluation results.
// The request types come from the zod schema (./schema.ts).

import type { Indication, Phase } from "./schema";

export type PassageKind = "heading" | "paragraph" | "list-item" | "table-header" | "table-row";

/** A run of readable text, emphasized or not (from **bold**, *italic* or <i>italic</i>). */
export interface InlineSegment {
  text: string;
  emphasis?: "strong" | "em";
}

/** One addressable piece of the policy text. */
export interface Passage {
  /** Stable, readable HTML id, unique in the version (e.g. "coverage-cnmp-trial-4"). */
  anchor: string;
  kind: PassageKind;
  /**
   * heading: 1 (the policy title), 2 (a section), 3 (a subsection), 4 (below that);
   * list-item: nesting depth, 1 for an outer item; paragraphs and table rows: 0.
   */
  level: number;
  /** Slug of the nearest heading at or above this passage (e.g. "coverage-cnmp"). */
  section: string;
  /** Readable text: markdown/HTML markup stripped, footnote asterisks kept. */
  text: string;
  /** Present only when part of the text is emphasized: the text in runs (their texts join to `text`). */
  segments?: InlineSegment[];
  /** The list item this item is nested in, or the table row whose last cell holds it. */
  parent?: string;
  /** Table header and rows: the readable text of each cell (a cell's nested list is in child passages). */
  cells?: string[];
  /** Index of the source block (paragraph, list or table) this passage comes from; one list or table shares one. */
  block: number;
}

export type CriterionKind =
  /** Whether the policy addresses the request at all (age, line of business, indication, codes). */
  | "scope"
  /** A coverage criterion of the Coverage Rationale. */
  | "coverage"
  /** A documentation requirement of the Documentation Requirements section. */
  | "documentation";

export type CriterionIndication = Exclude<Indication, "other"> | "all";

/** One criterion of the catalogue, with the verbatim policy passage it rests on. */
export interface Criterion {
  /** Stable id, e.g. "cnmp.trial.conservative-therapy". Findings and determinations store it. */
  id: string;
  indication: CriterionIndication;
  phases: readonly Phase[];
  kind: CriterionKind;
  /** Plain words for a form or a letter. */
  label: string;
  /** Verbatim from the policy text (compare after folding white space and markup). */
  quote: string;
  /** Anchor of the passage that contains the quote. */
  anchor: string;
  /** Request paths the criterion reads, e.g. "clinical.conservativeTherapies". */
  fields: readonly string[];
}

/** Numbers a policy version sets; a new version may change them without code. */
export interface PolicyParameters {
  /** Members younger than this on the service date are not addressed by the policy. */
  minimumAgeYears: number;
  /** Minimum calendar months of failed conservative therapy (chronic non-malignant pain). */
  conservativeTherapyMonths: number;
  /** Minimum percentage pain reduction during the trial before implantation (chronic non-malignant pain). */
  painReductionPercent: number;
  /** The CPT codes the policy applies to. */
  applicableCodes: readonly string[];
}

export interface PolicyVersion {
  /** Version id, e.g. "339.7". */
  id: string;
  /** Policy number as printed, e.g. "PHARMACY 339.7". */
  policyId: string;
  /** YYYY-MM-DD. */
  effectiveDate: string;
  title: string;
  /** The policy text verbatim. */
  text: string;
  passages: readonly Passage[];
  criteria: readonly Criterion[];
  parameters: PolicyParameters;
}

/** A version without its text and passages: all `evaluate` needs (keeps the text out of browser bundles). */
export type PolicyRules = Omit<PolicyVersion, "text" | "passages">;

/** The engine's status of one criterion (a reviewer's finding uses FINDING_STATUSES of lib/domain). */
export const CRITERION_STATUSES = [
  "met",
  "not_met",
  "missing_documentation",
  "needs_clinical_review",
  "not_applicable",
] as const;
export type CriterionStatus = (typeof CRITERION_STATUSES)[number];

/** The engine's outcome for a request, in the order evaluate.ts decides it (see there). */
export const OUTCOMES = [
  "meets_criteria",
  "does_not_meet_criteria",
  "insufficient_documentation",
  "requires_clinical_review",
  "not_addressed_by_policy",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Citation {
  anchor: string;
  quote: string;
}

export interface CriterionResult {
  id: string;
  status: CriterionStatus;
  citation: Citation;
  explanation: string;
}

export interface EvaluationResult {
  caseId?: string;
  policy: { id: string; effectiveDate: string; version: string };
  outcome: Outcome;
  criteria: CriterionResult[];
}
