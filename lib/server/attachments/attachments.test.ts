import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { attachments, auditEvents } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenProviderOrg, givenUser, givenSubmittedCase, givenApprovedCase } from "@/test/given";
import { ConflictError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError } from "../errors";
import type { ServiceContext } from "../context";
import { detectFileType, MAX_ATTACHMENT_BYTES } from "@/lib/file-type";
import { uploadAttachment } from "./upload-attachment";
import { readAttachment } from "./read-attachment";

export const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]); // "MZ": a Windows executable

let handle: DatabaseHandle;
let provider: ServiceContext;
let other: ServiceContext;
let nurse: ServiceContext;

beforeAll(async () => {
  handle = await createTestDatabase();
  const org = await givenProviderOrg(handle.db);
  provider = ctxFor(handle.db, await givenUser(handle.db, "provider", { organizationId: org.id }));
  other = ctxFor(handle.db, await givenUser(handle.db, "provider"));
  nurse = ctxFor(handle.db, await givenUser(handle.db, "nurse_reviewer"));
});
afterAll(() => handle?.close());

describe("detectFileType", () => {
  it("recognizes the four types by their first bytes and nothing else", () => {
    expect(detectFileType(PDF)).toBe("application/pdf");
    expect(detectFileType(PNG)).toBe("image/png");
    expect(detectFileType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(detectFileType(new Uint8Array([0x49, 0x49, 0x2a, 0x00, 8]))).toBe("image/tiff");
    expect(detectFileType(new Uint8Array([0x4d, 0x4d, 0x00, 0x2a, 8]))).toBe("image/tiff");
    expect(detectFileType(EXE)).toBeNull();
    expect(detectFileType(new TextEncoder().encode("%PDF"))).toBeNull();
    expect(detectFileType(new Uint8Array())).toBeNull();
  });
});

describe("uploadAttachment and readAttachment", () => {
  it("stores a PDF with its SHA-256, serves it back audited, and refuses other organizations", async () => {
    const c = (await givenSubmittedCase(provider.db, { provider })).case;
    const saved = await uploadAttachment(provider, { caseId: c.id, fileName: '../evil"name.pdf', bytes: PDF });
    expect(saved).toMatchObject({ contentType: "application/pdf", size: PDF.length, fileName: "evilname.pdf" });
    expect(saved.sha256).toMatch(/^[0-9a-f]{64}$/);
    const file = await readAttachment(provider, saved.id);
    expect(Buffer.from(file.bytes).equals(Buffer.from(PDF))).toBe(true);
    const reviewerRead = await readAttachment(nurse, saved.id);
    expect(reviewerRead.size).toBe(PDF.length);
    await expect(readAttachment(other, saved.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(readAttachment(provider, "not-a-uuid")).rejects.toBeInstanceOf(NotFoundError);
    const downloads = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, saved.id), eq(auditEvents.action, "attachment.download")));
    expect(downloads).toHaveLength(2);
    await expect(uploadAttachment(other, { caseId: c.id, fileName: "x.pdf", bytes: PDF })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("refuses a .pdf that is really an executable (415) and stores nothing", async () => {
    const c = (await givenSubmittedCase(provider.db, { provider })).case;
    const err = await uploadAttachment(provider, { caseId: c.id, fileName: "records.pdf", bytes: EXE }).catch((e) => e);
    expect(err).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(err.message).toMatch(/records\.pdf is not a PDF, PNG, JPEG or TIFF/);
    expect(await handle.db.select().from(attachments).where(eq(attachments.caseId, c.id))).toHaveLength(0);
  });

  it("refuses a file over 25 MB (413) and an empty one", async () => {
    const c = (await givenSubmittedCase(provider.db, { provider })).case;
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(PDF);
    await expect(uploadAttachment(provider, { caseId: c.id, fileName: "big.pdf", bytes: big })).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
    const exact = new Uint8Array(MAX_ATTACHMENT_BYTES);
    exact.set(PDF);
    expect((await uploadAttachment(provider, { caseId: c.id, fileName: "exactly-25.pdf", bytes: exact })).size).toBe(
      MAX_ATTACHMENT_BYTES,
    );
    await expect(
      uploadAttachment(provider, { caseId: c.id, fileName: "empty.pdf", bytes: new Uint8Array() }),
    ).rejects.toThrow(/empty/);
  }, 60_000);

  it("allows 20 files per case, refuses the 21st", async () => {
    const c = (await givenSubmittedCase(provider.db, { provider })).case;
    for (let i = 0; i < 20; i++)
      await uploadAttachment(provider, { caseId: c.id, fileName: `page-${i}.png`, bytes: PNG });
    const err = await uploadAttachment(provider, { caseId: c.id, fileName: "one-more.png", bytes: PNG }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toMatch(/20 files/);
  }, 60_000);

  it("refuses uploads after a decision (409) and to reviewers (403)", async () => {
    const c = (await givenApprovedCase(nurse, { provider })).case;
    await expect(uploadAttachment(provider, { caseId: c.id, fileName: "late.pdf", bytes: PDF })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(uploadAttachment(nurse, { caseId: c.id, fileName: "x.pdf", bytes: PDF })).rejects.toThrow(/role/);
  });
});

describe("the kind of record", () => {
  it("stores the kind the provider said (audited with it), none when not said, and refuses an unknown kind with nothing stored", async () => {
    const c = (await givenSubmittedCase(provider.db, { provider })).case;
    const notes = await uploadAttachment(provider, {
      caseId: c.id,
      fileName: "notes.pdf",
      bytes: PDF,
      documentKind: "clinical_notes",
    });
    expect(notes.documentKind).toBe("clinical_notes");
    const unsaid = await uploadAttachment(provider, {
      caseId: c.id,
      fileName: "scan.pdf",
      bytes: PDF,
      documentKind: "",
    });
    expect(unsaid.documentKind).toBeNull();
    const stored = await handle.db.select().from(attachments).where(eq(attachments.caseId, c.id));
    expect(Object.fromEntries(stored.map((a) => [a.fileName, a.documentKind]))).toEqual({
      "notes.pdf": "clinical_notes",
      "scan.pdf": null,
    });
    const [event] = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, notes.id), eq(auditEvents.action, "attachment.upload")));
    expect(event!.details).toMatchObject({ documentKind: "clinical_notes" });
    const refused = uploadAttachment(provider, { caseId: c.id, fileName: "x.pdf", bytes: PDF, documentKind: "x-ray" });
    await expect(refused).rejects.toMatchObject({ status: 400, issues: [{ path: "kind" }] });
    await expect(refused).rejects.toThrow(/must be one of clinical_notes, treatment_history/);
    expect(await handle.db.select().from(attachments).where(eq(attachments.caseId, c.id))).toHaveLength(2);
  });
});

describe("file names", () => {
  it("stores an upload under the extension of its detected type, never the client's (a PDF/HTML polyglot named .html becomes .pdf)", async () => {
    const c = (await givenSubmittedCase(provider.db, { provider })).case;
    const polyglot = new TextEncoder().encode("%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n");
    expect(
      (await uploadAttachment(provider, { caseId: c.id, fileName: "records.html", bytes: polyglot })).fileName,
    ).toBe("records.pdf");
    expect(
      (
        await uploadAttachment(provider, {
          caseId: c.id,
          fileName: "scan.JPEG",
          bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]),
        })
      ).fileName,
    ).toBe("scan.jpeg");
    expect((await uploadAttachment(provider, { caseId: c.id, fileName: "C:\\docs\\notes", bytes: PNG })).fileName).toBe(
      "notes.png",
    );
  });

  it("strips bidi, invisible and control characters from stored and displayed names", async () => {
    const c = (await givenSubmittedCase(provider.db, { provider })).case;
    const saved = await uploadAttachment(provider, {
      caseId: c.id,
      fileName: "invoice\u202Efdp.exe\u0007",
      bytes: PDF,
    });
    expect(saved.fileName).toBe("invoicefdp.pdf");
    // A name stored before this rule is cleaned where it is shown.
    await handle.db.insert(attachments).values({
      caseId: c.id,
      uploadedBy: provider.viewer.userId,
      fileName: "old\u2067\u200Bname\u202E.pdf",
      contentType: "application/pdf",
      size: 1,
      sha256: "0".repeat(64),
      storageKey: `cases/${c.id}/legacy`,
    });
    const { getCaseDetail } = await import("../cases/get-case-detail");
    const detail = await getCaseDetail(provider, c.id);
    expect(detail.attachments.map((a) => a.fileName)).toContain("oldname.pdf");
  });
});
