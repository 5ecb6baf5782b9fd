import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { attachments } from "@/db/schema";
import { STATUS_LABELS, UPLOADABLE } from "@/lib/domain";
import { audit, requirePermission, withTransaction, type ServiceContext } from "../context";
import { ConflictError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "../errors";
import { getCaseInScope } from "../cases/get-case-in-scope";
import { detectFileType, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_CASE } from "./file-type";
import { attachmentStorage, type AttachmentStorage } from "./storage";
import { displayFileName, storedFileName } from "@/lib/file-names";

/** States in which the provider may still add records (before a decision, and to support an appeal). */
export const UPLOADABLE_STATUSES = UPLOADABLE;

export interface UploadedAttachment {
  id: string;
  fileName: string;
  sha256: string;
  size: number;
  contentType: string;
}

export interface UploadInput {
  caseId: string;
  fileName: string;
  bytes: Uint8Array;
}

/**
 * Adds a file to a case: the type is recognized from the content (PDF, PNG, JPEG, TIFF), at most
 * 25 MB and 20 files per case, SHA-256 recorded, bytes stored through the storage interface in
 * the same transaction as the record.
 */
export async function uploadAttachment(ctx: ServiceContext, input: UploadInput, storageFor: (db: ServiceContext["db"]) => AttachmentStorage = attachmentStorage): Promise<UploadedAttachment> {
  await requirePermission(ctx, "attachment.upload");
  if (!(input.bytes instanceof Uint8Array)) throw new ValidationError("Choose a file to upload.", [{ path: "file", message: "is required" }]);
  // Named for messages until the content is recognized; stored with the detected type's extension.
  let fileName = displayFileName(typeof input.fileName === "string" ? input.fileName.split(/[\\/]/).pop()!.slice(0, 200) : "");
  await getCaseInScope(ctx, input.caseId);
  if (input.bytes.length === 0) throw new ValidationError(`${fileName} is empty.`, [{ path: "file", message: "is empty" }]);
  if (input.bytes.length > MAX_ATTACHMENT_BYTES)
    throw new PayloadTooLargeError(`${fileName} is ${(input.bytes.length / 1048576).toFixed(1)} MB; the limit is 25 MB per file.`);
  const contentType = detectFileType(input.bytes);
  if (!contentType) throw new UnsupportedMediaTypeError(`${fileName} is not a PDF, PNG, JPEG or TIFF file (checked by its content, not its name).`);
  fileName = storedFileName(input.fileName, contentType);
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");

  return withTransaction(ctx, async (tx) => {
    // The row lock serializes uploads to one case, so the count below cannot be overtaken.
    const theCase = await getCaseInScope(ctx, input.caseId, tx, { forUpdate: true });
    if (!UPLOADABLE_STATUSES.includes(theCase.status))
      throw new ConflictError(`Files can no longer be added: this case is ${STATUS_LABELS[theCase.status].toLowerCase()}.`);
    const [existing] = await tx.select({ n: count() }).from(attachments).where(eq(attachments.caseId, theCase.id));
    if (Number(existing?.n ?? 0) >= MAX_ATTACHMENTS_PER_CASE)
      throw new ConflictError(`This case already has ${MAX_ATTACHMENTS_PER_CASE} files, the most a case can hold.`);
    const storageKey = `cases/${theCase.id}/${randomUUID()}`;
    await storageFor(tx).put(storageKey, input.bytes);
    const [row] = await tx
      .insert(attachments)
      .values({ caseId: theCase.id, uploadedBy: ctx.viewer.userId, fileName, contentType, size: input.bytes.length, sha256, storageKey })
      .returning({ id: attachments.id });
    await audit(tx, ctx, {
      action: "attachment.upload",
      targetType: "attachment",
      targetId: row!.id,
      caseId: theCase.id,
      details: { contentType, size: input.bytes.length, sha256 },
    });
    return { id: row!.id, fileName, sha256, size: input.bytes.length, contentType };
  });
}
