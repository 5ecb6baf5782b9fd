// evaluate(request) -> result: the rules of reference/conformance/FORMAT.md ("How the outcome is
// decided"), pure and fast. Each criterion of a version's catalogue is decided by the rule of
// the same id below; the citation (anchor and verbatim quote) comes from the catalogue.
//
// Outcome precedence, first that applies:
//   1. not_addressed_by_policy   a scope criterion is not met (age < 18 on the service date,
//                                Medicare Advantage, indication "other", a code outside the policy)
//   2. does_not_meet_criteria    a coverage criterion is documented and not met
//   3. insufficient_documentation a criterion or documentation requirement is not documented
//   4. requires_clinical_review  an external (InterQual) criterion is left to a reviewer
//   5. meets_criteria            every criterion that applies is met
//
// Speed: per version and (indication, phase) the list of criteria with their rules is built
// once; an evaluation is a walk over that list with string comparisons of YYYY-MM-DD dates,
// integer arithmetic and no regular expressions or Date objects.

import { selectCriteria } from "./criteria";
import { ageOn, durationBetween, formatDuration, spansMonths } from "./dates";
import { DEFAULT_PAIN_SCALE, INDICATIONS, PHASES, type PainScale } from "./constants";
import type { ClinicalFacts, PolicyRequest } from "./schema";
import {
  INDICATION_LABELS,
  LINE_OF_BUSINESS_LABELS,
  PAIN_SCALE_LABELS,
  SPASTICITY_SCALE_LABELS,
  THERAPY_OUTCOME_LABELS,
} from "./labels";
import type {
  CriterionResult,
  CriterionStatus,
  EvaluationResult,
  Outcome,
  PolicyParameters,
  PolicyRules,
} from "./types";
import { POLICY_RULES, selectVersion, sortVersions } from "./catalogue";

// ---------------------------------------------------------------------------------------------
// Rules.

interface RuleContext {
  request: PolicyRequest;
  clinical: ClinicalFacts;
  params: PolicyParameters;
  codes: ReadonlySet<string>;
  /** The date age is counted on: the service date, or the request date when there is none. */
  ageDate: string;
  ageDateName: string;
}

interface Decision {
  status: CriterionStatus;
  explanation: string;
}

type Rule = (ctx: RuleContext) => Decision;

const met = (explanation: string): Decision => ({ status: "met", explanation });
const notMet = (explanation: string): Decision => ({ status: "not_met", explanation });
const missing = (explanation: string): Decision => ({ status: "missing_documentation", explanation });
const review = (explanation: string): Decision => ({ status: "needs_clinical_review", explanation });
const notApplicable = (explanation: string): Decision => ({ status: "not_applicable", explanation });

const plural = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
const isBlank = (s: string | undefined) => s === undefined || s.trim() === "";

function ageRule(ctx: RuleContext): Decision {
  const age = ageOn(ctx.request.member.dateOfBirth, ctx.ageDate);
  const min = ctx.params.minimumAgeYears;
  return age >= min
    ? met(
        `The member is ${age} on the ${ctx.ageDateName} (${ctx.ageDate}); the policy addresses members ${min} and older.`,
      )
    : notMet(
        `The member is ${age} on the ${ctx.ageDateName} (${ctx.ageDate}); this policy does not address members younger than ${min}, so a physician reviewer decides under other criteria.`,
      );
}

const scopeRules: Record<string, Rule> = {
  "scope.age": ageRule,
  "scope.line-of-business": (ctx) => {
    const lob = ctx.request.member.lineOfBusiness;
    return lob === "medicare_advantage"
      ? notMet(
          "The member is a Medicare Advantage member; Oxford policies do not apply to Medicare Advantage members, so a physician reviewer decides under other criteria.",
        )
      : met(`The member's line of business is ${LINE_OF_BUSINESS_LABELS[lob]}, to which the policy applies.`);
  },
  "scope.indication": (ctx) => {
    const indication = ctx.request.request.indication;
    return indication === "other"
      ? notMet(
          "The indication is none of those the Coverage Rationale addresses (cancer-related pain, spasticity, chronic non-malignant pain), so a physician reviewer decides under other criteria.",
        )
      : met(`The request is for ${INDICATION_LABELS[indication]}, which the Coverage Rationale addresses.`);
  },
  "scope.codes": (ctx) => {
    const codes = ctx.request.request.cptCodes;
    let outside = "";
    let count = 0;
    for (const code of codes) {
      if (ctx.codes.has(code)) continue;
      count++;
      outside = outside ? `${outside}, ${code}` : code;
    }
    return count > 0
      ? notMet(
          `${count === 1 ? "Code" : "Codes"} ${outside} ${count === 1 ? "is" : "are"} not among the policy's applicable codes, so a physician reviewer decides under other criteria.`,
        )
      : met(
          `${codes.length === 1 ? "The requested code" : "Every requested code"} (${codes.join(", ")}) is among the policy's applicable codes.`,
        );
  },
};

