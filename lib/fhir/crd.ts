// CRD over CDS Hooks 2.0 (Da Vinci CRD 2.0.1; where 2.2.1 differs it is said below and in the
// README): discovery, the reading of each hook request, and the answer. Services: the primary
// hooks `appointment-book`, `order-sign`, `order-dispatch` and the secondary `order-select`.
//
// For orders (or appointments) with CPT codes the policy applies to: a card that prior
// authorization is required under the policy, the documentation it needs for that phase and
// indication (quoted, linked), links a browser can open, and the CRD coverage-information
// extension on the order as a system action — or, when an approved case of the practice already
// covers the order, a card saying so and coverage-information with `pa-needed` `satisfied` and its
// `satisfied-pa-id`. Codes the policy does not address get a card saying so (never "not covered").
// Pure: no I/O (the satisfying authorizations are looked up by the caller and passed in).

import type {
  Appointment,
  Bundle,
  CodeableConcept,
  Coding,
  Coverage,
  DeviceRequest,
  Extension,
  Procedure,
  Reference,
  Resource,
  ServiceRequest,
  Task,
} from "@medplum/fhirtypes";
import { IMPLANT_CODES, INDICATIONS, TRIAL_CODES, type Indication, type Phase } from "@/lib/policy/constants";
import { INDICATION_LABELS } from "@/lib/domain";
import { selectCriteria } from "@/lib/policy/criteria";
import type { PolicyRules } from "@/lib/policy/types";
import { requestPrefillPath } from "@/lib/request-prefill";
import { CPT_SYSTEM, CRD_COVERAGE_INFORMATION, valueSetSystem } from "./constants";
import { ADDRESSED_INDICATIONS, policyLink, questionnaireCanonical } from "./questionnaire";

/** CRD's temporary code system (coverage-info topic, the gold-card assertion reason). */
const CRD_TEMP_CODES = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp";

export type CrdHook = "appointment-book" | "order-select" | "order-sign" | "order-dispatch";

/**
 * The services. `primary`: CRD's primary hooks, which SHALL answer with coverage-information
 * (CRD 2.0.1 "Hook Categories"); the secondary order-select MAY, without asking for documentation.
 */
const CRD_SERVICES: readonly { id: string; hook: CrdHook; primary: boolean }[] = [
  { id: "pa-339-7-appointment-book", hook: "appointment-book", primary: true },
  { id: "pa-339-7-order-select", hook: "order-select", primary: false },
  { id: "pa-339-7-order-sign", hook: "order-sign", primary: true },
  { id: "pa-339-7-order-dispatch", hook: "order-dispatch", primary: true },
];

/** CRD's "standard" prefetch for every hook (CRD 2.0.1 foundation.html#prefetch). */
const COMMON_PREFETCH = {
  patient: "Patient/{{context.patientId}}",
  coverage: "Coverage?patient={{context.patientId}}&status=active",
};

/**
 * The orders a hook only references. appointment-book: the Appointments' `basedOn`
 * ServiceRequests, with CRD 2.0.1's `context.<key>.<Type>.id` token and `_include` (2.2.1 writes
 * the same as a FHIRPath token). order-dispatch: CRD 2.2.1's FHIRPath tokens (2.0.1 defines no
 * token for a list of references).
 */
const ORDER_PREFETCH: Record<CrdHook, Record<string, string>> = {
  "appointment-book": {
    appointmentOrders: "Appointment?_id={{context.appointments.Appointment.id}}&_include=Appointment:based-on",
  },
  "order-dispatch": {
    serviceRequests: "ServiceRequest?_id={{context.dispatchedOrders.resolve().ofType(ServiceRequest).id}}",
    deviceRequests: "DeviceRequest?_id={{context.dispatchedOrders.resolve().ofType(DeviceRequest).id}}",
  },
  "order-select": {},
  "order-sign": {},
};

const WHAT: Record<CrdHook, string> = {
  "appointment-book": "the appointments being booked",
  "order-select": "the selected draft orders",
  "order-sign": "the orders being signed",
  "order-dispatch": "the orders being dispatched to a performer",
};

