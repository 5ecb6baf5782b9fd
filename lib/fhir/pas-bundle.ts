// PAS: reading a Claim/$submit (or $inquire) request Bundle into what the portal's services
// take. Every problem names the element (a FHIRPath in OperationOutcome.issue.expression).
// Pure: no I/O; attachments are decoded and checked with the same sniffing and limits as uploads.

import type {
  Bundle,
  BundleEntry,
  Claim,
  Coverage,
  DocumentReference,
  Patient,
  Reference,
  Resource,
} from "@medplum/fhirtypes";
import { detectFileType, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_CASE } from "@/lib/file-type";
import { DOCUMENT_KINDS, type DocumentKind } from "@/lib/policy/document-kinds";
import {
  CASE_REFERENCE_SYSTEM,
  CPT_SYSTEM,
  PORTAL_CANONICAL,
  PAS_CERTIFICATION_TYPE,
  PAS_INFO_CANCELLED,
  QUESTIONNAIRE_URL,
  X12_CERTIFICATION_CANCEL,
} from "./constants";
import { questionnaireResponseToRequest, type MappingIssue } from "./questionnaire-response";
import { POLICY_RULES } from "@/lib/policy/catalogue";
import { IMPLANT_CODES, TRIAL_CODES } from "@/lib/policy/constants";
import { leafPaths } from "./fields";

export type PasIssueKind = "invalid" | "required" | "not-found" | "too-large" | "unsupported-type";
export interface PasIssue extends MappingIssue {
  kind: PasIssueKind;
}

export interface PasAttachment {
  fileName: string;
  bytes: Uint8Array;
  /** From DocumentReference.type (documentKindOfType); null when it says nothing this portal reads. */
  documentKind: DocumentKind | null;
}

/** The CPT codes the policy addresses (every version's Applicable Codes): the items it reviews. */
export const REVIEWED_CODES: ReadonlySet<string> = new Set(POLICY_RULES.flatMap((r) => r.parameters.applicableCodes));

/** A Claim item as the portal answers it. */
export interface ClaimItem {
  sequence: number;
  code: string;
  /** The code's system, when it is not CPT (a HCPCS code, say). */
  system?: string;
  /** An update's item marked infoCancelled (answered with review action C). */
  cancelled?: boolean;
  /**
   * The policy does not address the item (another CPT code, or a code of another system): it is
   * answered on its own ("not reviewed under this policy") and the request is made of the others.
   */
  notReviewed?: boolean;
}

/** The parties and items of a Claim, echoed in the response. */
export interface ClaimParties {
  patient: BundleEntry;
  requestor: BundleEntry;
  items: ClaimItem[];
  claimType: Claim["type"];
}

/** The items the policy reviews (the request is made of these). */
export const reviewedItems = (items: readonly ClaimItem[]) => items.filter((i) => !i.notReviewed);

export interface PasSubmission extends ClaimParties {
  /** Bundle.identifier.value: the submission's idempotency key. */
  identifier: string;
  memberId: string;
  memberName: string;
  /**
   * The request: from the DTR QuestionnaireResponse (`answered`), or else what the Bundle itself
   * says (member, codes, dates, urgency), which the questionnaire's answers complete later.
   */
  request: Record<string, unknown>;
  /** The Bundle carries this portal's QuestionnaireResponse. */
  answered: boolean;
  /** Its attestation item is answered true: the provider attests the facts (automated approval needs it). */
  attested: boolean;
  attachments: PasAttachment[];
}

type Result<T> = { ok: true; value: T } | { ok: false; issues: PasIssue[] };
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The portal's code system for the kinds of record the policy asks for (DocumentReference.type). */
export const DOCUMENT_KIND_SYSTEM = `${PORTAL_CANONICAL}/CodeSystem/document-kind`;
/** LOINC document types read as a kind of record (a few common note types; the portal's own codes say more). */
const LOINC_DOCUMENT_KINDS: Record<string, DocumentKind> = {
  "11506-3": "clinical_notes", // Progress note
  "34117-2": "clinical_notes", // History and physical note
  "11488-4": "clinical_notes", // Consult note
  "28627-8": "psychological_evaluation", // Psychiatry note
};

