import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import type { ServiceContext } from "@/lib/server/context";
import { uploadAttachment } from "@/lib/server/attachments/upload-attachment";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenUser, givenSubmittedCase } from "@/test/given";

let current: ServiceContext | null = null;
vi.mock("@/lib/server/viewer", () => ({
  serviceContext: async () => {
    if (!current) throw new Error("no session in this test");
    return current;
  },
}));

const { GET } = await import("./route");

let handle: DatabaseHandle;
let attachmentId: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  current = ctxFor(handle.db, await givenUser(handle.db, "provider"));
  const c = (await givenSubmittedCase(current.db, { provider: current })).case;
  const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  attachmentId = (await uploadAttachment(current, { caseId: c.id, fileName: "notes.pdf", bytes: pdf })).id;
});
afterAll(() => handle?.close());

it("serves a file inline or as a download, always sandboxed by its Content-Security-Policy", async () => {
  for (const [query, disposition] of [
    ["?inline=1", /^inline;/],
    ["", /^attachment;/],
  ] as const) {
    const res = await GET(new Request(`http://portal.test/attachments/${attachmentId}${query}`), {
      params: Promise.resolve({ attachmentId }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe("sandbox");
    expect(res.headers.get("content-disposition")).toMatch(disposition);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-type")).toBe("application/pdf");
  }
});
