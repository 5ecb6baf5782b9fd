import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, cases } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenProviderOrg, givenUser, bareRequest, cnmpTrialRequest } from "@/test/given";
import { createApiKey } from "@/lib/server/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/server/api-keys/revoke-api-key";
import { createLimiter } from "@/lib/server/rate-limit";
import * as evaluateRoute from "./evaluate/route";
import * as casesRoute from "./cases/route";
import * as caseRoute from "./cases/[id]/route";
import * as attachmentsRoute from "./cases/[id]/attachments/route";

let handle: DatabaseHandle;
let keyA: string;
let keyB: string;
let orgA: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
  const a = await givenProviderOrg(handle.db);
  const b = await givenProviderOrg(handle.db);
  orgA = a.id;
  keyA = (
    await createApiKey(ctxFor(handle.db, await givenUser(handle.db, "provider", { organizationId: a.id })), {
      name: "EHR",
    })
  ).key;
  keyB = (
    await createApiKey(ctxFor(handle.db, await givenUser(handle.db, "provider", { organizationId: b.id })), {
      name: "EHR",
    })
  ).key;
});
afterAll(() => handle?.close());

const noParams = { params: Promise.resolve({}) };
const withId = (id: string) => ({ params: Promise.resolve({ id }) });

function post(path: string, body: unknown, key = keyA, headers: Record<string, string> = {}) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
const get = (path: string, key = keyA) =>
  new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${key}` } });
const caseCount = async () =>
  Number((await handle.db.select({ n: count() }).from(cases).where(eq(cases.organizationId, orgA)))[0]!.n);

describe("authentication", () => {
  it("answers 401 without a key, with a bad key and with a revoked key", async () => {
    const none = await evaluateRoute.POST(
      new Request("http://localhost/api/v1/evaluate", { method: "POST", body: "{}" }),
      noParams,
    );
    expect(none.status).toBe(401);
    expect((await none.json()).error.message).toMatch(/Bearer/);
    expect((await evaluateRoute.POST(post("/api/v1/evaluate", {}, "pa_wrong_key_123"), noParams)).status).toBe(401);
    const user = await givenUser(handle.db, "provider", { organizationId: orgA });
    const ctx = ctxFor(handle.db, user);
    const created = await createApiKey(ctx, { name: "temporary" });
    expect((await evaluateRoute.POST(post("/api/v1/evaluate", cnmpTrialRequest(), created.key), noParams)).status).toBe(
      200,
    );
    await revokeApiKey(ctx, { keyId: created.id });
    expect((await evaluateRoute.POST(post("/api/v1/evaluate", cnmpTrialRequest(), created.key), noParams)).status).toBe(
      401,
    );
  });
});

describe("POST /api/v1/evaluate", () => {
  it("evaluates without storing anything", async () => {
    const n = await caseCount();
    const res = await evaluateRoute.POST(post("/api/v1/evaluate", cnmpTrialRequest()), noParams);
    expect(res.status).toBe(200);
    expect((await res.json()).outcome).toBe("meets_criteria");
    expect(await caseCount()).toBe(n);
  });

  it("answers 400 with per-field issues, never a 500, for bad input", async () => {
    const bad = await evaluateRoute.POST(
      post("/api/v1/evaluate", { member: { dateOfBirth: "x" }, request: {} }),
      noParams,
    );
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.message).toMatch(/not valid/);
    expect(body.error.issues).toEqual(
      expect.arrayContaining([
        { path: "member.dateOfBirth", message: expect.stringMatching(/date/) },
        { path: "request.phase", message: "is required" },
      ]),
    );
    for (const raw of ["{not json", "[]", "null", "42", '"text"']) {
      const res = await evaluateRoute.POST(post("/api/v1/evaluate", raw), noParams);
      expect(res.status).toBe(400);
      expect(await res.text()).not.toMatch(/at .*\.ts/);
    }
    const wrongType = await evaluateRoute.POST(
      post("/api/v1/evaluate", "{}", keyA, { "content-type": "text/plain" }),
      noParams,
    );
    expect(wrongType.status).toBe(400);
  });
});

describe("POST/GET /api/v1/cases", () => {
  it("creates a case (201), repeats it for the same Idempotency-Key and body (200), 409 for another body", async () => {
    const first = await casesRoute.POST(
      post("/api/v1/cases", cnmpTrialRequest(), keyA, { "idempotency-key": "ehr-order-0001" }),
      noParams,
    );
    expect(first.status).toBe(201);
    const created = await first.json();
    expect(created).toMatchObject({ status: "submitted", evaluation: { outcome: "meets_criteria" } });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(created.dueAt).getTime()).toBeGreaterThan(Date.now());
    const again = await casesRoute.POST(
      post("/api/v1/cases", cnmpTrialRequest(), keyA, { "idempotency-key": "ehr-order-0001" }),
      noParams,
    );
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(created.id);
    const conflict = await casesRoute.POST(
      post("/api/v1/cases", bareRequest(), keyA, { "idempotency-key": "ehr-order-0001" }),
      noParams,
    );
    expect(conflict.status).toBe(409);
    const badKey = await casesRoute.POST(
      post("/api/v1/cases", cnmpTrialRequest(), keyA, { "idempotency-key": "x" }),
      noParams,
    );
    expect(badKey.status).toBe(400);
    expect((await badKey.json()).error.issues[0].path).toBe("Idempotency-Key");
  });

  it("takes the documented envelope { memberId, memberName, request } and stores the member", async () => {
    const res = await casesRoute.POST(
      post("/api/v1/cases", { memberId: "N-55001", memberName: "Alex Envelope", request: cnmpTrialRequest() }),
      noParams,
    );
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.evaluation.outcome).toBe("meets_criteria");
    const [row] = await handle.db.select().from(cases).where(eq(cases.id, created.id));
    expect(row).toMatchObject({ memberId: "N-55001", memberName: "Alex Envelope", urgency: "standard" });
    expect(row!.request).toEqual(cnmpTrialRequest());
  });

  it("refuses an envelope without the member, field by field", async () => {
    const n = await caseCount();
    const res = await casesRoute.POST(post("/api/v1/cases", { memberId: " ", request: cnmpTrialRequest() }), noParams);
    expect(res.status).toBe(400);
    const issues = (await res.json()).error.issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: "memberId", message: "is required" },
        { path: "memberName", message: expect.any(String) },
      ]),
    );
    expect(await caseCount()).toBe(n);
  });

  it("still takes a bare FORMAT request, with the member from X-Member-Id / X-Member-Name when sent", async () => {
    const withHeaders = await (
      await casesRoute.POST(
        post("/api/v1/cases", cnmpTrialRequest(), keyA, { "x-member-id": "N-55002", "x-member-name": "Sam Header" }),
        noParams,
      )
    ).json();
    const [row] = await handle.db.select().from(cases).where(eq(cases.id, withHeaders.id));
    expect(row).toMatchObject({ memberId: "N-55002", memberName: "Sam Header" });
    expect(row!.request).toEqual(cnmpTrialRequest());
    const bare = await casesRoute.POST(post("/api/v1/cases", cnmpTrialRequest()), noParams);
    expect(bare.status).toBe(201);
    const [bareRow] = await handle.db
      .select()
      .from(cases)
      .where(eq(cases.id, (await bare.json()).id));
    expect(bareRow).toMatchObject({ memberId: null, memberName: null });
    const emptyHeader = await casesRoute.POST(
      post("/api/v1/cases", cnmpTrialRequest(), keyA, { "x-member-id": " " }),
      noParams,
    );
    expect(emptyHeader.status).toBe(400);
    expect((await emptyHeader.json()).error.issues).toEqual([{ path: "X-Member-Id", message: "must not be empty" }]);
  });

  it("refuses an invalid body with 400 and stores nothing", async () => {
    const n = await caseCount();
    const res = await casesRoute.POST(
      post("/api/v1/cases", { ...cnmpTrialRequest(), request: { ...cnmpTrialRequest().request, cptCodes: ["6232"] } }),
      noParams,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues).toEqual([
      { path: "request.cptCodes[0]", message: expect.stringMatching(/five-digit/) },
    ]);
    expect(await caseCount()).toBe(n);
  });

  it("lists the organization's cases and reads one; another organization's case is an audited 404", async () => {
    const created = await (await casesRoute.POST(post("/api/v1/cases", cnmpTrialRequest()), noParams)).json();
    const list = await (await casesRoute.GET(get("/api/v1/cases?pageSize=100"), noParams)).json();
    expect(list.cases.map((c: { id: string }) => c.id)).toContain(created.id);
    expect(list.total).toBe(await caseCount());
    const one = await caseRoute.GET(get(`/api/v1/cases/${created.id}`), withId(created.id));
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({
      id: created.id,
      status: "submitted",
      determination: null,
      evaluation: { outcome: "meets_criteria" },
    });
    const otherList = await (await casesRoute.GET(get("/api/v1/cases", keyB), noParams)).json();
    expect(otherList.cases.map((c: { id: string }) => c.id)).not.toContain(created.id);
    const foreign = await caseRoute.GET(get(`/api/v1/cases/${created.id}`, keyB), withId(created.id));
    expect(foreign.status).toBe(404);
    const refusals = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, created.id), eq(auditEvents.outcome, "refused")));
    expect(refusals).toHaveLength(1);
    expect((await caseRoute.GET(get("/api/v1/cases/../../etc"), withId("../../etc"))).status).toBe(404);
  });
});

/** A multipart request as a browser or curl sends it: with its Content-Length. */
async function multipart(url: string, form: FormData, headers: Record<string, string> = {}) {
  const draft = new Request(url, { method: "POST", body: form });
  const body = await draft.arrayBuffer();
  return new Request(url, {
    method: "POST",
    headers: {
      ...headers,
      "content-type": draft.headers.get("content-type")!,
      "content-length": String(body.byteLength),
    },
    body,
  });
}

describe("attestation", () => {
  it("records the provider's attestation with the case (when and who, audited); anything but true or false is a 400 naming it", async () => {
    const body = { memberId: "N-4242", memberName: "Ada Quill", request: cnmpTrialRequest(), attested: true };
    const res = await casesRoute.POST(post("/api/v1/cases", body), noParams);
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const [row] = await handle.db.select().from(cases).where(eq(cases.id, id));
    expect(row!.attestedAt).toBeInstanceOf(Date);
    expect(row!.attestedBy).toBe(row!.createdBy);
    const [event] = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, id), eq(auditEvents.action, "case.submit")));
    expect(event!.details).toMatchObject({ attested: true });
    const unattested = await (
      await casesRoute.POST(post("/api/v1/cases", { ...body, attested: undefined, memberId: "N-4243" }), noParams)
    ).json();
    const [plain] = await handle.db.select().from(cases).where(eq(cases.id, unattested.id));
    expect(plain!.attestedAt).toBeNull();
    const bad = await casesRoute.POST(post("/api/v1/cases", { ...body, attested: "yes" }), noParams);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues).toEqual([{ path: "attested", message: "must be true or false" }]);
  });
});

describe("POST /api/v1/cases/{id}/attachments", () => {
  const upload = async (id: string, bytes: Uint8Array, name: string, key = keyA, kind?: string) => {
    const form = new FormData();
    form.set("file", new File([bytes as BlobPart], name));
    if (kind !== undefined) form.set("kind", kind);
    return attachmentsRoute.POST(
      await multipart(`http://localhost/api/v1/cases/${id}/attachments`, form, { authorization: `Bearer ${key}` }),
      withId(id),
    );
  };

  it("201 for a PDF, 415 for an executable named .pdf, 400 without a file, 404 for another organization, 409 after a decision", async () => {
    const created = await (await casesRoute.POST(post("/api/v1/cases", cnmpTrialRequest()), noParams)).json();
    const ok = await upload(created.id, new TextEncoder().encode("%PDF-1.7\n%%EOF"), "notes.pdf");
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({
      contentType: "application/pdf",
      size: 14,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const exe = await upload(created.id, new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0]), "notes.pdf");
    expect(exe.status).toBe(415);
    expect((await exe.json()).error.message).toMatch(/not a PDF/);
    const empty = await attachmentsRoute.POST(
      await multipart(`http://localhost/api/v1/cases/${created.id}/attachments`, new FormData(), {
        authorization: `Bearer ${keyA}`,
      }),
      withId(created.id),
    );
    expect(empty.status).toBe(400);
    expect((await upload(created.id, new TextEncoder().encode("%PDF-1.7"), "x.pdf", keyB)).status).toBe(404);
    await handle.db.update(cases).set({ status: "denied" }).where(eq(cases.id, created.id));
    expect((await upload(created.id, new TextEncoder().encode("%PDF-1.7"), "x.pdf")).status).toBe(409);
  });

  it("takes the kind of record in the field 'kind' and answers it; an unknown kind is a 400 naming the field", async () => {
    const created = await (await casesRoute.POST(post("/api/v1/cases", cnmpTrialRequest()), noParams)).json();
    const pdf = new TextEncoder().encode("%PDF-1.7\n%%EOF");
    const ok = await upload(created.id, pdf, "psych.pdf", keyA, "psychological_evaluation");
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ documentKind: "psychological_evaluation" });
    const bad = await upload(created.id, pdf, "psych.pdf", keyA, "psych");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ issues: [{ path: "kind" }] });
  });

  it("413 for a body over 25 MB before reading it", async () => {
    const res = await attachmentsRoute.POST(
      new Request("http://localhost/api/v1/cases/x/attachments", {
        method: "POST",
        headers: {
          authorization: `Bearer ${keyA}`,
          "content-type": "multipart/form-data; boundary=x",
          "content-length": String(26 * 1024 * 1024),
        },
        body: "--x--",
      }),
      withId("x"),
    );
    expect(res.status).toBe(413);
  });

  it("413 for a multipart body without Content-Length, before formData() reads it", async () => {
    const created = await (await casesRoute.POST(post("/api/v1/cases", cnmpTrialRequest()), noParams)).json();
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode("--x\r\n"));
      },
    });
    const res = await attachmentsRoute.POST(
      new Request(`http://localhost/api/v1/cases/${created.id}/attachments`, {
        method: "POST",
        headers: { authorization: `Bearer ${keyA}`, "content-type": "multipart/form-data; boundary=x" },
        body,
        duplex: "half",
      } as RequestInit),
      withId(created.id),
    );
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/Content-Length/);
    expect(pulled).toBeLessThanOrEqual(1);
  });
});