/** Treatments documentation: at least one entry, each with a reason. */
function treatmentsDocumented(ctx: RuleContext, what: string): Decision {
  const list = ctx.clinical.conservativeTherapies;
  if (list === undefined) return missing(`The ${what} are not documented.`);
  if (list.length === 0) return missing(`No ${what} are documented (the list is empty).`);
  let without = "";
  let count = 0;
  for (let i = 0; i < list.length; i++) {
    if (isBlank(list[i]!.reason)) {
      count++;
      without = without ? `${without}, ${i + 1}` : `${i + 1}`;
    }
  }
  if (count > 0)
    return missing(
      `${count} of ${list.length} documented treatments (${count === 1 ? "entry" : "entries"} ${without}) ${count === 1 ? "has" : "have"} no reason for discontinuation, contraindication or refusal.`,
    );
  return met(`${plural(list.length, "treatment is", "treatments are")} documented with dates and a reason.`);
}

interface PainScores {
  baseline: number;
  post: number;
  scale: PainScale;
}

function painScores(ctx: RuleContext): PainScores | string {
  const trial = ctx.clinical.trial;
  if (trial === undefined)
    return "No drug infusion trial is documented, so the pain reduction during the trial is unknown";
  const b = trial.baselinePainScore;
  const p = trial.postTrialPainScore;
  if (b === undefined && p === undefined)
    return "Neither the baseline nor the post-trial pain score of the trial is documented";
  if (b === undefined) return "The baseline pain score of the trial is not documented";
  if (p === undefined) return "The post-trial pain score of the trial is not documented";
  return { baseline: b, post: p, scale: trial.painScale ?? DEFAULT_PAIN_SCALE };
}

/** Scores as integer thousandths, so comparisons and percentages are exact (no floating-point error). */
function scaled(s: PainScores): [number, number] {
  return [Math.round(s.baseline * 1000), Math.round(s.post * 1000)];
}

/** "62.5": the reduction in percent, cut (not rounded) to one decimal so it never crosses a threshold. */
function reductionPercent(s: PainScores): string {
  const [b, p] = scaled(s);
  return `${Math.trunc((1000 * (b - p)) / b) / 10}`;
}

function describeChange(s: PainScores): string {
  const scale = PAIN_SCALE_LABELS[s.scale];
  if (s.post < s.baseline)
    return `Pain fell from ${s.baseline} to ${s.post} on the ${scale} during the trial, a ${reductionPercent(s)} % reduction`;
  if (s.post === s.baseline) return `Pain stayed at ${s.baseline} on the ${scale} during the trial (no reduction)`;
  return `Pain rose from ${s.baseline} to ${s.post} on the ${scale} during the trial (no reduction)`;
}

function interQual(indication: string): Rule {
  return () =>
    review(
      `Medical necessity for ${indication} is decided by the InterQual® CP: Procedures, Epidural or Intrathecal Catheter Placement criteria, which a reviewer must apply.`,
    );
}

function intracranialPressure(ctx: RuleContext): Decision {
  const v = ctx.clinical.increasedIntracranialPressure;
  if (v === undefined)
    return missing("Whether increased intracranial pressure is present or absent is not documented.");
  return met(`Increased intracranial pressure is documented as ${v ? "present" : "absent"}.`);
}

function trialPainReductionDocumented(ctx: RuleContext): Decision {
  const s = painScores(ctx);
  if (typeof s === "string")
    return missing(`${s}; the degree of pain reduction after the trial is required for implantation.`);
  return met(`The degree of pain reduction after the trial is documented. ${describeChange(s)}.`);
}

const SUBSTANCE = (v: boolean | undefined) =>
  v === undefined ? "" : v ? " (it includes substance use)" : " (no substance use)";