/** The kind of record a DocumentReference.type names: the portal's code first, then LOINC; null otherwise. */
export function documentKindOfType(type: DocumentReference["type"]): DocumentKind | null {
  const codings = type?.coding ?? [];
  const own = codings.find(
    (c) => c.system === DOCUMENT_KIND_SYSTEM && (DOCUMENT_KINDS as readonly string[]).includes(c.code ?? ""),
  );
  if (own) return own.code as DocumentKind;
  const loinc = codings.find((c) => c.system === "http://loinc.org" && c.code && LOINC_DOCUMENT_KINDS[c.code]);
  return loinc ? LOINC_DOCUMENT_KINDS[loinc.code!]! : null;
}

/** Entries of a Bundle and a resolver for references inside it (by fullUrl or Type/id). */
function indexBundle(bundle: Bundle) {
  const entries = (bundle.entry ?? []).filter(
    (e): e is BundleEntry & { resource: Resource } => isObject(e) && isObject(e.resource),
  );
  const resolve = (ref: Reference | undefined): Resource | undefined => {
    const target = ref?.reference;
    if (typeof target !== "string") return undefined;
    return entries.find(
      (e) =>
        e.fullUrl === target ||
        `${e.resource.resourceType}/${e.resource.id}` === target ||
        (e.fullUrl?.endsWith(`/${target}`) ?? false),
    )?.resource;
  };
  const entryOf = (resource: Resource) => entries.find((e) => e.resource === resource)!;
  return { entries, resolve, entryOf };
}

/** Every Reference.reference inside `value`, with its FHIRPath below the resource (`careTeam[0].provider`). */
function referencesIn(value: unknown, path: string, out: { path: string; reference: string }[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => referencesIn(v, `${path}[${i}]`, out));
  else if (isObject(value))
    for (const [key, v] of Object.entries(value)) {
      if (key === "reference" && typeof v === "string") out.push({ path, reference: v });
      else if (key !== "contained") referencesIn(v, path ? `${path}.${key}` : key, out);
    }
}

/**
 * PAS: a request Bundle is complete: every reference resolves to an entry (or to a contained
 * resource). Runs last, so an element already refused with a more specific message is not repeated.
 */
function checkReferencesResolve(index: ReturnType<typeof indexBundle>, issues: PasIssue[]): void {
  const named = new Set(issues.map((i) => i.expression));
  for (const { resource } of index.entries) {
    const found: { path: string; reference: string }[] = [];
    referencesIn(resource, "", found);
    const contained = new Set(((resource as { contained?: Resource[] }).contained ?? []).map((c) => `#${c.id}`));
    for (const { path, reference } of found) {
      if (contained.has(reference) || index.resolve({ reference }) || named.has(`${resource.resourceType}.${path}`))
        continue;
      // An updated Claim's own earlier version is not sent (PAS: the Claim an update replaces is).
      if (resource.resourceType === "Claim" && path.startsWith("related")) continue;
      issues.push({
        kind: "not-found",
        expression: `${resource.resourceType}.${path}`,
        message: `refers to ${reference}, which is not in the Bundle (every resource a PAS request references must be an entry of it)`,
      });
    }
  }
}

