// PAS subscriptions (Subscriptions R5 Backport for R4), tried as an EHR with a SMART token and a
// rest-hook receiver in this process: create, handshake, the decision notification with the full
// PAS response Bundle delivered once, id-only, retries, heartbeat, $status, update, delete; and
// every refusal changes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import type { Bundle, OperationOutcome, Parameters, Subscription } from "@medplum/fhirtypes";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, fhirSubscriptions, outbox } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenApprovedCase, givenPendedCase, givenPlanOrg, givenProviderOrg, givenUser } from "@/test/given";
import { givenTestEhr, type TestEhr } from "@/test/test-ehr";
import { startRestHookReceiver } from "@/test/rest-hook-receiver";
import type { ServiceContext } from "@/lib/server/context";
import { deliverSubscriptionNotificationsDue } from "@/lib/server/fhir-subscriptions/deliver";
import { createSubscription, listSubscriptionsWithDeliveries } from "@/lib/server/fhir-subscriptions/subscriptions";
import { PAS_SUBSCRIPTION_TOPIC } from "@/lib/fhir/subscription";
import { expectPasResponseBundle, expectValidFhir } from "@/lib/fhir/testing/validate";
import { itemReviewAction } from "@/lib/fhir/claim-response";
import { PAS_REVIEW_ACTION_CODE } from "@/lib/fhir/constants";
import * as tokenRoute from "../oauth/token/route";
import * as collectionRoute from "./Subscription/route";
import * as instanceRoute from "./Subscription/[id]/route";
import * as statusRoute from "./Subscription/[id]/$status/route";

const TOKEN_URL = "http://localhost/oauth/token";
const NPI_A = "1234567893";
const NPI_B = "1245319599";
const BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition";

let handle: DatabaseHandle;
let receiver: Awaited<ReturnType<typeof startRestHookReceiver>>;
let providerA: ServiceContext;
let providerB: ServiceContext;
let nurse: ServiceContext;
let tokenA: string;
let tokenB: string;
let claimOnlyToken: string;

async function tokenFor(ehr: TestEhr, scope: string): Promise<string> {
  const res = await tokenRoute.POST(
    new Request(TOKEN_URL, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: await ehr.assertion(TOKEN_URL),
        scope,
      }).toString(),
    }),
  );
  const body = (await res.json()) as { access_token: string };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.access_token;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
  receiver = await startRestHookReceiver();
  const orgA = await givenProviderOrg(handle.db, { npi: NPI_A });
  const orgB = await givenProviderOrg(handle.db, { npi: NPI_B });
  const userA = await givenUser(handle.db, "provider", { organizationId: orgA.id });
  const userB = await givenUser(handle.db, "provider", { organizationId: orgB.id });
  providerA = ctxFor(handle.db, userA);
  providerB = ctxFor(handle.db, userB);
  nurse = ctxFor(
    handle.db,
    await givenUser(handle.db, "nurse_reviewer", { organizationId: (await givenPlanOrg(handle.db)).id }),
  );
  const ehrA = await givenTestEhr(handle.db, { organizationId: orgA.id, actingUserId: userA.id });
  const ehrB = await givenTestEhr(handle.db, { organizationId: orgB.id, actingUserId: userB.id });
  const claimOnly = await givenTestEhr(handle.db, {
    organizationId: orgA.id,
    actingUserId: userA.id,
    scopes: ["system/Claim.write", "system/Claim.read"],
  });
  tokenA = await tokenFor(ehrA, "system/Subscription.write system/Subscription.read");
  tokenB = await tokenFor(ehrB, "system/Subscription.cud system/Subscription.rs");
  claimOnlyToken = await tokenFor(claimOnly, "system/Claim.write");
}, 60_000);
afterAll(async () => {
  await receiver?.close();
  await handle?.close();
});
beforeEach(async () => {
  // Each test starts with no live subscription and nothing queued for one.
  await handle.db.update(fhirSubscriptions).set({ status: "off" });
  await handle.db.delete(outbox).where(eq(outbox.channel, "fhir-subscription"));
  receiver.received.length = 0;
  receiver.state.failFirst = 0;
});