describe("JSON body size", () => {
  it("413 for a Content-Length over 1 MB without reading the body", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const req = new Request("http://localhost/api/v1/evaluate", {
      method: "POST",
      headers: {
        authorization: `Bearer ${keyA}`,
        "content-type": "application/json",
        "content-length": String(2 * 1024 * 1024),
      },
      body,
      duplex: "half",
    } as RequestInit);
    const res = await evaluateRoute.POST(req, noParams);
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("413 for an endless body without Content-Length, after reading at most a little over 1 MB", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const req = new Request("http://localhost/api/v1/evaluate", {
      method: "POST",
      headers: { authorization: `Bearer ${keyA}`, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    const res = await evaluateRoute.POST(req, noParams);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(2 * 1024 * 1024);
  });

  it("still reads a JSON body without Content-Length below the limit, and refuses a malformed Content-Length", async () => {
    expect((await evaluateRoute.POST(post("/api/v1/evaluate", cnmpTrialRequest()), noParams)).status).toBe(200);
    const bad = await evaluateRoute.POST(
      post("/api/v1/evaluate", cnmpTrialRequest(), keyA, { "content-length": "12abc" }),
      noParams,
    );
    expect(bad.status).toBe(400);
  });
});

describe("rate limit", () => {
  it("answers 429 when a key sends too many requests", async () => {
    const limiters = ((globalThis as unknown as { __limiters?: Map<string, unknown> }).__limiters ??= new Map());
    limiters.set(
      "api",
      createLimiter({ name: "api-test", points: 2, durationSeconds: 600, store: { kind: "memory" } }),
    );
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await evaluateRoute.POST(post("/api/v1/evaluate", cnmpTrialRequest()), noParams)).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      limiters.delete("api");
    }
  });
});