function readEnvelope(input: unknown, issues: PasIssue[]) {
  if (!isObject(input) || input.resourceType !== "Bundle") {
    issues.push({
      kind: "invalid",
      expression: "Bundle",
      message: 'The body must be a FHIR Bundle (resourceType "Bundle").',
    });
    return undefined;
  }
  const bundle = input as unknown as Bundle;
  if (bundle.type !== "collection")
    issues.push({ kind: "invalid", expression: "Bundle.type", message: 'must be "collection" (a PAS request Bundle)' });
  if (!Array.isArray(bundle.entry)) {
    issues.push({
      kind: "required",
      expression: "Bundle.entry",
      message: "is required: the Claim and the resources it references",
    });
    return undefined;
  }
  const index = indexBundle(bundle);
  const claims = index.entries.filter((e) => e.resource.resourceType === "Claim").map((e) => e.resource as Claim);
  // A PAS Claim update carries the Claim it updates as well (referenced by Claim.related.claim).
  const updates = claims.filter((c) => c.related?.some((r) => claims.includes(index.resolve(r.claim) as Claim)));
  const claim = claims.length === 1 ? claims[0] : claims.length === 2 && updates.length === 1 ? updates[0] : undefined;
  if (!claim) {
    issues.push({
      kind: claims.length ? "invalid" : "required",
      expression: "Bundle.entry",
      message: claims.length
        ? "must hold exactly one Claim (or, for an update, the updating Claim and the Claim it names in related.claim)"
        : "holds no Claim: a PAS request Bundle starts with the Claim",
    });
    return undefined;
  }
  if (claim.use !== "preauthorization")
    issues.push({
      kind: "invalid",
      expression: "Claim.use",
      message: `must be "preauthorization" (was ${JSON.stringify(claim.use ?? null)})`,
    });
  return { bundle, claim, index };
}

function readParties(
  claim: Claim,
  index: ReturnType<typeof indexBundle>,
  issues: PasIssue[],
  itemsRequired = true,
): (ClaimParties & { patientResource: Patient; coverage?: Coverage }) | undefined {
  const patient = index.resolve(claim.patient);
  if (!patient || patient.resourceType !== "Patient")
    issues.push({
      kind: "not-found",
      expression: "Claim.patient",
      message: claim.patient?.reference
        ? `refers to ${claim.patient.reference}, which is not a Patient in the Bundle`
        : "is required (a reference to the Patient in the Bundle)",
    });
  const requestor = index.resolve(claim.provider);
  if (!requestor || !["Organization", "Practitioner", "PractitionerRole"].includes(requestor.resourceType))
    issues.push({
      kind: "not-found",
      expression: "Claim.provider",
      message: claim.provider?.reference
        ? `refers to ${claim.provider.reference}, which is not an Organization, Practitioner or PractitionerRole in the Bundle`
        : "is required (the requesting Organization or Practitioner in the Bundle)",
    });
  const coverageRef = claim.insurance?.[0]?.coverage;
  const coverage = index.resolve(coverageRef);
  if (!coverage || coverage.resourceType !== "Coverage")
    issues.push({
      kind: "not-found",
      expression: "Claim.insurance[0].coverage",
      message: coverageRef?.reference
        ? `refers to ${coverageRef.reference}, which is not a Coverage in the Bundle`
        : "is required (the member's Coverage in the Bundle)",
    });
  const items: ClaimParties["items"] = [];
  if (!Array.isArray(claim.item) || claim.item.length === 0) {
    if (itemsRequired)
      issues.push({
        kind: "required",
        expression: "Claim.item",
        message: "is required: one item per CPT code requested",
      });
  } else
    claim.item.forEach((item, i) => {
      const codings = (item.productOrService?.coding ?? []).filter(
        (c) => isObject(c) && typeof c.code === "string" && c.code.trim() !== "",
      );
      const cpt = codings.find((c) => c.system === CPT_SYSTEM);
      const coding = cpt ?? codings[0];
      const cancelled = item.modifierExtension?.some((e) => e.url === PAS_INFO_CANCELLED && e.valueBoolean === true);
      if (!coding) {
        // An inquiry may name no service (PAS: the "not-applicable" code); a request names a code.
        if (itemsRequired)
          issues.push({
            kind: "required",
            expression: `Claim.item[${i}].productOrService`,
            message: `needs a coding with a code (a CPT code from ${CPT_SYSTEM}, or a code of another system such as HCPCS)`,
          });
        return;
      }
      // An inquiry by example matches on CPT codes only; another system's code is not a service the portal holds.
      if (!cpt && !itemsRequired) return;
      const code = coding.code!;
      items.push({
        sequence: typeof item.sequence === "number" ? item.sequence : i + 1,
        code,
        ...(cpt ? {} : { system: coding.system ?? "" }),
        ...(cancelled ? { cancelled: true } : {}),
        ...(cpt && REVIEWED_CODES.has(code) ? {} : { notReviewed: true }),
      });
    });
  if (!patient || patient.resourceType !== "Patient" || !requestor) return undefined;
  return {
    patient: index.entryOf(patient),
    patientResource: patient as Patient,
    requestor: index.entryOf(requestor),
    coverage: coverage?.resourceType === "Coverage" ? (coverage as Coverage) : undefined,
    items,
    claimType: claim.type,
  };
}

