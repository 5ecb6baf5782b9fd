import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import type { ServiceContext } from "@/lib/server/context";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenUser, givenSubmittedCase } from "@/test/given";
import { isSameOrigin } from "@/lib/server/attachments/same-origin";

// The route reads the session through serviceContext(); here the signed-in provider is a factory user.
let current: ServiceContext | null = null;
vi.mock("@/lib/server/viewer", () => ({
  serviceContext: async () => {
    if (!current) throw new Error("no session in this test");
    return current;
  },
}));

const { POST } = await import("./route");

let handle: DatabaseHandle;
let caseId: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  current = ctxFor(handle.db, await givenUser(handle.db, "provider"));
  caseId = (await givenSubmittedCase(current.db, { provider: current })).case.id;
});
afterAll(() => handle?.close());

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const url = () => `http://portal.test/cases/${caseId}/attachments/upload`;
const params = () => ({ params: Promise.resolve({ caseId }) });

async function upload(headers: Record<string, string>, withLength = true) {
  const form = new FormData();
  form.set("file", new File([PDF as BlobPart], "notes.pdf"));
  const draft = new Request(url(), { method: "POST", body: form });
  const body = await draft.arrayBuffer();
  return POST(
    new Request(url(), {
      method: "POST",
      headers: {
        host: "portal.test",
        "content-type": draft.headers.get("content-type")!,
        ...(withLength ? { "content-length": String(body.byteLength) } : {}),
        ...headers,
      },
      body,
    }),
    params(),
  );
}

describe("POST /cases/{id}/attachments/upload (the web uploader)", () => {
  it("accepts an upload from the portal's own origin", async () => {
    const res = await upload({ origin: "http://portal.test" });
    expect(res.status).toBe(201);
  });

  it("refuses (403) an upload from another origin, a null origin or none", async () => {
    const cases: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      {},
      { origin: "http://portal.test.evil.example" },
    ];
    for (const headers of cases) {
      const res = await upload(headers);
      expect(res.status).toBe(403);
      expect((await res.json()).error.message).toMatch(/portal's own pages/);
    }
  });

  it("refuses (413) a body without Content-Length or over the limit before reading it", async () => {
    const none = await upload({ origin: "http://portal.test" }, false);
    expect(none.status).toBe(413);
    expect((await none.json()).error.message).toMatch(/Content-Length/);
    const huge = await upload({ origin: "http://portal.test", "content-length": String(30 * 1024 * 1024) });
    expect(huge.status).toBe(413);
  });

  it("isSameOrigin follows the proxy's forwarded host and protocol", () => {
    const req = (headers: Record<string, string>) =>
      new Request("http://internal:3000/cases/x/attachments/upload", { method: "POST", headers });
    expect(
      isSameOrigin(
        req({
          origin: "https://portal.example",
          host: "internal:3000",
          "x-forwarded-host": "portal.example",
          "x-forwarded-proto": "https",
        }),
      ),
    ).toBe(true);
    expect(
      isSameOrigin(
        req({
          origin: "http://portal.example",
          host: "internal:3000",
          "x-forwarded-host": "portal.example",
          "x-forwarded-proto": "https",
        }),
      ),
    ).toBe(false);
    expect(isSameOrigin(req({ origin: "http://internal:3000", host: "internal:3000" }))).toBe(true);
  });
});