export function discovery(rules: PolicyRules) {
  return {
    services: CRD_SERVICES.map((s) => ({
      hook: s.hook,
      id: s.id,
      title: `${rules.policyId} prior authorization requirements (${s.hook})`,
      description: `Says whether ${rules.policyId} (${rules.title}) requires prior authorization for the CPT codes of ${WHAT[s.hook]}, what documentation it needs, where the questionnaire is, and whether an approved prior authorization already covers them.`,
      prefetch: { ...COMMON_PREFETCH, ...ORDER_PREFETCH[s.hook] },
    })),
  };
}

export interface CdsCard {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: "info" | "warning" | "critical";
  source: { label: string; url?: string; topic?: Coding };
  links?: { label: string; url: string; type: "absolute" | "smart" }[];
}
export interface CdsAction {
  type: "create" | "update" | "delete";
  description: string;
  resource?: Resource;
}
export interface CdsResponse {
  cards: CdsCard[];
  systemActions: CdsAction[];
}

export type CdsIssue = { path: string; message: string };
type Order = ServiceRequest | Procedure | DeviceRequest;
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const ORDER_TYPES = ["ServiceRequest", "Procedure", "DeviceRequest"];
const isOrder = (r: unknown): r is Order => isObject(r) && ORDER_TYPES.includes(r.resourceType as string);

/** One thing the answer is about: an order or an appointment, with what the service read from it. */
export interface HookItem {
  /** The resource a coverage-information system action updates. */
  resource: Order | Appointment;
  /** Its CPT codes (for an appointment: `serviceType` and its `basedOn` ServiceRequests). */
  cpt: string[];
  indication?: Indication;
  /** When it is to happen (YYYY-MM-DD), when the request says. */
  date?: string;
  /** Why its codes could not all be read (an appointment whose `basedOn` order was not sent). */
  unresolved?: string;
}

export interface HookRead {
  hook: CrdHook;
  primary: boolean;
  items: HookItem[];
  /** The Coverage of the prefetch (required for the primary hooks). */
  coverage?: { reference: Reference; memberId?: string };
}

function cptOf(codings: readonly Coding[]): string[] {
  return codings.filter((c) => c.system === CPT_SYSTEM && typeof c.code === "string").map((c) => c.code!);
}

function orderCodings(order: Order): Coding[] {
  if (order.resourceType === "DeviceRequest") return order.codeCodeableConcept?.coding ?? [];
  return order.code?.coding ?? [];
}

function indicationIn(concepts: readonly CodeableConcept[] | undefined): Indication | undefined {
  for (const c of (concepts ?? []).flatMap((cc) => cc.coding ?? []))
    if (c.system === valueSetSystem("indication") && (INDICATIONS as readonly string[]).includes(c.code ?? ""))
      return c.code as Indication;
  return undefined;
}

const dayOf = (v: unknown) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : undefined);

function orderDate(order: Order): string | undefined {
  if (order.resourceType === "Procedure") return dayOf(order.performedDateTime) ?? dayOf(order.performedPeriod?.start);
  return dayOf(order.occurrenceDateTime) ?? dayOf(order.occurrencePeriod?.start);
}

function orderItem(order: Order, date?: string): HookItem {
  const d = date ?? orderDate(order);
  const indication = indicationIn(order.reasonCode);
  return {
    resource: order,
    cpt: [...new Set(cptOf(orderCodings(order)))],
    ...(indication ? { indication } : {}),
    ...(d ? { date: d } : {}),
  };
}

/** Every resource of the prefetch (a resource, or the entries of a Bundle), by `Type/id`. */
function prefetchedResources(prefetch: Json): Map<string, Resource> {
  const out = new Map<string, Resource>();
  for (const value of Object.values(prefetch)) {
    if (!isObject(value)) continue;
    const resources =
      value.resourceType === "Bundle"
        ? ((value as unknown as Bundle).entry ?? []).map((e) => e.resource)
        : [value as unknown as Resource];
    for (const r of resources)
      if (isObject(r) && typeof r.resourceType === "string" && typeof r.id === "string")
        out.set(`${r.resourceType}/${r.id}`, r);
  }
  return out;
}

