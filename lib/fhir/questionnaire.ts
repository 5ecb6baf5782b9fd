// DTR: the Questionnaire generated from the interchange schema (./fields.ts) and a policy
// version's criteria catalogue. One item per clinical fact, linkId = the request path it fills;
// items carry the criteria that read them (code + policy-citation extension with the passage
// anchor); enableWhen shows a fact only for the indications and phases whose criteria need it.
// Pure: no I/O.

import type {
  Coding,
  Extension,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireItemEnableWhen,
} from "@medplum/fhirtypes";
import { INDICATIONS, PHASES, type Indication, type Phase } from "@/lib/policy/constants";
import type { Criterion, PolicyRules } from "@/lib/policy/types";
import {
  ATTESTATION_LINK_ID,
  ATTESTATION_TEXT,
  CRITERION_SYSTEM,
  POLICY_CITATION_EXTENSION,
  QUESTIONNAIRE_ID,
  QUESTIONNAIRE_URL,
  valueSetSystem,
} from "./constants";
import { REQUEST_FIELDS, leafPaths, type Field } from "./fields";

/** The indications the policy addresses (criteria exist for them); "other" has none. */
export const ADDRESSED_INDICATIONS = INDICATIONS.filter((i): i is Exclude<Indication, "other"> => i !== "other");

type Pair = `${Indication}|${Phase}`;
const pair = (i: Indication, p: Phase): Pair => `${i}|${p}`;
const ALL_PAIRS: ReadonlySet<Pair> = new Set(INDICATIONS.flatMap((i) => PHASES.map((p) => pair(i, p))));

const covers = (field: string, path: string) => path === field || path.startsWith(`${field}.`);

function criterionPairs(c: Criterion): Pair[] {
  const indications = c.indication === "all" ? ADDRESSED_INDICATIONS : [c.indication];
  return indications.flatMap((i) => c.phases.map((p) => pair(i, p)));
}

/**
 * For each clinical leaf path, the (indication, phase) pairs in which a criterion reads it. A fact
 * no criterion names (the trial's date and route) goes with its siblings. member.* and request.*
 * are asked always.
 */
export function factApplicability(rules: PolicyRules): Map<string, Set<Pair>> {
  const out = new Map<string, Set<Pair>>();
  const leaves = leafPaths().filter((l) => l.path.startsWith("clinical."));
  for (const { path } of leaves) {
    const pairs = new Set<Pair>();
    for (const c of rules.criteria)
      if (c.fields.some((f) => covers(f, path))) criterionPairs(c).forEach((p) => pairs.add(p));
    out.set(path, pairs);
  }
  for (const { path } of leaves) {
    if (out.get(path)!.size > 0) continue;
    const parent = path.slice(0, path.lastIndexOf("."));
    const siblings = new Set<Pair>();
    for (const [other, pairs] of out)
      if (other !== path && other.slice(0, other.lastIndexOf(".")) === parent) pairs.forEach((p) => siblings.add(p));
    if (siblings.size === 0)
      throw new Error(
        `No criterion of ${rules.policyId} reads ${path} or its siblings: the questionnaire cannot place it.`,
      );
    out.set(path, siblings);
  }
  return out;
}

const projections = (pairs: ReadonlySet<Pair>) => {
  const indications = new Set<Indication>();
  const phases = new Set<Phase>();
  for (const p of pairs) {
    const [i, ph] = p.split("|") as [Indication, Phase];
    indications.add(i);
    phases.add(ph);
  }
  return { indications, phases };
};
const sameSet = <T>(a: ReadonlySet<T>, b: ReadonlySet<T>) => a.size === b.size && [...a].every((x) => b.has(x));
const codingOf = (list: string, code: string): Coding => ({ system: valueSetSystem(list), code });

/**
 * enableWhen for a node enabled in `own` pairs inside a parent enabled in `parent` pairs (a
 * disabled group disables its items, so conditions nest as AND). FHIR R4 enableWhen is one flat
 * any/all list, so a node may restrict either the indication (any of several) or the phase, or
 * both only for a single indication; the catalogue fits that (checked here).
 */