const nameOf = (p: Patient) => {
  const n = p.name?.[0];
  if (!n) return "";
  return (n.text ?? [...(n.given ?? []), n.family ?? ""].join(" ")).trim();
};

function decodeBase64(data: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/.test(data)) return null;
  return new Uint8Array(Buffer.from(data, "base64"));
}

function readAttachments(claim: Claim, index: ReturnType<typeof indexBundle>, issues: PasIssue[]): PasAttachment[] {
  const out: PasAttachment[] = [];
  (claim.supportingInfo ?? []).forEach((info, i) => {
    const target = index.resolve(info.valueReference);
    if (info.valueReference && !target) {
      issues.push({
        kind: "not-found",
        expression: `Claim.supportingInfo[${i}].valueReference`,
        message: `refers to ${info.valueReference.reference ?? "nothing"}, which is not in the Bundle`,
      });
      return;
    }
    if (target?.resourceType !== "DocumentReference") return;
    const documentKind = documentKindOfType((target as DocumentReference).type);
    ((target as DocumentReference).content ?? []).forEach((content, j) => {
      const at = `DocumentReference.content[${j}].attachment`;
      const att = content.attachment;
      const fileName = att?.title || `attachment-${i + 1}-${j + 1}`;
      if (typeof att?.data !== "string") {
        issues.push({
          kind: "required",
          expression: `${at}.data`,
          message: "must carry the document as base64 data (links to documents elsewhere are not fetched)",
        });
        return;
      }
      if (att.data.length > Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4) {
        issues.push({
          kind: "too-large",
          expression: `${at}.data`,
          message: `${fileName} is larger than 25 MB, the limit per file`,
        });
        return;
      }
      const bytes = decodeBase64(att.data);
      if (!bytes)
        return void issues.push({ kind: "invalid", expression: `${at}.data`, message: "is not valid base64" });
      if (bytes.length === 0)
        return void issues.push({ kind: "invalid", expression: `${at}.data`, message: `${fileName} is empty` });
      if (bytes.length > MAX_ATTACHMENT_BYTES)
        return void issues.push({
          kind: "too-large",
          expression: `${at}.data`,
          message: `${fileName} is larger than 25 MB, the limit per file`,
        });
      const sniffed = detectFileType(bytes);
      if (!sniffed)
        return void issues.push({
          kind: "unsupported-type",
          expression: `${at}.data`,
          message: `${fileName} is not a PDF, PNG, JPEG or TIFF file (checked by its content)`,
        });
      if (att.contentType && att.contentType.split(";")[0]!.trim().toLowerCase() !== sniffed)
        return void issues.push({
          kind: "unsupported-type",
          expression: `${at}.contentType`,
          message: `says ${att.contentType} but the content is ${sniffed}`,
        });
      out.push({ fileName, bytes, documentKind });
    });
  });
  if (out.length > MAX_ATTACHMENTS_PER_CASE)
    issues.push({
      kind: "invalid",
      expression: "Claim.supportingInfo",
      message: `carries ${out.length} documents; a case holds at most ${MAX_ATTACHMENTS_PER_CASE}`,
    });
  return out;
}

/** "clinical.conservativeTherapies[0].endDate" -> the QuestionnaireResponse item that answers it. */
const itemExpression = (path: string) =>
  path ? `QuestionnaireResponse.item.where(linkId='${path.replace(/\[\d+\]/g, "")}')` : "QuestionnaireResponse";

