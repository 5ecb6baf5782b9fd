// PAS Subscriptions (FHIR R4, Subscriptions R5 Backport 1.1.0, PAS 2.x "Subscription"): reading a
// client's Subscription, writing it back, and the notification Bundles (handshake, heartbeat,
// event-notification, $status). Pure: no I/O.

import type { Bundle, BundleEntry, Parameters, ParametersParameter, Subscription } from "@medplum/fhirtypes";
import { z } from "../validation/zod";
import { CASE_REFERENCE_SYSTEM, FHIR_JSON } from "./constants";
import type { PasIssue } from "./pas-bundle";

/** The one topic this server offers (PAS: "result-available" on a ClaimResponse of the organization). */
export const PAS_SUBSCRIPTION_TOPIC = "http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic";
export const PAS_SUBSCRIPTION_PROFILE = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-subscription";
const BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport";
export const BACKPORT_SUBSCRIPTION_PROFILE = `${BACKPORT}/StructureDefinition/backport-subscription`;
export const BACKPORT_STATUS_PROFILE = `${BACKPORT}/StructureDefinition/backport-subscription-status-r4`;
export const BACKPORT_NOTIFICATION_PROFILE = `${BACKPORT}/StructureDefinition/backport-subscription-notification-r4`;
export const BACKPORT_STATUS_OPERATION = `${BACKPORT}/OperationDefinition/backport-subscription-status`;
export const BACKPORT_TOPIC_CANONICAL_EXTENSION = `${BACKPORT}/StructureDefinition/capabilitystatement-subscriptiontopic-canonical`;
const EXT = {
  filterCriteria: `${BACKPORT}/StructureDefinition/backport-filter-criteria`,
  heartbeat: `${BACKPORT}/StructureDefinition/backport-heartbeat-period`,
  timeout: `${BACKPORT}/StructureDefinition/backport-timeout`,
  maxCount: `${BACKPORT}/StructureDefinition/backport-max-count`,
  content: `${BACKPORT}/StructureDefinition/backport-payload-content`,
} as const;

export const SUBSCRIPTION_CONTENTS = ["empty", "id-only", "full-resource"] as const;
export type SubscriptionContent = (typeof SUBSCRIPTION_CONTENTS)[number];
export type NotificationType = "handshake" | "heartbeat" | "event-notification" | "query-status";

/** Heartbeats no more often than a minute, no rarer than a day; a delivery waits at most 30 s. */
export const HEARTBEAT_SECONDS = { min: 60, max: 86_400 } as const;
export const TIMEOUT_SECONDS = { min: 1, max: 30, default: 10 } as const;
const MAX_HEADERS = 5;
/** Headers the server sets itself or that change how HTTP frames the message: never taken from a client. */
const RESERVED_HEADERS = new Set([
  "host",
  "content-type",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "expect",
  "proxy-authorization",
  "user-agent",
]);
const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}):[ \t]*([\x20-\x7e]{1,2048})$/;

/** What a client asked for, checked. */
export interface SubscriptionRequest {
  endpoint: string;
  /** Undefined: none given (an update keeps the stored ones). */
  headers?: { name: string; value: string }[];
  content: SubscriptionContent;
  heartbeatSeconds: number | null;
  timeoutSeconds: number;
  reason: string | null;
  end: Date | null;
  /** The orgIdentifier filter's values; undefined when the client sent none. */
  orgIdentifiers?: string[];
}

const extension = z.looseObject({
  url: z.string(),
  valueString: z.string().optional(),
  valueCode: z.string().optional(),
  valueUnsignedInt: z.number().optional(),
  valuePositiveInt: z.number().optional(),
});
const primitiveExtensions = z.looseObject({ extension: z.array(extension).optional() }).optional();

