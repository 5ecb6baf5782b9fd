// CRD over CDS Hooks 2.0: discovery and the cards for order-select / order-sign. For draft orders
// with CPT codes the policy applies to: a card that prior authorization is required under the
// policy, the documentation it needs for that phase and indication (quoted, linked), a link to the
// questionnaire, and the CRD coverage-information extension as a system action. Codes the policy
// does not address get a card saying so (never "not covered"). Pure: no I/O.

import type {
  Bundle,
  Coding,
  DeviceRequest,
  Extension,
  Procedure,
  Reference,
  Resource,
  ServiceRequest,
} from "@medplum/fhirtypes";
import { IMPLANT_CODES, INDICATIONS, TRIAL_CODES, type Indication, type Phase } from "@/lib/policy/constants";
import { INDICATION_LABELS } from "@/lib/domain";
import { selectCriteria } from "@/lib/policy/criteria";
import type { PolicyRules } from "@/lib/policy/types";
import { requestPrefillPath } from "@/lib/request-prefill";
import { CPT_SYSTEM, CRD_COVERAGE_INFORMATION, valueSetSystem } from "./constants";
import { ADDRESSED_INDICATIONS, policyLink, questionnaireCanonical } from "./questionnaire";

const CRD_SERVICES = [
  { id: "pa-339-7-order-select", hook: "order-select" },
  { id: "pa-339-7-order-sign", hook: "order-sign" },
] as const;