/** The appointment's CPT codes: `serviceType` (CRD profile-appointment) and its `basedOn` ServiceRequests (contained or prefetched). */
function appointmentItem(appointment: Appointment, prefetched: Map<string, Resource>): HookItem {
  const contained = new Map<string, Resource>(
    (appointment.contained ?? []).filter((r) => r.id).map((r) => [`#${r.id}`, r as Resource]),
  );
  const orders: ServiceRequest[] = [];
  const missing: string[] = [];
  for (const ref of appointment.basedOn ?? []) {
    const key = ref.reference ?? "";
    const found = contained.get(key) ?? prefetched.get(key);
    if (found?.resourceType === "ServiceRequest") orders.push(found);
    else missing.push(key || "(a basedOn without a reference)");
  }
  const cpt = [
    ...new Set([
      ...cptOf((appointment.serviceType ?? []).flatMap((t) => t.coding ?? [])),
      ...orders.flatMap((o) => cptOf(o.code?.coding ?? [])),
    ]),
  ];
  const indication =
    indicationIn(appointment.reasonCode) ?? orders.map((o) => indicationIn(o.reasonCode)).find(Boolean);
  const date = dayOf(appointment.start) ?? dayOf(appointment.requestedPeriod?.[0]?.start);
  return {
    resource: appointment,
    cpt,
    ...(indication ? { indication } : {}),
    ...(date ? { date } : {}),
    ...(missing.length
      ? {
          unresolved: `its basedOn ${missing.join(", ")} was neither contained nor in the prefetch (appointmentOrders), so its CPT codes are unknown`,
        }
      : {}),
  };
}

const MB_IDENTIFIER = (c: Coding) => c.system === "http://terminology.hl7.org/CodeSystem/v2-0203" && c.code === "MB";

/**
 * The member ID a case was submitted under, read as PAS `$submit` reads it: `Coverage.subscriberId`,
 * else the CRD Coverage profile's member identifier (type MB), else the first identifier.
 */
export function memberIdOf(coverage: Coverage): string | undefined {
  const id =
    coverage.subscriberId ??
    coverage.identifier?.find((i) => (i.type?.coding ?? []).some(MB_IDENTIFIER))?.value ??
    coverage.identifier?.[0]?.value;
  return id?.trim() || undefined;
}

/** A context field that must be a non-empty string. */
function requireString(context: Json, key: string, issues: CdsIssue[], example: string) {
  const v = context[key];
  if (typeof v !== "string" || v.trim() === "")
    issues.push({ path: `context.${key}`, message: `is required (a string, e.g. "${example}")` });
}

/**
 * The hook request's items (for order-select only the selected orders), the Coverage and member,
 * or what is wrong with it: each missing or malformed required field named (400).
 */