/** The shape of a Subscription as this server reads it; the rules it cannot say are checked below. */
export const subscriptionSchema = z.looseObject({
  resourceType: z.literal("Subscription", { error: "must be Subscription" }),
  id: z.string().optional(),
  status: z.enum(["requested", "active", "error", "off"], { error: "must be requested" }).optional(),
  reason: z.string().max(500, { error: "must be at most 500 characters" }).optional(),
  end: z.iso.datetime({ offset: true, error: "must be a FHIR instant with a time zone" }).optional(),
  criteria: z.string({ error: `is required: ${PAS_SUBSCRIPTION_TOPIC}` }),
  _criteria: primitiveExtensions,
  channel: z.looseObject(
    {
      type: z.string({ error: "is required: rest-hook" }),
      endpoint: z
        .string({ error: "is required: the https address notifications are sent to" })
        .max(2048, { error: "must be at most 2,048 characters" }),
      payload: z.string().optional(),
      _payload: primitiveExtensions,
      header: z
        .array(z.string(), { error: 'must be a list of "Name: value" strings' })
        .max(MAX_HEADERS, { error: `holds at most ${MAX_HEADERS} headers` })
        .optional(),
      extension: z.array(extension).optional(),
    },
    { error: "is required" },
  ),
});

const extensionsOf = (list: readonly z.infer<typeof extension>[] | undefined, url: string) =>
  (list ?? []).filter((e) => e.url === url);

/** A client's Subscription as a request: every problem names its element. */
export function parseSubscription(
  input: unknown,
  now: Date,
): { ok: true; value: SubscriptionRequest } | { ok: false; issues: PasIssue[] } {
  const shape = subscriptionSchema.safeParse(input);
  if (!shape.success)
    return {
      ok: false,
      issues: shape.error.issues.map((i) => ({
        kind: i.code === "invalid_type" && i.input === undefined ? "required" : "invalid",
        expression: ["Subscription", ...i.path.map((p) => (typeof p === "number" ? `[${p}]` : String(p)))]
          .join(".")
          .replace(/\.\[/g, "["),
        message: i.message,
      })),
    };
  const s = shape.data;
  const issues: PasIssue[] = [];
  const invalid = (expression: string, message: string) => issues.push({ kind: "invalid", expression, message });

  if (s.criteria.split("|")[0] !== PAS_SUBSCRIPTION_TOPIC)
    invalid(
      "Subscription.criteria",
      `names a topic this server does not offer; the only one is ${PAS_SUBSCRIPTION_TOPIC}`,
    );
  let orgIdentifiers: string[] | undefined;
  for (const ext of extensionsOf(s._criteria?.extension, EXT.filterCriteria)) {
    const m = /^\s*(orgIdentifier|org-identifier)\s*=\s*([^&]+)$/.exec(ext.valueString ?? "");
    if (!m) {
      invalid(
        "Subscription.criteria.extension",
        `filters only by orgIdentifier ("orgIdentifier=<your organization's NPI>"), not ${JSON.stringify(ext.valueString ?? "")}`,
      );
      continue;
    }
    orgIdentifiers = [
      ...(orgIdentifiers ?? []),
      ...m[2]!
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean),
    ];
  }

  const channel = s.channel;
  if (channel.type !== "rest-hook")
    invalid("Subscription.channel.type", `must be rest-hook (PAS servers offer only rest-hook), not ${channel.type}`);
  let endpoint = channel.endpoint;
  try {
    endpoint = new URL(channel.endpoint).toString();
  } catch {
    invalid("Subscription.channel.endpoint", "is not a valid address");
  }
  if (channel.payload !== undefined && channel.payload.split(";")[0]!.trim() !== FHIR_JSON)
    invalid("Subscription.channel.payload", `must be ${FHIR_JSON}, not ${channel.payload}`);
  const contentCode = extensionsOf(channel._payload?.extension, EXT.content)[0]?.valueCode ?? "full-resource";
  const content = (SUBSCRIPTION_CONTENTS as readonly string[]).includes(contentCode)
    ? (contentCode as SubscriptionContent)
    : (invalid(
        "Subscription.channel.payload.extension",
        `content must be full-resource (what PAS asks for), id-only or empty, not ${contentCode}`,
      ),
      "full-resource");

  const heartbeat = extensionsOf(channel.extension, EXT.heartbeat)[0]?.valueUnsignedInt;
  if (
    heartbeat !== undefined &&
    heartbeat !== 0 &&
    (!Number.isInteger(heartbeat) || heartbeat < HEARTBEAT_SECONDS.min || heartbeat > HEARTBEAT_SECONDS.max)
  )
    invalid(
      "Subscription.channel.extension",
      `heartbeat-period must be whole seconds from ${HEARTBEAT_SECONDS.min} to ${HEARTBEAT_SECONDS.max} (or 0 for none)`,
    );
  const timeout = extensionsOf(channel.extension, EXT.timeout)[0]?.valueUnsignedInt;
  if (
    timeout !== undefined &&
    (!Number.isInteger(timeout) || timeout < TIMEOUT_SECONDS.min || timeout > TIMEOUT_SECONDS.max)
  )
    invalid(
      "Subscription.channel.extension",
      `timeout must be whole seconds from ${TIMEOUT_SECONDS.min} to ${TIMEOUT_SECONDS.max}`,
    );

  let headers: SubscriptionRequest["headers"];
  if (channel.header) {
    headers = [];
    for (const [i, raw] of channel.header.entries()) {
      const m = HEADER.exec(raw);
      if (!m) {
        invalid(`Subscription.channel.header[${i}]`, 'must be "Name: value" in printable ASCII on one line');
        continue;
      }
      if (RESERVED_HEADERS.has(m[1]!.toLowerCase())) {
        invalid(`Subscription.channel.header[${i}]`, `${m[1]} is set by this server and cannot be given`);
        continue;
      }
      headers.push({ name: m[1]!, value: m[2]!.trim() });
    }
  }

  const end = s.end ? new Date(s.end) : null;
  if (end && end.getTime() <= now.getTime()) invalid("Subscription.end", "is in the past");

  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    value: {
      endpoint,
      headers,
      content,
      heartbeatSeconds: heartbeat ? heartbeat : null,
      timeoutSeconds: timeout ?? TIMEOUT_SECONDS.default,
      reason: s.reason ?? null,
      end,
      orgIdentifiers,
    },
  };
}