const rules: Record<string, Rule> = {
  ...scopeRules,

  "common.doc.condition": (ctx) =>
    met(
      `The request names the condition requiring the procedure: ${INDICATION_LABELS[ctx.request.request.indication]}.`,
    ),

  // Cancer-related pain.
  "cancer.medical-necessity": interQual("cancer-related pain"),
  "cancer.doc.metastatic-lesions": (ctx) => {
    const m = ctx.clinical.metastaticLesions;
    if (m === undefined) return missing("The presence and location of metastatic lesions are not documented.");
    const n = m.locations?.length ?? 0;
    if (m.present === false) return met("The absence of metastatic lesions is documented.");
    if (n > 0) return met(`Metastatic lesions are documented at ${plural(n, "location", "locations")}.`);
    if (m.present === true) return missing("Metastatic lesions are documented as present, but not their location.");
    return missing("Whether metastatic lesions are present is not documented.");
  },
  "cancer.doc.intracranial-pressure": intracranialPressure,
  "cancer.doc.life-expectancy": (ctx) => {
    const months = ctx.clinical.lifeExpectancyMonths;
    return months === undefined
      ? missing("The member's life expectancy is not documented.")
      : met(`Life expectancy is documented as ${plural(months, "month", "months")}.`);
  },
  "cancer.doc.treatments": (ctx) => treatmentsDocumented(ctx, "treatments tried, failed or contraindicated"),
  "cancer.doc.pain-reduction": trialPainReductionDocumented,

  // Spasticity.
  "spasticity.medical-necessity": interQual("severe spasticity"),
  "spasticity.doc.assessment": (ctx) => {
    const a = ctx.clinical.spasticityAssessment;
    if (a === undefined)
      return missing("The member's symptoms, location, severity and functional impairment are not documented.");
    const n = a.adlImpairment?.length ?? 0;
    if (n === 0) return missing("No activity of daily living impaired by the spasticity is documented.");
    return met(
      `The spasticity assessment is documented, with ${plural(n, "activity", "activities")} of daily living impaired.`,
    );
  },
  "spasticity.doc.scale-baseline": (ctx) => {
    const s = ctx.clinical.spasticityScale;
    if (s?.baselineScore === undefined)
      return missing("No Modified Ashworth Scale or Penn Spasm Frequency Scale result before the trial is documented.");
    const scale = s.scale ? SPASTICITY_SCALE_LABELS[s.scale] : "spasticity scale";
    return met(`A baseline ${scale} score of ${s.baselineScore} is documented.`);
  },
  "spasticity.doc.treatments": (ctx) => treatmentsDocumented(ctx, "treatments tried, failed or contraindicated"),
  "spasticity.doc.psychiatric-history": (ctx) => {
    const h = ctx.clinical.psychiatricHistory;
    return h === undefined
      ? missing("The member's psychiatric and substance use history is not documented.")
      : met(`The member's psychiatric and substance use history is documented${SUBSTANCE(h.includesSubstanceUse)}.`);
  },
  "spasticity.doc.intracranial-pressure": intracranialPressure,
  "spasticity.doc.pain-reduction": (ctx) => {
    const s = painScores(ctx);
    if (typeof s === "string")
      return notApplicable(`${s}; for spasticity the policy asks for it only if applicable, so it is not required.`);
    return met(`${describeChange(s)}.`);
  },
  "spasticity.doc.scale-reduction": (ctx) => {
    const s = ctx.clinical.spasticityScale;
    const name = s?.scale ? SPASTICITY_SCALE_LABELS[s.scale] : "Modified Ashworth Scale or Penn Spasm Frequency Scale";
    if (s?.postTrialScore === undefined)
      return missing(`The ${name} score after the trial is not documented, so the score reduction cannot be shown.`);
    if (s.baselineScore === undefined)
      return missing(`The ${name} score before the trial is not documented, so the score reduction cannot be shown.`);
    const drop = s.baselineScore - s.postTrialScore;
    const change =
      drop > 0 ? `a ${Math.round(drop * 1000) / 1000}-point reduction` : drop === 0 ? "no change" : "an increase";
    return met(
      `The ${name} score went from ${s.baselineScore} before the trial to ${s.postTrialScore} after it (${change}).`,
    );
  },

  // Chronic non-malignant pain: coverage.
  "cnmp.trial.age": (ctx) => {
    const age = ageOn(ctx.request.member.dateOfBirth, ctx.ageDate);
    return age >= ctx.params.minimumAgeYears
      ? met(`The member is ${age} on the ${ctx.ageDateName} (${ctx.ageDate}).`)
      : notMet(
          `The member is ${age} on the ${ctx.ageDateName} (${ctx.ageDate}); the policy needs ${ctx.params.minimumAgeYears} or older.`,
        );
  },
  "cnmp.trial.etiology": (ctx) => {
    const e = ctx.clinical.painEtiology;
    if (e === undefined) return missing("The etiology of the pain is not documented.");
    if (e.known === undefined) return missing("Whether the etiology of the pain is known is not documented.");
    return e.known
      ? met("The etiology of the pain is documented as known.")
      : notMet(
          "The etiology of the pain is documented as unknown; the policy needs a known, clearly documented etiology.",
        );
  },
  "cnmp.trial.further-treatment": (ctx) => {
    switch (ctx.clinical.furtherTreatmentOfUnderlyingCondition) {
      case "not_indicated":
        return met("Further treatment or surgery for the underlying condition is documented as not indicated.");
      case "refused":
        return met("Further treatment or surgery for the underlying condition is documented as refused by the member.");
      case "indicated":
        return notMet(
          "Further treatment or surgery for the underlying condition is documented as indicated; the policy needs it to be not indicated or refused.",
        );
      default:
        return missing(
          "Whether further treatment or surgery for the underlying condition is indicated is not documented.",
        );
    }
  },
  "cnmp.trial.conservative-therapy": (ctx) => {
    const list = ctx.clinical.conservativeTherapies;
    const months = ctx.params.conservativeTherapyMonths;
    const needs = `the policy needs at least ${months} months of conservative management that failed (intolerable side-effects or inadequate analgesia)`;
    if (list === undefined) return missing(`No conservative pain management is documented; ${needs}.`);
    if (list.length === 0) return notMet(`No conservative pain management was tried; ${needs}.`);
    const requestDate = ctx.request.request.requestDate;
    let start = "";
    let end = "";
    let sideEffects = false;
    let analgesia = false;
    let openEnded = false;
    let others = "";
    for (const t of list) {
      const outcome = t.outcome;
      if (outcome === "intolerable_side_effects") sideEffects = true;
      else if (outcome === "inadequate_analgesia") analgesia = true;
      else {
        const label = outcome ? THERAPY_OUTCOME_LABELS[outcome] : "no outcome recorded";
        if (!others.includes(label)) others = others ? `${others}, ${label}` : label;
        continue;
      }
      let e = t.endDate;
      if (e === undefined) {
        e = requestDate;
        openEnded = true;
      }
      // Stryker disable next-line EqualityOperator: on equal dates the assignment changes nothing.
      if (e < t.startDate) e = t.startDate;
      if (start === "") start = t.startDate;
      else {
        // Stryker disable next-line EqualityOperator: on equal dates the assignment changes nothing.
        if (t.startDate < start) start = t.startDate;
      }
      // "" (no end yet) sorts before every date.
      // Stryker disable next-line EqualityOperator: on equal dates the assignment changes nothing.
      if (e > end) end = e;
    }
    if (start === "")
      return notMet(
        `${list.length === 1 ? "The one documented treatment did not fail" : `None of the ${list.length} documented treatments failed`} (${others}); ${needs}.`,
      );
    const how =
      sideEffects && analgesia
        ? "intolerable side-effects, inadequate analgesia"
        : sideEffects
          ? "intolerable side-effects"
          : "inadequate analgesia";
    const span = `${formatDuration(durationBetween(start, end))} (${start} to ${end}${openEnded ? ", treatment continuing on the request date" : ""})`;
    return spansMonths(start, end, months)
      ? met(`Conservative management failed (${how}) over ${span}; the policy needs at least ${months} months.`)
      : notMet(
          `Conservative management that failed (${how}) lasted ${span}; the policy needs at least ${months} months.`,
        );
  },
  "cnmp.trial.psychological": (ctx) => {
    const e = ctx.clinical.psychologicalEvaluation;
    if (e === undefined)
      return missing(
        "No psychological evaluation is documented, so the absence of untreated psychological or psychosocial issues is not shown.",
      );
    const when = e.date ? ` of ${e.date}` : "";
    if (e.untreatedIssuesLikelyToInterfere === undefined)
      return missing(
        `The psychological evaluation${when} does not say whether untreated issues are likely to interfere with pain treatment.`,
      );
    return e.untreatedIssuesLikelyToInterfere
      ? notMet(
          `The psychological evaluation${when} found untreated psychological or psychosocial issues likely to interfere with pain treatment.`,
        )
      : met(
          `The psychological evaluation${when} found no untreated psychological or psychosocial issues likely to interfere with pain treatment.`,
        );
  },
  "cnmp.implant.trial-completed": (ctx) => {
    const t = ctx.clinical.trial;
    if (t === undefined) return missing("No drug infusion trial is documented.");
    if (t.completed === undefined) return missing("Whether the drug infusion trial was completed is not documented.");
    if (!t.completed) return notMet("The drug infusion trial is documented as not completed.");
    const detail =
      t.date && t.route ? ` (${t.date}, ${t.route})` : t.date ? ` (${t.date})` : t.route ? ` (${t.route})` : "";
    return met(`The drug infusion trial was completed${detail}.`);
  },
  "cnmp.implant.pain-reduction": (ctx) => {
    const pct = ctx.params.painReductionPercent;
    const s = painScores(ctx);
    if (typeof s === "string") return missing(`${s}; the policy needs a reduction of at least ${pct} %.`);
    const [b, p] = scaled(s);
    return 100 * (b - p) >= pct * b
      ? met(`${describeChange(s)}; the policy needs at least ${pct} %.`)
      : notMet(`${describeChange(s)}; the policy needs at least ${pct} %.`);
  },

  // Chronic non-malignant pain: documentation.
  "cnmp.doc.etiology": (ctx) =>
    ctx.clinical.painEtiology === undefined
      ? missing("The etiology of the pain is not documented.")
      : met("The etiology of the pain is addressed in the documentation."),
  "cnmp.doc.treatments-reasons": (ctx) =>
    treatmentsDocumented(ctx, "treatments tried, failed, contraindicated or refused"),
  "cnmp.doc.additional-treatments": (ctx) => {
    const v = ctx.clinical.additionalTreatmentsConsidered;
    if (v === undefined)
      return missing("Consideration given to additional treatments for the underlying condition is not documented.");
    return v
      ? met("Consideration given to additional treatments for the underlying condition is documented.")
      : missing("The documentation says additional treatments for the underlying condition were not considered.");
  },
  "cnmp.doc.psychiatric-history": (ctx) => {
    const h = ctx.clinical.psychiatricHistory;
    return h === undefined
      ? missing("The member's psychiatric or psychosocial issues and history are not documented.")
      : met(`The member's psychiatric or psychosocial history is documented${SUBSTANCE(h.includesSubstanceUse)}.`);
  },
  "cnmp.doc.pain-reduction": trialPainReductionDocumented,
};