export function readHookRequest(
  serviceId: string,
  body: unknown,
): ({ ok: true } & HookRead) | { ok: false; issues: CdsIssue[] } {
  const service = CRD_SERVICES.find((s) => s.id === serviceId);
  if (!service)
    return { ok: false, issues: [{ path: "id", message: `no CDS service ${serviceId}; see GET /cds-services` }] };
  if (!isObject(body))
    return { ok: false, issues: [{ path: "", message: "must be a CDS Hooks request (a JSON object)" }] };
  const issues: CdsIssue[] = [];
  if (body.hook !== service.hook) issues.push({ path: "hook", message: `must be "${service.hook}" for ${service.id}` });
  if (typeof body.hookInstance !== "string") issues.push({ path: "hookInstance", message: "is required" });
  const context = isObject(body.context) ? body.context : undefined;
  if (!context) return { ok: false, issues: [...issues, { path: "context", message: "is required" }] };
  if (body.prefetch !== undefined && !isObject(body.prefetch))
    issues.push({ path: "prefetch", message: "must be an object of prefetched resources" });
  const prefetch = isObject(body.prefetch) ? body.prefetch : {};
  const prefetched = prefetchedResources(prefetch);

  // The context fields each hook REQUIRES (CDS Hooks hook definitions; CRD 2.0.1 hooks.html).
  if (service.hook !== "order-dispatch") requireString(context, "userId", issues, "Practitioner/123");
  requireString(context, "patientId", issues, "123");
  let items: HookItem[] = [];
  switch (service.hook) {
    case "order-select":
    case "order-sign": {
      const draft = context.draftOrders as Bundle | undefined;
      if (!isObject(draft) || draft.resourceType !== "Bundle" || !Array.isArray(draft.entry))
        issues.push({ path: "context.draftOrders", message: "must be a Bundle of draft orders" });
      const selections = context.selections;
      if (
        service.hook === "order-select" &&
        (!Array.isArray(selections) || selections.some((s) => typeof s !== "string"))
      )
        issues.push({ path: "context.selections", message: 'must list the selected orders ("ServiceRequest/id")' });
      if (issues.length) break;
      let orders = (draft!.entry ?? []).map((e) => e.resource).filter(isOrder);
      if (service.hook === "order-select")
        orders = orders.filter((o) => (selections as string[]).includes(`${o.resourceType}/${o.id}`));
      items = orders.map((o) => orderItem(o));
      break;
    }
    case "appointment-book": {
      const bundle = context.appointments as Bundle | undefined;
      if (!isObject(bundle) || bundle.resourceType !== "Bundle" || !Array.isArray(bundle.entry))
        issues.push({ path: "context.appointments", message: "must be a Bundle of proposed Appointments" });
      else if (!bundle.entry.some((e) => e.resource?.resourceType === "Appointment"))
        issues.push({ path: "context.appointments", message: "must hold at least one Appointment" });
      if (issues.length) break;
      items = bundle!
        .entry!.map((e) => e.resource)
        .filter((r): r is Appointment => r?.resourceType === "Appointment")
        .map((a) => appointmentItem(a, prefetched));
      break;
    }
    case "order-dispatch": {
      // CDS Hooks order-dispatch 1.1 names them dispatchedOrders / fulfillmentTasks; the
      // 2023 ballot that CRD 2.0.1 cites spelled them dispatched-orders / fulfillment-tasks.
      const refs = context.dispatchedOrders ?? context["dispatched-orders"];
      if (!Array.isArray(refs) || refs.length === 0 || refs.some((r) => typeof r !== "string" || !r.includes("/")))
        issues.push({
          path: "context.dispatchedOrders",
          message: 'is required: the references of the orders being dispatched (e.g. ["ServiceRequest/123"])',
        });
      requireString(context, "performer", issues, "Organization/456");
      const tasks = context.fulfillmentTasks ?? context["fulfillment-tasks"];
      if (tasks !== undefined && !Array.isArray(tasks))
        issues.push({ path: "context.fulfillmentTasks", message: "must be an array of Task resources" });
      if (issues.length) break;
      const taskDate = new Map<string, string>();
      for (const t of (tasks ?? []) as Task[]) {
        const d = isObject(t) ? dayOf(t.executionPeriod?.start) : undefined;
        if (d && t.focus?.reference) taskDate.set(t.focus.reference, d);
      }
      for (const ref of refs as string[]) {
        if (!ORDER_TYPES.includes(ref.split("/")[0]!)) continue; // not an order type this service reads
        const order = prefetched.get(ref);
        if (!isOrder(order))
          issues.push({
            path: "prefetch",
            message: `must hold ${ref} (the ${ref.startsWith("DeviceRequest/") ? "deviceRequests" : "serviceRequests"} prefetch of GET /cds-services): this service reads dispatched orders only from the prefetch`,
          });
        else items.push(orderItem(order, taskDate.get(ref)));
      }
      break;
    }
  }

  // The Coverage: coverage-information references exactly one (1..1 in CRD 2.0.1 and 2.2.1); CRD
  // 2.2.1 answers 400 when none or several are accessible.
  const fetched = prefetch.coverage;
  const coverages = (
    isObject(fetched) && fetched.resourceType === "Bundle"
      ? ((fetched as unknown as Bundle).entry ?? []).map((e) => e.resource)
      : [fetched]
  ).filter((r): r is Coverage => isObject(r) && r.resourceType === "Coverage");
  if (service.primary && coverages.length === 0)
    issues.push({
      path: "prefetch.coverage",
      message:
        "is required: the patient's active Coverage (the coverage-information extension references it; this service does not query the EHR)",
    });
  if (coverages.length > 1)
    issues.push({
      path: "prefetch.coverage",
      message: `holds ${coverages.length} Coverages: send only the one this plan covers`,
    });
  const coverage = coverages.length === 1 ? coverages[0]! : undefined;
  if (coverage && !coverage.id)
    issues.push({ path: "prefetch.coverage", message: "must have an id (coverage-information references it)" });
  if (issues.length) return { ok: false, issues };
  const memberId = coverage ? memberIdOf(coverage) : undefined;
  return {
    ok: true,
    hook: service.hook,
    primary: service.primary,
    items,
    ...(coverage
      ? { coverage: { reference: { reference: `Coverage/${coverage.id}` }, ...(memberId ? { memberId } : {}) } }
      : {}),
  };
}