/** The policy schema's refusal of a request read from a QuestionnaireResponse, as PAS issues naming its items. */
export function questionnaireIssues(issues: readonly { path: string; message: string }[]): PasIssue[] {
  return issues.map((i) => ({
    kind: "invalid",
    expression: itemExpression(i.path),
    message: `${i.path || "the request"} ${i.message}`,
  }));
}

/**
 * The QuestionnaireResponses the Claim's supportingInfo references that answer this portal's DTR
 * questionnaire. One answering another payer's or another policy's questionnaire is supporting
 * information like any other, not the request's facts: the request is then received without them.
 */
function portalQuestionnaireResponses(claim: Claim, index: ReturnType<typeof indexBundle>): Resource[] {
  return (claim.supportingInfo ?? [])
    .map((s) => index.resolve(s.valueReference))
    .filter((r): r is Resource => {
      if (r?.resourceType !== "QuestionnaireResponse") return false;
      const canonical = (r as { questionnaire?: unknown }).questionnaire;
      // No canonical at all: it is meant for us (and refused by the mapping, naming the element).
      return typeof canonical !== "string" || canonical.split("|")[0] === QUESTIONNAIRE_URL;
    });
}

/** Bundle.identifier.value: what makes a submission (or an update) one, however often it arrives. */
function readSubmissionIdentifier(bundle: Bundle, issues: PasIssue[]): string | undefined {
  const identifier = bundle.identifier?.value;
  if (typeof identifier === "string" && /^[\x21-\x7e]{8,190}$/.test(identifier)) return identifier;
  issues.push({
    kind: "required",
    expression: "Bundle.identifier.value",
    message:
      "is required: 8 to 190 printable characters, unique per submission (a repeat with the same identifier answers the first submission)",
  });
  return undefined;
}

const TRIAL_CODE_SET: ReadonlySet<string> = new Set(TRIAL_CODES);
const IMPLANT_CODE_SET: ReadonlySet<string> = new Set(IMPLANT_CODES);
const PROCESS_PRIORITY = "http://terminology.hl7.org/CodeSystem/processpriority";
const dateOf = (value: unknown) =>
  typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;

/**
 * Without the DTR QuestionnaireResponse: the request as far as the Bundle says it. The member's
 * date of birth (Patient.birthDate), the request date (Claim.created), the planned date of service
 * (the first reviewed item's servicedDate or servicedPeriod.start), the urgency (Claim.priority:
 * stat is expedited), the phase when every code is of one phase, the reviewed CPT codes. The rest
 * (line of business, indication, the clinical facts) is what the questionnaire is asked for.
 */
function requestFromBundle(claim: Claim, patient: Patient): Record<string, unknown> {
  const reviewed = (claim.item ?? []).filter((item) =>
    item.productOrService?.coding?.some((c) => c.system === CPT_SYSTEM && REVIEWED_CODES.has(c.code ?? "")),
  );
  const codes = [
    ...new Set(
      reviewed.map(
        (item) =>
          item.productOrService!.coding!.find((c) => c.system === CPT_SYSTEM && REVIEWED_CODES.has(c.code!))!.code!,
      ),
    ),
  ];
  const phase = codes.every((c) => TRIAL_CODE_SET.has(c))
    ? "trial"
    : codes.every((c) => IMPLANT_CODE_SET.has(c))
      ? "implant"
      : undefined;
  const priority = claim.priority?.coding?.find((c) => c.system === PROCESS_PRIORITY)?.code;
  const serviceDate = reviewed
    .map((item) => dateOf(item.servicedDate) ?? dateOf(item.servicedPeriod?.start))
    .find(Boolean);
  const requestDate = dateOf(claim.created);
  const dateOfBirth = dateOf(patient.birthDate);
  return {
    member: { ...(dateOfBirth ? { dateOfBirth } : {}) },
    request: {
      ...(requestDate ? { requestDate } : {}),
      // A service date before the request date is a retrospective request: the questionnaire answers it.
      ...(serviceDate && (!requestDate || serviceDate >= requestDate) ? { serviceDate } : {}),
      urgency: priority === "stat" ? "expedited" : "standard",
      ...(phase && codes.length > 0 ? { phase } : {}),
      cptCodes: codes,
    },
  };
}