/** A stored subscription, as the FHIR resource is written back. */
export interface StoredSubscription {
  id: string;
  status: "requested" | "active" | "error" | "off";
  endpoint: string;
  headerNames: readonly string[];
  content: SubscriptionContent;
  heartbeatSeconds: number | null;
  timeoutSeconds: number;
  reason: string | null;
  endAt: Date | null;
  filterOrgIdentifiers: readonly string[];
  lastError: string | null;
  updatedAt: Date;
}

/**
 * The Subscription as read back. Header values are credentials the client gave: they are named,
 * never shown (an update without channel.header keeps them).
 */
export function subscriptionResource(s: StoredSubscription): Subscription {
  const channelExtensions = [
    ...(s.heartbeatSeconds ? [{ url: EXT.heartbeat, valueUnsignedInt: s.heartbeatSeconds }] : []),
    { url: EXT.timeout, valueUnsignedInt: s.timeoutSeconds },
    { url: EXT.maxCount, valuePositiveInt: 1 },
  ];
  return {
    resourceType: "Subscription",
    id: s.id,
    meta: { lastUpdated: s.updatedAt.toISOString(), profile: [PAS_SUBSCRIPTION_PROFILE] },
    status: s.status,
    ...(s.endAt ? { end: s.endAt.toISOString() } : {}),
    reason: s.reason ?? "PAS results for the organization's prior-authorization requests",
    criteria: PAS_SUBSCRIPTION_TOPIC,
    _criteria: {
      extension: [{ url: EXT.filterCriteria, valueString: `orgIdentifier=${s.filterOrgIdentifiers.join(",")}` }],
    },
    ...(s.lastError && s.status === "error" ? { error: s.lastError } : {}),
    channel: {
      extension: channelExtensions,
      type: "rest-hook",
      endpoint: s.endpoint,
      payload: FHIR_JSON,
      _payload: { extension: [{ url: EXT.content, valueCode: s.content }] },
      ...(s.headerNames.length ? { header: s.headerNames.map((n) => `${n}: (kept; not shown)`) } : {}),
    },
  } as Subscription;
}