/** An approved case of the practice that already covers an item (found by the caller). */
export interface SatisfyingAuthorization {
  /** The case reference: PAS `ClaimResponse.preAuthRef`, what `$inquire` names. */
  reference: string;
  /** The last day the approval is valid (YYYY-MM-DD). */
  expiryDate: string;
}

/** What to look up for each item (index-aligned; null when there is nothing to look up): member, the policy's codes, date. */
export function authorizationQueries(
  rules: PolicyRules,
  read: HookRead,
  today: string,
): ({ memberId: string; cptCodes: string[]; date: string } | null)[] {
  const applicable = new Set(rules.parameters.applicableCodes);
  return read.items.map((item) => {
    const cptCodes = item.cpt.filter((c) => applicable.has(c));
    if (!read.coverage?.memberId || cptCodes.length === 0) return null;
    return { memberId: read.coverage.memberId, cptCodes, date: item.date ?? today };
  });
}

function phasesOf(codes: readonly string[]): Phase[] {
  const out: Phase[] = [];
  if (codes.some((c) => (TRIAL_CODES as readonly string[]).includes(c))) out.push("trial");
  if (codes.some((c) => (IMPLANT_CODES as readonly string[]).includes(c))) out.push("implant");
  return out;
}

/**
 * What the plan approves on submission (real-time approval), for this order's phases and
 * indications: said only when it applies, and never as a promise about this patient's records.
 */
function realTimeDetail(
  realTime: Partial<Record<Phase, readonly Indication[]>> | undefined,
  indications: readonly Indication[],
  phases: readonly Phase[],
): string {
  const pairs = phases.flatMap((phase) =>
    indications.filter((i) => realTime?.[phase]?.includes(i)).map((i) => `${INDICATION_LABELS[i]}, ${phase}`),
  );
  if (!pairs.length) return "";
  return `\n\n**Approved on submission** (${pairs.join("; ")}): a request the policy engine finds meeting every criterion above, with each record the documentation list asks for attached (its kind named) and the facts attested in the questionnaire, is approved at once (PAS answers A1 in the same response). Anything else is reviewed by the plan's clinicians.`;
}

function documentationDetail(
  rules: PolicyRules,
  origin: string,
  indications: readonly Indication[],
  phases: readonly Phase[],
): string {
  const sections: string[] = [];
  for (const indication of indications)
    for (const phase of phases) {
      const lines = selectCriteria(rules.criteria, indication, phase)
        .filter((c) => c.kind !== "scope")
        .map((c) => `- **${c.label}**: "${c.quote}" ([${rules.policyId}](${origin}${policyLink(rules.id, c.anchor)}))`);
      sections.push(`**${INDICATION_LABELS[indication]}, ${phase}**\n\n${lines.join("\n")}`);
    }
  return sections.join("\n\n");
}

const sub = (url: string, value: Omit<Extension, "url">): Extension => ({ url, ...value });
const billing = (codes: readonly string[]) =>
  codes.map((code) => sub("billingCode", { valueCoding: { system: CPT_SYSTEM, code } }));

/** The coverage-information content that decides (everything but `date` and `coverage-assertion-id`). */
const decisionOf = (ext: Extension) =>
  JSON.stringify((ext.extension ?? []).filter((e) => e.url !== "date" && e.url !== "coverage-assertion-id"));

/**
 * The cards and system actions for the hook's items. Coverage-information (CRD 2.0.1, plus 2.2.1's
 * `expiry-date`): per item, one repetition for the policy's codes — `covered` + `auth-needed`
 * (primary hooks: `doc-needed` clinical, `doc-purpose` withpa, the questionnaire) or, with an
 * approved case covering them, `satisfied` + `satisfied-pa-id` + `expiry-date` — and, on primary
 * hooks, one for codes it does not address (or an item whose codes are unknown): `conditional`
 * with `info-needed` OTH and the reason in words. Never `not-covered`. No system action when the
 * resource already carries the same coverage-information (CRD: "nothing new").
 */