/** Where a request built from the Bundle got each fact (for a refusal of it). */
const BUNDLE_SOURCES: [prefix: string, expression: string][] = [
  ["member.dateOfBirth", "Patient.birthDate"],
  ["request.requestDate", "Claim.created"],
  ["request.serviceDate", "Claim.item.servicedDate"],
  ["request.cptCodes", "Claim.item"],
];

/**
 * What the policy still needs to review a request built from the Bundle: each required fact it
 * lacks (by the questionnaire item that asks it), then the clinical facts. Said in words: the
 * information request's items.
 */
export function factsNeeded(request: Record<string, unknown>): string[] {
  const at = (path: string) =>
    path.split(".").reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), request as unknown);
  const missing = leafPaths()
    .filter(({ path, field }) => field.required && !path.startsWith("clinical.") && at(path) === undefined)
    .map(({ path, field }) => `${field.text} (questionnaire item ${path})`);
  return [
    ...missing,
    "The clinical facts the policy's criteria read for this indication and phase (the questionnaire's clinical items), with the documents that support them",
  ];
}

/**
 * A Claim/$submit request Bundle as a submission. With the DTR QuestionnaireResponse, the request
 * is read from it and checked against the Claim and Patient; without one, it is built from the
 * Bundle (requestFromBundle) and the case waits for the questionnaire. Items the policy does not
 * address are kept, marked `notReviewed`.
 */
export function parsePasSubmission(input: unknown): Result<PasSubmission> {
  const issues: PasIssue[] = [];
  const envelope = readEnvelope(input, issues);
  if (!envelope) return { ok: false, issues };
  const { bundle, claim, index } = envelope;
  const identifier = readSubmissionIdentifier(bundle, issues);
  const parties = readParties(claim, index, issues);
  const qrs = portalQuestionnaireResponses(claim, index);
  let request: Record<string, unknown> | undefined;
  let attested = false;
  if (qrs.length > 1)
    issues.push({
      kind: "invalid",
      expression: "Claim.supportingInfo",
      message: "must reference at most one QuestionnaireResponse (the DTR questionnaire's answers)",
    });
  else if (qrs.length === 1) {
    const mapped = questionnaireResponseToRequest(qrs[0]);
    if (mapped.ok) ({ request, attested } = mapped);
    else issues.push(...mapped.issues.map((i) => ({ ...i, kind: "invalid" as const })));
  } else if (parties) request = requestFromBundle(claim, parties.patientResource);
  const answered = qrs.length === 1;
  const attachments = readAttachments(claim, index, issues);
  checkReferencesResolve(index, issues);
  if (parties && request && answered) {
    const req = (request.request ?? {}) as Json;
    const member = (request.member ?? {}) as Json;
    const codes = Array.isArray(req.cptCodes) ? (req.cptCodes as unknown[]) : [];
    // The questionnaire answers for the items the policy reviews; the others are answered on their own.
    const claimed = reviewedItems(parties.items).map((i) => i.code);
    if (claimed.length > 0 && (claimed.length !== codes.length || claimed.some((c) => !codes.includes(c))))
      issues.push({
        kind: "invalid",
        expression: "Claim.item",
        message: `names CPT ${claimed.join(", ")} but the QuestionnaireResponse answers request.cptCodes ${codes.join(", ") || "(none)"}`,
      });
    const birthDate = parties.patientResource.birthDate;
    if (birthDate && member.dateOfBirth !== undefined && birthDate !== member.dateOfBirth)
      issues.push({
        kind: "invalid",
        expression: "Patient.birthDate",
        message: "differs from the date of birth in the QuestionnaireResponse",
      });
    if (member.dateOfBirth === undefined && birthDate)
      request = { ...request, member: { ...member, dateOfBirth: birthDate } };
  }
  const memberId =
    parties?.coverage?.subscriberId ??
    parties?.coverage?.identifier?.[0]?.value ??
    parties?.patientResource.identifier?.[0]?.value;
  if (parties && !memberId)
    issues.push({
      kind: "required",
      expression: "Coverage.subscriberId",
      message: "is required: the plan's member ID",
    });
  const memberName = parties ? nameOf(parties.patientResource) : "";
  if (parties && !memberName)
    issues.push({ kind: "required", expression: "Patient.name", message: "is required: the member's name" });
  if (issues.length > 0 || !parties || !request) return { ok: false, issues };
  return {
    ok: true,
    value: {
      patient: parties.patient,
      requestor: parties.requestor,
      items: parties.items,
      claimType: parties.claimType,
      identifier: identifier!,
      memberId: memberId!,
      memberName,
      request,
      answered,
      attested,
      attachments,
    },
  };
}

