// QuestionnaireResponse <-> interchange request, both walking the one field tree (./fields.ts).
// The mapping is structural only: the request it builds is then checked by THE policy schema
// (lib/policy/schema.ts) where it is used, exactly like a request typed into the form.
// Pure: no I/O.

import type {
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from "@medplum/fhirtypes";
import { REQUEST_FIELDS, type Field, type LeafField } from "./fields";
import { questionnaireCanonical } from "./questionnaire";
import { ATTESTATION_LINK_ID, QUESTIONNAIRE_URL, valueSetSystem } from "./constants";

export interface MappingIssue {
  /** FHIRPath of the offending element, e.g. "QuestionnaireResponse.item.where(linkId='clinical.trial.date').answer". */
  expression: string;
  message: string;
}

type Json = Record<string, unknown>;
// Stryker disable next-line ConditionalExpression: a string or number let through has none of the fields read from an object here (linkId, item, answer, value*), so it is refused or skipped all the same.
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function answerOf(field: LeafField, value: unknown): QuestionnaireResponseItemAnswer | undefined {
  switch (field.type) {
    case "date":
      return typeof value === "string" ? { valueDate: value } : undefined;
    case "boolean":
      return typeof value === "boolean" ? { valueBoolean: value } : undefined;
    case "decimal":
      return typeof value === "number" ? { valueDecimal: value } : undefined;
    case "string":
    case "text":
      return typeof value === "string" ? { valueString: value } : undefined;
    case "choice":
      return typeof value === "string"
        ? { valueCoding: { system: valueSetSystem(field.options!.list), code: value } }
        : undefined;
  }
}

function itemsOf(fields: readonly Field[], value: unknown, path: string): QuestionnaireResponseItem[] {
  if (!isObject(value)) return [];
  const out: QuestionnaireResponseItem[] = [];
  for (const f of fields) {
    const linkId = path ? `${path}.${f.key}` : f.key;
    // An absent fact (undefined) yields no item: it is no object and no answer.
    const v = value[f.key];
    if (f.kind === "group") {
      // Stryker disable next-line ArrayDeclaration: a repeating group that is not a list yields nothing either way (an entry that is no object has no items).
      for (const entry of f.repeats ? (Array.isArray(v) ? v : []) : [v]) {
        const item = itemsOf(f.children, entry, linkId);
        if (item.length > 0) out.push({ linkId, item });
      }
    } else {
      const answer = (f.repeats ? (Array.isArray(v) ? v : []) : [v])
        .map((x) => answerOf(f, x))
        .filter((a): a is QuestionnaireResponseItemAnswer => !!a);
      if (answer.length > 0) out.push({ linkId, answer });
    }
  }
  return out;
}

/** A completed QuestionnaireResponse holding every fact of `request` (what a DTR client would return). */
export function requestToQuestionnaireResponse(
  request: unknown,
  policyVersion: string,
  subject?: string,
  attested?: boolean,
): QuestionnaireResponse {
  return {
    resourceType: "QuestionnaireResponse",
    questionnaire: questionnaireCanonical(policyVersion),
    status: "completed",
    ...(subject ? { subject: { reference: subject } } : {}),
    item: [
      ...itemsOf(REQUEST_FIELDS, request, ""),
      ...(attested === undefined ? [] : [{ linkId: ATTESTATION_LINK_ID, answer: [{ valueBoolean: attested }] }]),
    ],
  };
}

const at = (linkId: string) => `QuestionnaireResponse.item.where(linkId='${linkId}')`;

function valueOf(
  field: LeafField,
  answer: QuestionnaireResponseItemAnswer,
  linkId: string,
  issues: MappingIssue[],
): unknown {
  const wrong = (what: string) => {
    issues.push({ expression: `${at(linkId)}.answer`, message: `must be ${what}` });
    return undefined;
  };
  switch (field.type) {
    case "date":
      return typeof answer.valueDate === "string" ? answer.valueDate : wrong("a valueDate (YYYY-MM-DD)");
    case "boolean":
      return typeof answer.valueBoolean === "boolean" ? answer.valueBoolean : wrong("a valueBoolean");
    case "decimal": {
      const n = answer.valueDecimal ?? answer.valueInteger;
      return typeof n === "number" ? n : wrong("a valueDecimal");
    }
    case "string":
    case "text":
      return typeof answer.valueString === "string" ? answer.valueString : wrong("a valueString");
    case "choice": {
      const coding = answer.valueCoding;
      const system = valueSetSystem(field.options!.list);
      if (!coding || typeof coding.code !== "string") return wrong(`a valueCoding from ${system}`);
      if (coding.system !== undefined && coding.system !== system) return wrong(`a valueCoding from ${system}`);
      if (!field.options!.values.includes(coding.code)) return wrong(`one of: ${field.options!.values.join(", ")}`);
      return coding.code;
    }
  }
}

function readItems(fields: readonly Field[], items: unknown, path: string, issues: MappingIssue[]): Json {
  const out: Json = {};
  if (items === undefined) return out;
  if (!Array.isArray(items)) {
    issues.push({
      expression: path ? `${at(path)}.item` : "QuestionnaireResponse.item",
      message: "must be a list of items",
    });
    return out;
  }
  const answered = new Set<string>();
  for (const raw of items) {
    if (!isObject(raw) || typeof raw.linkId !== "string") {
      issues.push({
        expression: path ? `${at(path)}.item` : "QuestionnaireResponse.item",
        message: "each item needs a linkId",
      });
      continue;
    }
    const linkId = raw.linkId;
    const field = fields.find((f) => (path ? `${path}.${f.key}` : f.key) === linkId);
    if (!field) {
      issues.push({
        expression: at(linkId),
        message: `is not an item of this questionnaire${path ? ` inside ${path}` : ""}`,
      });
      continue;
    }
    if (field.kind === "group") {
      const value = readItems(field.children, raw.item, linkId, issues);
      if (field.repeats) out[field.key] = [...((out[field.key] as Json[] | undefined) ?? []), value];
      else if (out[field.key] !== undefined) issues.push({ expression: at(linkId), message: "appears twice" });
      else out[field.key] = value;
      continue;
    }
    const answers = Array.isArray(raw.answer) ? (raw.answer as QuestionnaireResponseItemAnswer[]) : [];
    if (answers.length === 0) continue;
    if (answered.has(linkId)) {
      issues.push({ expression: at(linkId), message: "appears twice" });
      continue;
    }
    answered.add(linkId);
    if (!field.repeats && answers.length > 1) {
      issues.push({ expression: `${at(linkId)}.answer`, message: "takes one answer" });
      continue;
    }
    // An answer that is not even an object is named like one of the wrong type (never silently dropped).
    const values = answers.map((a) => valueOf(field, isObject(a) ? a : {}, linkId, issues));
    // A wrong answer (undefined here) has been named in `issues`, so this request is never returned.
    out[field.key] = field.repeats ? values : values[0];
  }
  return out;
}

/**
 * The interchange request a QuestionnaireResponse answers (the same object the form builds), or
 * the structural problems, each naming the QuestionnaireResponse element. Field values are not
 * judged here: the policy schema does that on the result.
 */
export function questionnaireResponseToRequest(
  qr: unknown,
): { ok: true; request: Json; attested: boolean } | { ok: false; issues: MappingIssue[] } {
  if (!isObject(qr) || qr.resourceType !== "QuestionnaireResponse")
    return { ok: false, issues: [{ expression: "QuestionnaireResponse", message: "must be a QuestionnaireResponse" }] };
  const issues: MappingIssue[] = [];
  if (typeof qr.questionnaire !== "string" || qr.questionnaire.split("|")[0] !== QUESTIONNAIRE_URL)
    issues.push({ expression: "QuestionnaireResponse.questionnaire", message: `must name ${QUESTIONNAIRE_URL}` });
  if (qr.status !== "completed" && qr.status !== "amended")
    issues.push({ expression: "QuestionnaireResponse.status", message: "must be completed (or amended)" });
  // The attestation item is not a fact of the request: read apart, the rest mapped to the request.
  const items = Array.isArray(qr.item) ? qr.item : undefined;
  // Stryker disable next-line ArrayDeclaration: without a list of items there is no attestation; any stand-in element has no answer, so it reads as false all the same.
  const attestations = (items ?? []).filter((i) => isObject(i) && i.linkId === ATTESTATION_LINK_ID);
  const request = readItems(
    REQUEST_FIELDS,
    items ? items.filter((i) => !attestations.includes(i)) : qr.item,
    "",
    issues,
  );
  const attested = readAttestation(attestations, issues);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, request, attested };
}

/** The provider's attestation: absent or unanswered is false; one valueBoolean answer, once. */
function readAttestation(items: unknown[], issues: MappingIssue[]): boolean {
  if (items.length > 1) issues.push({ expression: at(ATTESTATION_LINK_ID), message: "appears twice" });
  const answers = items.length ? (items[0] as Json).answer : undefined;
  if (answers === undefined || (Array.isArray(answers) && answers.length === 0)) return false;
  const answer = Array.isArray(answers) && answers.length === 1 ? answers[0] : undefined;
  const value = isObject(answer) ? answer.valueBoolean : undefined;
  if (typeof value !== "boolean")
    issues.push({ expression: `${at(ATTESTATION_LINK_ID)}.answer`, message: "must be one valueBoolean" });
  return value === true;
}