export function discovery(rules: PolicyRules) {
  return {
    services: CRD_SERVICES.map((s) => ({
      hook: s.hook,
      id: s.id,
      title: `${rules.policyId} prior authorization requirements (${s.hook})`,
      description: `Says whether ${rules.policyId} (${rules.title}) requires prior authorization for the drafted orders' CPT codes, what documentation it needs, and where the questionnaire is.`,
      prefetch: {
        patient: "Patient/{{context.patientId}}",
        coverage: "Coverage?patient={{context.patientId}}&status=active",
      },
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

function codingsOf(order: Order): Coding[] {
  if (order.resourceType === "DeviceRequest") return order.codeCodeableConcept?.coding ?? [];
  return order.code?.coding ?? [];
}

function indicationOf(order: Order): Indication | undefined {
  const codes = order.resourceType === "DeviceRequest" ? (order.reasonCode ?? []) : (order.reasonCode ?? []);
  for (const c of codes.flatMap((cc) => cc.coding ?? []))
    if (c.system === valueSetSystem("indication") && (INDICATIONS as readonly string[]).includes(c.code ?? ""))
      return c.code as Indication;
  return undefined;
}

/** The hook request's draft orders (for order-select only the selected ones), or what is wrong with it. */
export function readHookRequest(
  serviceId: string,
  body: unknown,
): { ok: true; orders: Order[]; coverage?: Reference } | { ok: false; issues: CdsIssue[] } {
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
  const draft = context.draftOrders as Bundle | undefined;
  if (!isObject(draft) || draft.resourceType !== "Bundle" || !Array.isArray(draft.entry))
    issues.push({ path: "context.draftOrders", message: "must be a Bundle of draft orders" });
  const selections = service.hook === "order-select" ? context.selections : undefined;
  if (service.hook === "order-select" && (!Array.isArray(selections) || selections.some((s) => typeof s !== "string")))
    issues.push({ path: "context.selections", message: 'must list the selected orders ("ServiceRequest/id")' });
  if (issues.length) return { ok: false, issues };
  let orders = (draft!.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is Order => isObject(r) && ORDER_TYPES.includes(r.resourceType as string));
  if (Array.isArray(selections))
    orders = orders.filter((o) => (selections as string[]).includes(`${o.resourceType}/${o.id}`));
  const prefetch = isObject(body.prefetch) ? body.prefetch : {};
  const fetched = isObject(prefetch.coverage) ? (prefetch.coverage as unknown as Resource) : undefined;
  const coverage = fetched?.resourceType === "Bundle" ? fetched.entry?.[0]?.resource : fetched;
  return {
    ok: true,
    orders,
    ...(coverage?.resourceType === "Coverage" && coverage.id
      ? { coverage: { reference: `Coverage/${coverage.id}` } }
      : {}),
  };
}

function phasesOf(codes: readonly string[]): Phase[] {
  const out: Phase[] = [];
  if (codes.some((c) => (TRIAL_CODES as readonly string[]).includes(c))) out.push("trial");
  if (codes.some((c) => (IMPLANT_CODES as readonly string[]).includes(c))) out.push("implant");
  return out;
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

/** The cards and system actions for the hook's orders. */
export function crdResponse(
  rules: PolicyRules,
  orders: readonly Order[],
  options: { origin: string; today: string; coverage?: Reference; newId: () => string },
): CdsResponse {
  const { origin } = options;
  const policyUrl = `${origin}/policy/${rules.id}`;
  const source = {
    label: rules.policyId,
    url: policyUrl,
    topic: {
      system: "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp",
      code: "prior-auth",
      display: "Prior authorization",
    },
  };
  const applicable = new Set(rules.parameters.applicableCodes);
  const cards: CdsCard[] = [];
  const systemActions: CdsAction[] = [];
  for (const order of orders) {
    const cpt = codingsOf(order)
      .filter((c) => c.system === CPT_SYSTEM && typeof c.code === "string")
      .map((c) => c.code!);
    const addressed = cpt.filter((c) => applicable.has(c));
    const other = cpt.filter((c) => !applicable.has(c));
    if (addressed.length > 0) {
      const indication = indicationOf(order);
      const indications = indication && indication !== "other" ? [indication] : ADDRESSED_INDICATIONS;
      const phases = phasesOf(addressed);
      cards.push({
        uuid: options.newId(),
        summary: `Prior authorization required under ${rules.policyId} for CPT ${addressed.join(", ")}`.slice(0, 140),
        indicator: "info",
        detail: `${rules.policyId} (${rules.title}, effective ${rules.effectiveDate}) requires prior authorization for CPT ${addressed.join(", ")} (${phases.join(" and ")}). The documentation it needs:\n\n${documentationDetail(rules, origin, indications, phases)}`,
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
      const coverageInformation: Extension = {
        url: CRD_COVERAGE_INFORMATION,
        extension: [
          ...(options.coverage ? [{ url: "coverage", valueReference: options.coverage }] : []),
          { url: "covered", valueCode: "conditional" },
          { url: "pa-needed", valueCode: "auth-needed" },
          { url: "doc-needed", valueCode: "clinical" },
          ...addressed.map((code) => ({ url: "billingCode", valueCoding: { system: CPT_SYSTEM, code } })),
          { url: "reason", valueCodeableConcept: { text: `${rules.policyId}: prior authorization required` } },
          { url: "questionnaire", valueCanonical: questionnaireCanonical(rules.id) },
          { url: "date", valueDate: options.today },
          { url: "coverage-assertion-id", valueString: options.newId() },
        ],
      };
      systemActions.push({
        type: "update",
        description: `Record the coverage information of ${rules.policyId} on the order`,
        resource: {
          ...order,
          extension: [
            ...(order.extension ?? []).filter((e) => e.url !== CRD_COVERAGE_INFORMATION),
            coverageInformation,
          ],
        } as Resource,
      });
    }
    if (other.length > 0)
      cards.push({
        uuid: options.newId(),
        summary: `${rules.policyId} does not address CPT ${other.join(", ")}`.slice(0, 140),
        indicator: "info",
        detail: `${rules.policyId} applies only to CPT ${[...applicable].join(", ")}. It does not address CPT ${other.join(", ")}: this is not a coverage decision, and other rules of the plan may apply.`,
        source,
      });
  }
  return { cards, systemActions };
}