/** A request built from the Bundle, refused by the policy schema: the issues, naming the Bundle's elements. */
export function bundleRequestIssues(issues: readonly { path: string; message: string }[]): PasIssue[] {
  return issues.map((i) => ({
    kind: "invalid",
    expression: BUNDLE_SOURCES.find(([prefix]) => i.path.startsWith(prefix))?.[1] ?? "Claim",
    message: `${i.message} (read as ${i.path || "the request"})`,
  }));
}

/** What an inquiry by example matches on when it names no preAuthRef (PAS: member, requester, services, dates). */
export interface PasInquiryMatch {
  memberId: string;
  /** The requesting organization's NPI, when the Bundle gives one. */
  npi?: string;
  /** CPT codes of the items ("not-applicable" items add none). */
  codes: string[];
  /** Service dates of the items (YYYY-MM-DD). */
  dates: string[];
}

const NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi";

/**
 * A Claim/$inquire Bundle: the case reference (the preAuthRef an earlier $submit answered), or
 * else what to match (the member ID, the requester's NPI, the items' codes and dates), and the
 * parties to echo.
 */
export function parsePasInquiry(
  input: unknown,
): Result<ClaimParties & { reference?: string; match?: PasInquiryMatch }> {
  const issues: PasIssue[] = [];
  const envelope = readEnvelope(input, issues);
  if (!envelope) return { ok: false, issues };
  const { claim, index } = envelope;
  const parties = readParties(claim, index, issues, false);
  const reference = claim.identifier?.find((i) => i.system === CASE_REFERENCE_SYSTEM)?.value?.trim();
  checkReferencesResolve(index, issues);
  if (issues.length > 0 || !parties) return { ok: false, issues };
  const echo = {
    patient: parties.patient,
    requestor: parties.requestor,
    items: parties.items,
    claimType: parties.claimType,
  };
  if (reference) return { ok: true, value: { ...echo, reference } };
  const memberId =
    parties.coverage?.subscriberId ??
    parties.patientResource.identifier?.find((i) => i.type?.coding?.some((c) => c.code === "MB"))?.value ??
    parties.patientResource.identifier?.[0]?.value;
  if (!memberId)
    return {
      ok: false,
      issues: [
        {
          kind: "required",
          expression: "Claim.identifier",
          message: `needs the preAuthRef of the earlier submission (system ${CASE_REFERENCE_SYSTEM}), or the member's ID (Coverage.subscriberId or the Patient's MB identifier) to match on`,
        },
      ],
    };
  const requestor = parties.requestor.resource as { identifier?: { system?: string; value?: string }[] };
  const npi = requestor.identifier?.find((i) => i.system === NPI_SYSTEM)?.value;
  const dates = (claim.item ?? []).flatMap((item) =>
    item.servicedDate
      ? [item.servicedDate]
      : item.servicedPeriod?.start
        ? [item.servicedPeriod.start.slice(0, 10)]
        : [],
  );
  return {
    ok: true,
    value: { ...echo, match: { memberId, ...(npi ? { npi } : {}), codes: parties.items.map((i) => i.code), dates } },
  };
}