function fhirRequest(method: string, path: string, bearer: string, body?: unknown) {
  return new Request(`http://localhost${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/fhir+json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const noParams = { params: Promise.resolve({}) };

function pasSubscription(overrides: Record<string, unknown> = {}, channel: Record<string, unknown> = {}) {
  return {
    resourceType: "Subscription",
    meta: { profile: ["http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-subscription"] },
    status: "requested",
    reason: "PAS results for Northside",
    criteria: PAS_SUBSCRIPTION_TOPIC,
    _criteria: { extension: [{ url: `${BACKPORT}/backport-filter-criteria`, valueString: `orgIdentifier=${NPI_A}` }] },
    channel: {
      type: "rest-hook",
      endpoint: receiver.url(),
      payload: "application/fhir+json",
      _payload: { extension: [{ url: `${BACKPORT}/backport-payload-content`, valueCode: "full-resource" }] },
      header: ["Authorization: Bearer ehr-receiver-secret"],
      ...channel,
    },
    ...overrides,
  };
}

async function subscribe(body: unknown = pasSubscription(), token = tokenA) {
  const res = await collectionRoute.POST(fhirRequest("POST", "/fhir/Subscription", token, body), noParams);
  return {
    status: res.status,
    location: res.headers.get("location"),
    body: (await res.json()) as Subscription & { issue?: OperationOutcome["issue"] },
  };
}

/** Subscribes and delivers the handshake: an active subscription. */
async function activeSubscription(body: unknown = pasSubscription()) {
  const created = await subscribe(body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await deliver();
  receiver.received.length = 0;
  return created.body.id!;
}

const deliver = (now = new Date()) => deliverSubscriptionNotificationsDue(handle.db, { now });
const read = (id: string, token = tokenA) =>
  instanceRoute.GET(fhirRequest("GET", `/fhir/Subscription/${id}`, token), params(id));
const statusOf = async (id: string) => {
  const res = await statusRoute.GET(fhirRequest("GET", `/fhir/Subscription/${id}/$status`, tokenA), params(id));
  expect(res.status).toBe(200);
  return ((await res.json()) as Bundle).entry![0]!.resource as Parameters;
};
const param = (p: Parameters, name: string) => p.parameter!.find((x) => x.name === name);
const statusParams = (n: { body: unknown }) => (n.body as Bundle).entry![0]!.resource as Parameters;
const liveRows = async () =>
  (await handle.db.select({ n: count() }).from(fhirSubscriptions).where(eq(fhirSubscriptions.status, "requested")))[0]!
    .n;

describe("subscribing", () => {
  it("creates a requested subscription, hides the header values, and becomes active when the endpoint answers the handshake", async () => {
    const created = await subscribe();
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.location).toMatch(/\/fhir\/Subscription\/[0-9a-f-]{36}$/);
    expectValidFhir(created.body);
    expect(created.body.status).toBe("requested");
    expect(JSON.stringify(created.body)).not.toContain("ehr-receiver-secret");
    expect(created.body.channel!.header).toEqual(["Authorization: (kept; not shown)"]);

    expect((await deliver()).delivered).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [handshake] = receiver.received;
    expect(handshake!.headers.authorization).toBe("Bearer ehr-receiver-secret");
    expect(handshake!.headers["content-type"]).toMatch(/^application\/fhir\+json/);
    expectValidFhir(handshake!.body);
    expect((handshake!.body as Bundle).type).toBe("history");
    const p = statusParams(handshake!);
    expect(param(p, "type")!.valueCode).toBe("handshake");
    expect(param(p, "topic")!.valueCanonical).toBe(PAS_SUBSCRIPTION_TOPIC);
    expect(param(p, "subscription")!.valueReference!.reference).toContain(created.body.id);

    const after = (await (await read(created.body.id!)).json()) as Subscription;
    expect(after.status).toBe("active");
    const [event] = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "fhir_subscription.create"), eq(auditEvents.targetId, created.body.id!)));
    expect(event!.details).toMatchObject({ endpointHost: new URL(receiver.url()).host, headers: ["Authorization"] });
    expect(JSON.stringify(event!.details)).not.toContain("ehr-receiver-secret");
  });

  it("is in error when the handshake is refused, and a new handshake after an update makes it active", async () => {
    receiver.state.failFirst = 1;
    const { body } = await subscribe();
    await deliver();
    const failed = (await (await read(body.id!)).json()) as Subscription;
    expect(failed.status).toBe("error");
    expect(failed.error).toMatch(/handshake failed: HTTP 500/);
    const status = await statusOf(body.id!);
    expect(param(status, "status")!.valueCode).toBe("error");
    expect(param(status, "type")!.valueCode).toBe("query-status");

    const res = await instanceRoute.PUT(
      fhirRequest("PUT", `/fhir/Subscription/${body.id}`, tokenA, {
        ...pasSubscription({ id: body.id }, { header: undefined }),
      }),
      params(body.id!),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as Subscription).status).toBe("requested");
    receiver.received.length = 0;
    await deliver();
    expect(statusParams(receiver.received[0]!).parameter!.find((x) => x.name === "type")!.valueCode).toBe("handshake");
    // The headers were kept: the update sent none.
    expect(receiver.received[0]!.headers.authorization).toBe("Bearer ehr-receiver-secret");
    expect(((await (await read(body.id!)).json()) as Subscription).status).toBe("active");
  });
});

describe("notifications", () => {
  it("sends the decision once, as a full PAS response Bundle, numbered from 1", async () => {
    const id = await activeSubscription();
    const { case: approved } = await givenApprovedCase(nurse, { provider: providerA });
    expect((await deliver()).delivered).toBe(1);
    expect((await deliver()).delivered).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const notification = receiver.received[0]!;
    expectValidFhir(notification.body);
    const p = statusParams(notification);
    expect(param(p, "type")!.valueCode).toBe("event-notification");
    expect(param(p, "events-since-subscription-start")!.valueString).toBe("1");
    const event = param(p, "notification-event")!;
    expect(event.part!.find((x) => x.name === "event-number")!.valueString).toBe("1");
    const focus = event.part!.find((x) => x.name === "focus")!.valueReference!.reference;
    const entry = (notification.body as Bundle).entry!.find((e) => e.fullUrl === focus)!;
    const claimResponse = expectPasResponseBundle(entry.resource as Bundle);
    expect(claimResponse.preAuthRef).toBe(approved.reference);
    const action = itemReviewAction(claimResponse.item![0]!)!.extension!.find((e) => e.url === PAS_REVIEW_ACTION_CODE)!;
    expect(action.valueCodeableConcept!.coding![0]!.code).toBe("A1");
    expect(param(await statusOf(id), "events-since-subscription-start")!.valueString).toBe("1");
  });

  it("tells the EHR what information the reviewer asks for (the CommunicationRequest rides in the Bundle)", async () => {
    await activeSubscription();
    await givenPendedCase(nurse, { provider: providerA });
    await deliver();
    const bundle = (receiver.received[0]!.body as Bundle).entry![1]!.resource as Bundle;
    const claimResponse = expectPasResponseBundle(bundle);
    expect(claimResponse.outcome).toBe("queued");
    expect(bundle.entry!.some((e) => e.resource?.resourceType === "CommunicationRequest")).toBe(true);
  });

  it("id-only names the request by its reference and carries no clinical content", async () => {
    await activeSubscription(
      pasSubscription(
        {},
        { _payload: { extension: [{ url: `${BACKPORT}/backport-payload-content`, valueCode: "id-only" }] } },
      ),
    );
    const { case: approved } = await givenApprovedCase(nurse, { provider: providerA, memberName: "Ada Quill" });
    await deliver();
    const body = receiver.received[0]!.body as Bundle;
    expect(body.entry).toHaveLength(1);
    const focus = param(statusParams(receiver.received[0]!), "notification-event")!.part!.find(
      (x) => x.name === "focus",
    )!;
    expect(focus.valueReference!.identifier!.value).toBe(approved.reference);
    expect(JSON.stringify(body)).not.toContain("Ada Quill");
  });

  it("does not tell one organization about another's requests", async () => {
    await activeSubscription();
    await givenApprovedCase(nurse, { provider: providerB });
    expect((await deliver()).delivered).toBe(0);
    expect(receiver.received).toHaveLength(0);
  });

  it("retries a failed notification with the webhook schedule, in error meanwhile, active again once delivered", async () => {
    const id = await activeSubscription();
    receiver.state.failFirst = 1;
    await givenApprovedCase(nurse, { provider: providerA });
    expect((await deliver()).failed).toBe(1);
    expect(((await (await read(id)).json()) as Subscription).status).toBe("error");
    expect((await deliver()).delivered).toBe(0); // not due yet
    const result = await deliver(new Date(Date.now() + 3 * 60_000));
    expect(result.delivered).toBe(1);
    expect(receiver.received).toHaveLength(2);
    expect(param(statusParams(receiver.received[1]!), "events-since-subscription-start")!.valueString).toBe("1");
    expect(((await (await read(id)).json()) as Subscription).status).toBe("active");
  });

  it("sends a heartbeat when nothing was sent for the heartbeat period, and only then", async () => {
    await activeSubscription(
      pasSubscription({}, { extension: [{ url: `${BACKPORT}/backport-heartbeat-period`, valueUnsignedInt: 60 }] }),
    );
    await deliver(new Date(Date.now() + 30_000));
    expect(receiver.received).toHaveLength(0);
    await deliver(new Date(Date.now() + 61_000));
    expect(receiver.received).toHaveLength(1);
    expect(param(statusParams(receiver.received[0]!), "type")!.valueCode).toBe("heartbeat");
    await deliver(new Date(Date.now() + 90_000));
    expect(receiver.received).toHaveLength(1);
  });

  it("stops once deleted: queued notices are dropped, reads answer 410, a second delete changes nothing", async () => {
    const id = await activeSubscription();
    await givenApprovedCase(nurse, { provider: providerA });
    const del = await instanceRoute.DELETE(fhirRequest("DELETE", `/fhir/Subscription/${id}`, tokenA), params(id));
    expect(del.status).toBe(204);
    expect((await deliver()).delivered).toBe(0);
    expect(receiver.received).toHaveLength(0);
    const gone = await read(id);
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as OperationOutcome).issue![0]!.code).toBe("deleted");
    const again = await instanceRoute.DELETE(fhirRequest("DELETE", `/fhir/Subscription/${id}`, tokenA), params(id));
    expect(again.status).toBe(204);
    const deletions = await handle.db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "fhir_subscription.delete"), eq(auditEvents.targetId, id)));
    expect(deletions[0]!.n).toBe(1);
  });
});

describe("refusals change nothing", () => {
  const refusals: [string, () => unknown, number, string][] = [
    [
      "an unknown topic",
      () => pasSubscription({ criteria: "http://example.org/SubscriptionTopic/other" }),
      400,
      "Subscription.criteria",
    ],
    ["a websocket channel", () => pasSubscription({}, { type: "websocket" }), 400, "Subscription.channel.type"],
    ["no endpoint", () => pasSubscription({}, { endpoint: undefined }), 400, "Subscription.channel.endpoint"],
    [
      "plain http to another machine",
      () => pasSubscription({}, { endpoint: "http://ehr.example.org/notify" }),
      400,
      "Subscription.channel.endpoint",
    ],
    [
      "a Host header",
      () => pasSubscription({}, { header: ["Host: evil.example"] }),
      400,
      "Subscription.channel.header[0]",
    ],
    [
      "a header with a line break",
      () => pasSubscription({}, { header: ["X-A: b\r\nX-B: c"] }),
      400,
      "Subscription.channel.header[0]",
    ],
    [
      "a 10 s heartbeat",
      () =>
        pasSubscription({}, { extension: [{ url: `${BACKPORT}/backport-heartbeat-period`, valueUnsignedInt: 10 }] }),
      400,
      "Subscription.channel.extension",
    ],
    ["an end in the past", () => pasSubscription({ end: "2020-01-01T00:00:00Z" }), 400, "Subscription.end"],
    [
      "a filter on something else",
      () =>
        pasSubscription({
          _criteria: { extension: [{ url: `${BACKPORT}/backport-filter-criteria`, valueString: "patient=123" }] },
        }),
      400,
      "Subscription.criteria.extension",
    ],
    ["another resource", () => ({ resourceType: "Patient" }), 400, "Subscription.resourceType"],
  ];
  it.each(refusals)("%s: a clear 4xx naming the element", async (_name, body, status, expression) => {
    const before = await liveRows();
    const res = await subscribe(body());
    expect(res.status).toBe(status);
    expect(res.body.issue!.map((i) => i.expression?.[0])).toContain(expression);
    expect(res.body.issue![0]!.diagnostics).toBeTruthy();
    expect(await liveRows()).toBe(before);
  });

  it("refuses a filter naming another organization's NPI (403, audited)", async () => {
    const before = await liveRows();
    const res = await subscribe(
      pasSubscription({
        _criteria: {
          extension: [{ url: `${BACKPORT}/backport-filter-criteria`, valueString: `orgIdentifier=${NPI_B}` }],
        },
      }),
    );
    expect(res.status).toBe(403);
    expect(res.body.issue![0]!.diagnostics).toContain("only to its own requests");
    expect(await liveRows()).toBe(before);
  });

  it("refuses a private or loopback address where addresses must be public (production)", async () => {
    for (const resolved of [["10.0.0.5"], ["127.0.0.1"], ["169.254.169.254"]]) {
      const res = await createSubscription(
        providerA,
        pasSubscription({}, { endpoint: "https://ehr.example.org/notify" }),
        {
          strictUrls: true,
          resolve: async () => resolved,
        },
      );
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.issues[0]!.message).toMatch(/only public internet addresses are allowed/);
    }
  });

  it("answers another organization's subscription as not found (audited), and a token without the scope 403", async () => {
    const id = await activeSubscription();
    expect((await read(id, tokenB)).status).toBe(404);
    const put = await instanceRoute.PUT(
      fhirRequest("PUT", `/fhir/Subscription/${id}`, tokenB, pasSubscription()),
      params(id),
    );
    expect(put.status).toBe(404);
    const del = await instanceRoute.DELETE(fhirRequest("DELETE", `/fhir/Subscription/${id}`, tokenB), params(id));
    expect(del.status).toBe(404);
    expect(((await (await read(id)).json()) as Subscription).status).toBe("active");
    const refused = await handle.db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.outcome, "refused"), eq(auditEvents.targetId, id)));
    expect(refused[0]!.n).toBe(3);
    const noScope = await subscribe(pasSubscription(), claimOnlyToken);
    expect(noScope.status).toBe(403);
    expect(noScope.body.issue![0]!.diagnostics).toContain("Subscription");
  });

  it("the Webhooks page's list shows the organization's subscriptions with their latest deliveries, and no other's", async () => {
    const id = await activeSubscription();
    await givenApprovedCase(nurse, { provider: providerA });
    await deliver();
    const mine = await listSubscriptionsWithDeliveries(providerA);
    const listed = mine.find((s) => s.id === id)!;
    expect(listed.eventCount).toBe(1);
    expect(listed.deliveries.map((d) => [d.notificationType, d.statusCode])).toEqual([
      ["event-notification", 200],
      ["handshake", 200],
    ]);
    expect((await listSubscriptionsWithDeliveries(providerB)).map((s) => s.id)).not.toContain(id);
    await expect(listSubscriptionsWithDeliveries(nurse)).rejects.toMatchObject({ status: 403 });
  });

  it("lists only the organization's own subscriptions", async () => {
    const id = await activeSubscription();
    const mine = (await (
      await collectionRoute.GET(fhirRequest("GET", "/fhir/Subscription", tokenA), noParams)
    ).json()) as Bundle;
    expect(mine.entry!.map((e) => e.resource!.id)).toContain(id);
    const theirs = (await (
      await collectionRoute.GET(fhirRequest("GET", "/fhir/Subscription", tokenB), noParams)
    ).json()) as Bundle;
    expect(theirs.entry!.map((e) => e.resource!.id)).not.toContain(id);
  });

  it("without a filter, subscribes to the organization's own requests (its NPI)", async () => {
    const res = await createSubscription(providerB, { ...pasSubscription(), _criteria: undefined });
    expect(res.ok).toBe(true);
    if (res.ok) expect(JSON.stringify(res.resource)).toContain(`"valueString":"orgIdentifier=${NPI_B}"`);
  });
});