export function crdResponse(
  rules: PolicyRules,
  read: HookRead,
  options: {
    origin: string;
    today: string;
    newId: () => string;
    /** Index-aligned with `read.items` (see authorizationQueries). */
    authorizations?: readonly (SatisfyingAuthorization | null | undefined)[];
    /** The plan's automated approval: the phases and indications approved on submission when clean. */
    realTime?: Partial<Record<Phase, readonly Indication[]>>;
    /** The calling practice holds a gold card for the policy (since this date): no prior authorization needed. */
    goldCard?: { grantedAt: string };
  },
): CdsResponse {
  const { origin } = options;
  const policyUrl = `${origin}/policy/${rules.id}`;
  const source = {
    label: rules.policyId,
    url: policyUrl,
    topic: {
      system: CRD_TEMP_CODES,
      code: "coverage-info",
      display: "Coverage Information",
    },
  };
  const applicable = new Set(rules.parameters.applicableCodes);
  const cards: CdsCard[] = [];
  const systemActions: CdsAction[] = [];
  read.items.forEach((item, index) => {
    const addressed = item.cpt.filter((c) => applicable.has(c));
    const other = item.cpt.filter((c) => !applicable.has(c));
    const authorization = addressed.length > 0 ? (options.authorizations?.[index] ?? undefined) : undefined;
    const assertionId = options.newId();
    const repetitions: Extension[][] = [];
    const common = (extra: Extension[]) => [
      ...(read.coverage ? [sub("coverage", { valueReference: read.coverage.reference })] : []),
      ...extra,
      sub("date", { valueDate: options.today }),
      sub("coverage-assertion-id", { valueString: assertionId }),
    ];

    if (authorization) {
      cards.push({
        uuid: options.newId(),
        summary:
          `Prior authorization ${authorization.reference} already approves CPT ${addressed.join(", ")} (${rules.policyId})`.slice(
            0,
            140,
          ),
        indicator: "info",
        detail: `The approved prior authorization ${authorization.reference} of this practice covers CPT ${addressed.join(", ")} for this member through ${authorization.expiryDate}. No new request is needed for these codes under ${rules.policyId}; give the reference on the claim.`,
        source,
        links: [{ label: `${rules.policyId} policy text`, url: policyUrl, type: "absolute" }],
      });
      repetitions.push(
        common([
          sub("covered", { valueCode: "covered" }),
          sub("pa-needed", { valueCode: "satisfied" }),
          ...billing(addressed),
          sub("reason", {
            valueCodeableConcept: {
              text: `Approved prior authorization ${authorization.reference} covers CPT ${addressed.join(", ")} through ${authorization.expiryDate}`,
            },
          }),
          sub("satisfied-pa-id", { valueString: authorization.reference }),
          sub("expiry-date", { valueDate: authorization.expiryDate }),
        ]),
      );
    } else if (addressed.length > 0 && options.goldCard && item.indication !== "other") {
      // (An indication the policy does not address goes to a physician, card or not.)
      // A gold card exempts the practice: no-auth, with CRD's own reason code for it.
      cards.push({
        uuid: options.newId(),
        summary: `No prior authorization needed: gold card for ${rules.policyId} (CPT ${addressed.join(", ")})`.slice(
          0,
          140,
        ),
        indicator: "info",
        detail: `Your practice has held a gold card for ${rules.policyId} since ${options.goldCard.grantedAt}: its record of approved requests exempts CPT ${addressed.join(", ")} from prior authorization. A request submitted anyway is approved on submission (attested facts; the plan still keeps the policy's evaluation and may review a sample).`,
        source,
        links: [{ label: `${rules.policyId} policy text`, url: policyUrl, type: "absolute" }],
      });
      repetitions.push(
        common([
          sub("covered", { valueCode: "covered" }),
          sub("pa-needed", { valueCode: "no-auth" }),
          ...billing(addressed),
          sub("reason", {
            valueCodeableConcept: {
              coding: [{ system: CRD_TEMP_CODES, code: "gold-card", display: "Gold card" }],
              text: `The practice's gold card for ${rules.policyId} exempts CPT ${addressed.join(", ")} from prior authorization`,
            },
          }),
        ]),
      );
    } else if (addressed.length > 0) {
      const indication = item.indication;
      const indications = indication && indication !== "other" ? [indication] : ADDRESSED_INDICATIONS;
      const phases = phasesOf(addressed);
      cards.push({
        uuid: options.newId(),
        summary: `Prior authorization required under ${rules.policyId} for CPT ${addressed.join(", ")}`.slice(0, 140),
        indicator: "info",
        detail: `${rules.policyId} (${rules.title}, effective ${rules.effectiveDate}) requires prior authorization for CPT ${addressed.join(", ")} (${phases.join(" and ")}). The documentation it needs:\n\n${documentationDetail(rules, origin, indications, phases)}${realTimeDetail(options.realTime, indications, phases)}`,
        source,
        // Links a clinician opens in a browser: the portal's request form started for this order
        // (one per phase: a request is for one phase), and the policy text.
        links: [
          ...phases.map((phase) => {
            const codes = addressed.filter((c) => phasesOf([c]).includes(phase));
            const start = requestPrefillPath({
              phase,
              ...(indication && indication !== "other" ? { indication } : {}),
              cptCodes: codes,
            });
            return {
              label: `Start the ${phase} request in the portal (CPT ${codes.join(", ")})`,
              url: `${origin}${start}`,
              type: "absolute" as const,
            };
          }),
          { label: `${rules.policyId} policy text`, url: policyUrl, type: "absolute" },
        ],
      });
      repetitions.push(
        common([
          sub("covered", { valueCode: "covered" }),
          sub("pa-needed", { valueCode: "auth-needed" }),
          // A secondary hook SHALL NOT ask for clinical or administrative documentation.
          ...(read.primary
            ? [sub("doc-needed", { valueCode: "clinical" }), sub("doc-purpose", { valueCode: "withpa" })]
            : []),
          ...billing(addressed),
          sub("reason", {
            valueCodeableConcept: {
              text: `${rules.policyId} requires prior authorization for CPT ${addressed.join(", ")}`,
            },
          }),
          ...(read.primary ? [sub("questionnaire", { valueCanonical: questionnaireCanonical(rules.id) })] : []),
        ]),
      );
    }

    if (other.length > 0)
      cards.push({
        uuid: options.newId(),
        summary: `${rules.policyId} does not address CPT ${other.join(", ")}`.slice(0, 140),
        indicator: "info",
        detail: `${rules.policyId} applies only to CPT ${[...applicable].join(", ")}. It does not address CPT ${other.join(", ")}: this is not a coverage decision, and other rules of the plan may apply.`,
        source,
      });
    // A primary hook answers with coverage-information even when it cannot decide: `conditional`
    // with the reason (CRD 2.0.1 value sets have no "indeterminate"; 2.2.1 adds it).
    const undecided =
      other.length > 0
        ? `${rules.policyId} does not address CPT ${other.join(", ")}: this service cannot say whether the plan covers it or requires prior authorization; other rules of the plan may apply`
        : item.unresolved || item.cpt.length === 0
          ? `${rules.policyId} applies to CPT ${[...applicable].join(", ")}; ${item.unresolved ?? "the request names no CPT code"}`
          : undefined;
    if (read.primary && undecided && (other.length > 0 || addressed.length === 0))
      repetitions.push(
        common([
          sub("covered", { valueCode: "conditional" }),
          sub("pa-needed", { valueCode: "conditional" }),
          sub("info-needed", { valueCode: "OTH" }),
          ...billing(other),
          sub("reason", { valueCodeableConcept: { text: undecided } }),
        ]),
      );

    if (!read.coverage || repetitions.length === 0) return;
    const extensions = repetitions.map((r) => ({ url: CRD_COVERAGE_INFORMATION, extension: r }));
    const existing = (item.resource.extension ?? []).filter((e) => e.url === CRD_COVERAGE_INFORMATION);
    if (existing.length === extensions.length && existing.every((e, i) => decisionOf(e) === decisionOf(extensions[i]!)))
      return; // the resource already says exactly this
    systemActions.push({
      type: "update",
      description: `Record the coverage information of ${rules.policyId} on the ${item.resource.resourceType === "Appointment" ? "appointment" : "order"}`,
      resource: {
        ...item.resource,
        extension: [
          ...(item.resource.extension ?? []).filter((e) => e.url !== CRD_COVERAGE_INFORMATION),
          ...extensions,
        ],
      } as Resource,
    });
  });
  return { cards, systemActions };
}