/** The ids the engine can decide. A version's catalogue may only use these. */
export const KNOWN_CRITERION_IDS: ReadonlySet<string> = new Set(Object.keys(rules));

// ---------------------------------------------------------------------------------------------
// Evaluators.

interface PlannedCriterion {
  id: string;
  anchor: string;
  quote: string;
  rule: Rule;
  /** A scope criterion: not met means the policy does not address the request. */
  scope: boolean;
}

interface Plan {
  /** Decided first and always reported: the scope criteria, and coverage criteria that restate a scope fact. */
  early: PlannedCriterion[];
  /** Reported only when the policy addresses the request. */
  rest: PlannedCriterion[];
}

/**
 * Coverage criteria that restate a scope fact (the member's age): reported with the scope
 * criteria even when the policy does not address the request, so a 17-year-old's result shows
 * "Age ≥ 18 years" not met as well as the policy's own age statement.
 */
const RESTATES_SCOPE: ReadonlySet<string> = new Set(["cnmp.trial.age"]);

interface CompiledVersion {
  version: PolicyRules;
  codes: ReadonlySet<string>;
  plans: Record<string, Plan>;
}

function compile(version: PolicyRules): CompiledVersion {
  const plans: Record<string, Plan> = {};
  for (const indication of INDICATIONS) {
    for (const phase of PHASES) {
      const plan: Plan = { early: [], rest: [] };
      for (const c of selectCriteria(version.criteria, indication, phase)) {
        const rule = Object.hasOwn(rules, c.id) ? rules[c.id] : undefined;
        if (!rule) throw new Error(`Policy ${version.id}: no rule decides criterion "${c.id}".`);
        const planned = { id: c.id, anchor: c.anchor, quote: c.quote, rule, scope: c.kind === "scope" };
        // selectCriteria puts scope criteria first, so `early` keeps the catalogue's order.
        (planned.scope || (RESTATES_SCOPE.has(c.id) && plan.rest.length === 0) ? plan.early : plan.rest).push(planned);
      }
      plans[`${indication}/${phase}`] = plan;
    }
  }
  return {
    version,
    codes: new Set(version.parameters.applicableCodes),
    plans,
  };
}