/** One event a notification reports: its number, when it happened, and the case it concerns. */
export interface NotificationEvent {
  number: number;
  timestamp: Date;
  caseReference: string;
  /** The PAS response Bundle as of now (full-resource). */
  responseBundle?: Bundle;
}

/** The SubscriptionStatus Parameters (R4 backport) every notification and $status answer starts with. */
function statusParameters(
  subscriptionUrl: string,
  status: StoredSubscription["status"],
  type: NotificationType,
  eventsSinceStart: number,
  events: readonly NotificationEvent[],
  content: SubscriptionContent,
  focusUrls: readonly string[],
  error?: string | null,
): Parameters {
  const parameter: ParametersParameter[] = [
    { name: "subscription", valueReference: { reference: subscriptionUrl } },
    { name: "topic", valueCanonical: PAS_SUBSCRIPTION_TOPIC },
    { name: "status", valueCode: status },
    { name: "type", valueCode: type },
    { name: "events-since-subscription-start", valueString: String(eventsSinceStart) },
    ...events.map((e, i) => ({
      name: "notification-event",
      part: [
        { name: "event-number", valueString: String(e.number) },
        { name: "timestamp", valueInstant: e.timestamp.toISOString() },
        ...(content === "empty"
          ? []
          : [
              {
                name: "focus",
                valueReference:
                  content === "full-resource" && focusUrls[i]
                    ? { reference: focusUrls[i] }
                    : {
                        type: "ClaimResponse" as const,
                        identifier: { system: CASE_REFERENCE_SYSTEM, value: e.caseReference },
                      },
              },
            ]),
      ],
    })),
    ...(error ? [{ name: "error", valueCodeableConcept: { text: error } }] : []),
  ];
  return { resourceType: "Parameters", meta: { profile: [BACKPORT_STATUS_PROFILE] }, parameter };
}

/**
 * A notification Bundle (type history): the SubscriptionStatus first, then, for full-resource, the
 * PAS response Bundle of each event (PAS: "This notification SHALL include a full PAS Response Bundle").
 */
export function notificationBundle(options: {
  subscriptionUrl: string;
  status: StoredSubscription["status"];
  type: Exclude<NotificationType, "query-status">;
  eventsSinceStart: number;
  content: SubscriptionContent;
  events?: readonly NotificationEvent[];
  now: Date;
}): Bundle {
  const events = options.events ?? [];
  const focus = events.map((e) =>
    options.content === "full-resource" && e.responseBundle ? `urn:uuid:${crypto.randomUUID()}` : "",
  );
  const entries: BundleEntry[] = [
    {
      fullUrl: `urn:uuid:${crypto.randomUUID()}`,
      resource: statusParameters(
        options.subscriptionUrl,
        options.status,
        options.type,
        options.eventsSinceStart,
        events,
        options.content,
        focus,
      ),
      request: { method: "GET", url: `${options.subscriptionUrl}/$status` },
      response: { status: "200" },
    },
    ...events.flatMap((e, i) =>
      focus[i] && e.responseBundle
        ? [
            {
              fullUrl: focus[i],
              resource: e.responseBundle,
              request: { method: "GET" as const, url: "Bundle" },
              response: { status: "200" },
            },
          ]
        : [],
    ),
  ];
  return {
    resourceType: "Bundle",
    meta: { profile: [BACKPORT_NOTIFICATION_PROFILE] },
    type: "history",
    timestamp: options.now.toISOString(),
    entry: entries,
  };
}

/** GET Subscription/{id}/$status: a searchset Bundle holding the SubscriptionStatus (type query-status). */
export function statusBundle(
  subscriptionUrl: string,
  s: Pick<StoredSubscription, "status" | "lastError">,
  eventsSinceStart: number,
): Bundle {
  return {
    resourceType: "Bundle",
    type: "searchset",
    total: 1,
    entry: [
      {
        fullUrl: `urn:uuid:${crypto.randomUUID()}`,
        resource: statusParameters(
          subscriptionUrl,
          s.status,
          "query-status",
          eventsSinceStart,
          [],
          "id-only",
          [],
          s.status === "error" ? s.lastError : null,
        ),
        search: { mode: "match" },
      },
    ],
  };
}