function conditions(
  own: ReadonlySet<Pair>,
  parent: ReadonlySet<Pair>,
  path: string,
): Pick<QuestionnaireItem, "enableWhen" | "enableBehavior"> {
  const o = projections(own);
  const p = projections(parent);
  const needIndication = !sameSet(o.indications, p.indications);
  const needPhase = !sameSet(o.phases, p.phases);
  if (!needIndication && !needPhase) return {};
  if (needIndication && needPhase && o.indications.size > 1)
    throw new Error(
      `${path} is needed for several indications in one phase only: an R4 enableWhen cannot say that in one item.`,
    );
  const when: QuestionnaireItemEnableWhen[] = [];
  if (needIndication)
    for (const i of o.indications)
      when.push({ question: "request.indication", operator: "=", answerCoding: codingOf("indication", i) });
  if (needPhase)
    for (const ph of o.phases)
      when.push({ question: "request.phase", operator: "=", answerCoding: codingOf("phase", ph) });
  return {
    enableWhen: when,
    ...(when.length > 1 ? { enableBehavior: needIndication && needPhase ? "all" : "any" } : {}),
  };
}

function citations(criteria: readonly Criterion[], version: string): { code?: Coding[]; extension?: Extension[] } {
  if (criteria.length === 0) return {};
  return {
    code: criteria.map((c) => ({ system: CRITERION_SYSTEM, code: c.id, display: c.label })),
    extension: criteria.map((c) => citationExtension(c, version)),
  };
}

/** The policy-citation extension: criterion id, passage anchor, verbatim quote, link to the passage. */
export function citationExtension(c: Pick<Criterion, "id" | "anchor" | "quote">, version: string): Extension {
  return {
    url: POLICY_CITATION_EXTENSION,
    extension: [
      { url: "criterion", valueCode: c.id },
      { url: "anchor", valueString: c.anchor },
      { url: "quote", valueString: c.quote },
      { url: "link", valueUri: policyLink(version, c.anchor) },
    ],
  };
}

/** The portal page of a policy passage (relative to the portal's origin). */
export const policyLink = (version: string, anchor: string) => `/policy/${version}#${anchor}`;

/** The Questionnaire for a policy version. linkIds are request paths ("clinical.trial.completed"). */
export function buildQuestionnaire(rules: PolicyRules): Questionnaire {
  const applicability = factApplicability(rules);
  const pairsOf = (field: Field, path: string): Set<Pair> => {
    if (!path.startsWith("clinical")) return new Set(ALL_PAIRS);
    if (field.kind === "leaf") return applicability.get(path)!;
    const union = new Set<Pair>();
    for (const child of field.children) pairsOf(child, `${path}.${child.key}`).forEach((p) => union.add(p));
    return union;
  };
  const render = (field: Field, path: string, parentPairs: ReadonlySet<Pair>): QuestionnaireItem => {
    const own = pairsOf(field, path);
    const reading = rules.criteria.filter((c) => c.fields.includes(path));
    const base: QuestionnaireItem = {
      linkId: path,
      ...citations(reading, rules.id),
      text: field.text,
      ...conditions(own, parentPairs, path),
      ...(field.required ? { required: true } : {}),
      ...(field.repeats ? { repeats: true } : {}),
      type: "group",
    };
    if (field.kind === "group") return { ...base, item: field.children.map((c) => render(c, `${path}.${c.key}`, own)) };
    if (field.type === "choice")
      return {
        ...base,
        type: "choice",
        answerOption: field.options!.values.map((v) => ({ valueCoding: codingOf(field.options!.list, v) })),
      };
    return { ...base, type: field.type };
  };
  return {
    resourceType: "Questionnaire",
    id: QUESTIONNAIRE_ID,
    url: QUESTIONNAIRE_URL,
    version: rules.id,
    name: `PriorAuthorization${rules.policyId.replace(/[^A-Za-z0-9]/g, "")}`,
    title: `${rules.policyId} ${rules.title}: prior authorization request`,
    status: "active",
    subjectType: ["Patient"],
    date: rules.effectiveDate,
    description: `The facts ${rules.policyId} needs to decide a request. Each item names the criteria that read it and the policy passage they rest on.`,
    item: [
      ...REQUEST_FIELDS.map((f) => render(f, f.key, ALL_PAIRS)),
      { linkId: ATTESTATION_LINK_ID, text: ATTESTATION_TEXT, type: "boolean" },
    ],
  };
}

/** The canonical of a Questionnaire version, as a QuestionnaireResponse names it. */
export const questionnaireCanonical = (version: string) => `${QUESTIONNAIRE_URL}|${version}`;