export interface EvaluateOptions {
  /** Evaluate under this version id (e.g. "339.7") instead of the one in force on the request date. */
  policyVersion?: string;
}

export interface Evaluator<V extends PolicyRules = PolicyRules> {
  /** The registry, oldest version first. */
  versions: readonly V[];
  /** The version in force on a request date (the earliest one before the first effective date). */
  versionInForce(requestDate: string): V;
  evaluate(request: PolicyRequest, options?: EvaluateOptions): EvaluationResult;
}

const EMPTY_CLINICAL: ClinicalFacts = {};

/** An evaluator over an explicit registry of versions (tests use a registry of their own). */
export function createEvaluator<V extends PolicyRules>(registry: readonly V[]): Evaluator<V> {
  const sorted = sortVersions(registry);
  const compiled = new Map(sorted.map((v) => [v.id, compile(v)]));
  const byId = (id: string): CompiledVersion => {
    const c = compiled.get(id);
    if (!c) throw new Error(`Unknown policy version "${id}" (known: ${sorted.map((v) => v.id).join(", ")}).`);
    return c;
  };

  function evaluate(request: PolicyRequest, options?: EvaluateOptions): EvaluationResult {
    const r = request.request;
    const target = options?.policyVersion ? byId(options.policyVersion) : byId(selectVersion(sorted, r.requestDate).id);
    const plan = target.plans[`${r.indication}/${r.phase}`]!;
    const ctx: RuleContext = {
      request,
      clinical: request.clinical ?? EMPTY_CLINICAL,
      params: target.version.parameters,
      codes: target.codes,
      ageDate: r.serviceDate ?? r.requestDate,
      ageDateName: r.serviceDate ? "service date" : "request date",
    };
    const criteria: CriterionResult[] = [];
    let outOfScope = false;
    let notMet = false;
    let missingDoc = false;
    let open = false;
    const decide = (c: PlannedCriterion) => {
      const d = c.rule(ctx);
      if (d.status === "not_met") {
        if (c.scope) outOfScope = true;
        else notMet = true;
      } else if (d.status === "missing_documentation") missingDoc = true;
      else if (d.status === "needs_clinical_review") open = true;
      criteria.push({
        id: c.id,
        status: d.status,
        citation: { anchor: c.anchor, quote: c.quote },
        explanation: d.explanation,
      });
    };
    for (const c of plan.early) decide(c);
    if (!outOfScope) for (const c of plan.rest) decide(c);
    const outcome: Outcome = outOfScope
      ? "not_addressed_by_policy"
      : notMet
        ? "does_not_meet_criteria"
        : missingDoc
          ? "insufficient_documentation"
          : open
            ? "requires_clinical_review"
            : "meets_criteria";
    const p = target.version;
    const policy = { id: p.policyId, effectiveDate: p.effectiveDate, version: p.id };
    return request.caseId === undefined
      ? { policy, outcome, criteria }
      : { caseId: request.caseId, policy, outcome, criteria };
  }

  return {
    versions: sorted,
    versionInForce: (requestDate) => selectVersion(sorted, requestDate),
    evaluate,
  };
}

const defaultEvaluator = createEvaluator(POLICY_RULES);

/**
 * Evaluates a schema-valid request (see parsePolicyRequest) under the policy version in force on
 * its request date, or under `options.policyVersion`. Pure: no I/O, no clock.
 */
export function evaluate(request: PolicyRequest, options?: EvaluateOptions): EvaluationResult {
  return defaultEvaluator.evaluate(request, options);
}