/** A PAS Claim update (2.0.1 "Updating Authorization Requests"): which request, and what changes. */
export interface PasUpdate extends ClaimParties {
  identifier: string;
  /** The preAuthRef of the request updated. */
  reference: string;
  /** The whole request is cancelled (certificationType 3 on the Claim), or every item is. */
  cancelWhole: boolean;
  /** The request's new facts (a new QuestionnaireResponse), when the update carries one. */
  request?: Record<string, unknown>;
  attachments: PasAttachment[];
}

/** Whether a request Bundle is a PAS Claim update (its Claim names an earlier one in `related`). */
export function isPasUpdate(input: unknown): boolean {
  if (!isObject(input) || !Array.isArray(input.entry)) return false;
  return (input.entry as unknown[]).some((e) => {
    const r = isObject(e) && isObject(e.resource) ? (e.resource as unknown as Claim) : undefined;
    return r?.resourceType === "Claim" && Array.isArray(r.related) && r.related.length > 0;
  });
}

const isCancel = (extensions: Claim["extension"]) =>
  (extensions ?? []).some(
    (e) =>
      e.url === PAS_CERTIFICATION_TYPE &&
      e.valueCodeableConcept?.coding?.some((c) => c.code === X12_CERTIFICATION_CANCEL),
  );

/**
 * A Claim update Bundle read into a PasUpdate: the request it updates (its preAuthRef in
 * `Claim.related.reference`, or an identifier of the earlier Claim, system case-reference), a
 * cancellation of the whole request (certificationType 3) or of items (infoCancelled), the new
 * facts of a QuestionnaireResponse if one is referenced, and documents. Every problem names the element.
 */
export function parsePasUpdate(input: unknown): Result<PasUpdate> {
  const issues: PasIssue[] = [];
  const envelope = readEnvelope(input, issues);
  if (!envelope) return { ok: false, issues };
  const { bundle, claim, index } = envelope;
  const identifier = readSubmissionIdentifier(bundle, issues);
  const earlier = (claim.related ?? []).map((r) => index.resolve(r.claim)).find((c) => c?.resourceType === "Claim") as
    Claim | undefined;
  const reference =
    claim.related?.map((r) => r.reference).find((i) => i?.system === CASE_REFERENCE_SYSTEM)?.value ??
    earlier?.identifier?.find((i) => i.system === CASE_REFERENCE_SYSTEM)?.value;
  if (typeof reference !== "string" || !reference.trim())
    issues.push({
      kind: "required",
      expression: "Claim.related",
      message: `must name the request being updated: its preAuthRef in related.reference (or an identifier of the earlier Claim) with system ${CASE_REFERENCE_SYSTEM}`,
    });
  const cancelAll = isCancel(claim.extension);
  const parties = readParties(claim, index, issues, !cancelAll);
  const qrs = portalQuestionnaireResponses(claim, index);
  let request: Record<string, unknown> | undefined;
  if (qrs.length > 1)
    issues.push({
      kind: "invalid",
      expression: "Claim.supportingInfo",
      message: "must reference at most one QuestionnaireResponse",
    });
  else if (qrs.length === 1) {
    const mapped = questionnaireResponseToRequest(qrs[0]);
    if (mapped.ok) request = mapped.request;
    else issues.push(...mapped.issues.map((i) => ({ ...i, kind: "invalid" as const })));
  }
  const attachments = readAttachments(claim, index, issues);
  checkReferencesResolve(index, issues);
  if (issues.length > 0 || !parties) return { ok: false, issues };
  // The request is made of the reviewed items: cancelling all of them cancels it.
  const reviewed = reviewedItems(parties.items);
  const live = reviewed.filter((i) => !i.cancelled);
  return {
    ok: true,
    value: {
      patient: parties.patient,
      requestor: parties.requestor,
      items: parties.items,
      claimType: parties.claimType,
      identifier: identifier!,
      reference: reference!.trim(),
      cancelWhole: cancelAll || (reviewed.length > 0 && live.length === 0),
      ...(request ? { request } : {}),
      attachments,
    },
  };
}
