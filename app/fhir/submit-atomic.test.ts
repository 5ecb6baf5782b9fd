import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { count, eq } from "drizzle-orm";
import type { Bundle, ClaimResponse, OperationOutcome } from "@medplum/fhirtypes";
import type { DatabaseHandle } from "@/db/client";
import { attachments, auditEvents, cases } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { givenApiKeysAllowedOnFhir } from "@/test/test-ehr";
import { cnmpTrialRequest, ctxFor, givenProviderOrg, givenUser } from "@/test/given";
import { pasRequestBundle, pdfBytes } from "@/test/fhir-bundles";
import { createApiKey } from "@/lib/server/api-keys/create-api-key";

// The second document of a Bundle fails to store once: the storage is the only thing replaced.
const failing = { next: false };
vi.mock("@/lib/server/attachments/storage", async (original) => {
  const real = await original<typeof import("@/lib/server/attachments/storage")>();
  let puts = 0;
  return {
    ...real,
    attachmentStorage: (db: Parameters<typeof real.attachmentStorage>[0]) => ({
      ...real.attachmentStorage(db),
      async put(key: string, bytes: Uint8Array) {
        if (failing.next && ++puts === 2) throw new Error("storage unavailable");
        return real.attachmentStorage(db).put(key, bytes);
      },
    }),
  };
});
const submitRoute = await import("./Claim/$submit/route");

let handle: DatabaseHandle;
let key: string;
let orgId: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  // These tests are of the FHIR behaviour; authentication (SMART, CDS Hooks JWTs) has app/oauth/smart-backend-services.test.ts.
  await givenApiKeysAllowedOnFhir(handle.db);
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
  orgId = (await givenProviderOrg(handle.db)).id;
  key = (
    await createApiKey(ctxFor(handle.db, await givenUser(handle.db, "provider", { organizationId: orgId })), {
      name: "EHR",
    })
  ).key;
});
afterAll(() => handle?.close());

const submit = (bundle: Bundle) =>
  submitRoute.POST(
    new Request("http://localhost/fhir/Claim/$submit", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/fhir+json" },
      body: JSON.stringify(bundle),
    }),
    {
      params: Promise.resolve({}),
    },
  );
const tally = async () => ({
  cases: (await handle.db.select({ n: count() }).from(cases).where(eq(cases.organizationId, orgId)))[0]!.n,
  attachments: (await handle.db.select({ n: count() }).from(attachments))[0]!.n,
  submitEvents: (
    await handle.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "case.submit"))
  )[0]!.n,
});

describe("POST /fhir/Claim/$submit stores the case and its documents as one", () => {
  it("a document that fails to store leaves no case; the same Bundle sent again creates the case with both documents", async () => {
    const bundle = pasRequestBundle(cnmpTrialRequest(), {
      identifier: "urn:uuid:atomic-submission-0001",
      documents: [
        { data: pdfBytes(64), contentType: "application/pdf", title: "psych-eval.pdf" },
        { data: pdfBytes(96), contentType: "application/pdf", title: "therapy-notes.pdf" },
      ],
    });
    const before = await tally();
    failing.next = true;
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect((await submit(bundle)).status).toBe(500);
    expect(await tally()).toEqual(before);

    failing.next = false;
    const res = await submit(bundle);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Bundle).entry![0]!.resource as ClaimResponse).toMatchObject({
      resourceType: "ClaimResponse",
      outcome: "queued",
    });
    expect(await tally()).toEqual({
      cases: before.cases + 1,
      attachments: before.attachments + 2,
      submitEvents: before.submitEvents + 1,
    });
  });

  it("a repeat bringing a new document to a decided case is refused for the case, not as another submission under the identifier", async () => {
    const psychEval = { data: pdfBytes(128), contentType: "application/pdf", title: "psych-eval.pdf" };
    const first = await submit(
      pasRequestBundle(cnmpTrialRequest(), { identifier: "urn:uuid:decided-submission-0001", documents: [psychEval] }),
    );
    const answer = ((await first.json()) as Bundle).entry![0]!.resource as ClaimResponse;
    await handle.db.update(cases).set({ status: "approved" }).where(eq(cases.reference, answer.preAuthRef!));
    const before = await tally();
    const res = await submit(
      pasRequestBundle(cnmpTrialRequest(), {
        identifier: "urn:uuid:decided-submission-0001",
        documents: [psychEval, { data: pdfBytes(160), contentType: "application/pdf", title: "late.pdf" }],
      }),
    );
    expect(res.status).toBe(409);
    const outcome = (await res.json()) as OperationOutcome;
    expect(outcome.issue).toEqual([
      expect.objectContaining({
        code: "conflict",
        diagnostics: "Files can no longer be added: this case is approved.",
      }),
    ]);
    expect(await tally()).toEqual(before);
  });
});
