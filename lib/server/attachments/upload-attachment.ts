import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { attachments, cases } from "@/db/schema";
import { STATUS_LABELS, UPLOADABLE, type CaseStatus } from "@/lib/domain";
import { approveAutomaticallyIfClean } from "../automation/automated-approval";
import { audit, requirePermission, withTransaction, type ServiceContext, type Tx } from "../context";
import { ConflictError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "../errors";
import { getCaseInScope } from "../cases/get-case-in-scope";
import { detectFileType, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_CASE } from "@/lib/file-type";
import { attachmentStorage, type AttachmentStorage } from "./storage";
import { displayFileName, storedFileName } from "@/lib/file-names";
import type { AuditEventInput } from "@/db/audit-chain";
import type { DocumentKind } from "@/lib/policy/document-kinds";
import { documentKindSchema } from "@/lib/validation/case-input";

/** States in which the provider may still add records (before a decision, and to support an appeal). */
const UPLOADABLE_STATUSES = UPLOADABLE;

export interface UploadedAttachment {
  id: string;
  fileName: string;
  documentKind: DocumentKind | null;
  sha256: string;
  size: number;
  contentType: string;
}

export interface UploadInput {
  caseId: string;
  fileName: string;
  bytes: Uint8Array;
  /** What the record is (checked against DOCUMENT_KINDS); absent: not said. */
  documentKind?: unknown;
}

/** A file that passed every check needing no database: not empty, within the size limit, of a recognized type. */
export interface CheckedFile {
  fileName: string;
  documentKind: DocumentKind | null;
  contentType: string;
  sha256: string;
  bytes: Uint8Array;
}

/**
 * Adds a file to a case: the type is recognized from the content (PDF, PNG, JPEG, TIFF), at most
 * 25 MB and 20 files per case, SHA-256 recorded, bytes stored through the storage interface in
 * the same transaction as the record.
 */
export async function uploadAttachment(
  ctx: ServiceContext,
  input: UploadInput,
  storageFor: (db: ServiceContext["db"]) => AttachmentStorage = attachmentStorage,
): Promise<
  UploadedAttachment & {
    caseStatus: CaseStatus;
    automatedApproval: { determinationId: string } | null;
  }
> {
  await requirePermission(ctx, "attachment.upload");
  if (!(input.bytes instanceof Uint8Array))
    throw new ValidationError("Choose a file to upload.", [{ path: "file", message: "is required" }]);
  await getCaseInScope(ctx, input.caseId);
  const file = checkFile(input);
  return withTransaction(ctx, async (tx) => {
    // The row lock serializes uploads to one case, so the count in storeAttachment cannot be overtaken.
    const theCase = await getCaseInScope(ctx, input.caseId, tx, { forUpdate: true });
    const stored = await storeAttachment(ctx, tx, theCase, file, storageFor);
    await audit(tx, ctx, uploadEvent(stored, theCase.id));
    // The record the policy still asked for may complete a clean request: approved now.
    const automated = await approveAutomaticallyIfClean(ctx, tx, theCase, { goldCard: false });
    return {
      ...stored,
      caseStatus: automated.approved ? automated.status : theCase.status,
      automatedApproval: automated.approved ? { determinationId: automated.determinationId } : null,
    };
  });
}

/** Checks a file's size and recognizes its type from the content; it is stored with that type's extension. */
export function checkFile(input: { fileName: string; bytes: Uint8Array; documentKind?: unknown }): CheckedFile {
  const kind = documentKindSchema.safeParse(input.documentKind);
  if (!kind.success) {
    const message = kind.error.issues[0]?.message ?? "is not a known kind of document";
    throw new ValidationError(`The document's kind ${message}.`, [{ path: "kind", message }]);
  }
  // Named for messages until the content is recognized.
  const shownName = displayFileName(
    typeof input.fileName === "string" ? input.fileName.split(/[\\/]/).pop()!.slice(0, 200) : "",
  );
  if (input.bytes.length === 0)
    throw new ValidationError(`${shownName} is empty.`, [{ path: "file", message: "is empty" }]);
  if (input.bytes.length > MAX_ATTACHMENT_BYTES)
    throw new PayloadTooLargeError(
      `${shownName} is ${(input.bytes.length / 1048576).toFixed(1)} MB; the limit is 25 MB per file.`,
    );
  const contentType = detectFileType(input.bytes);
  if (!contentType)
    throw new UnsupportedMediaTypeError(
      `${shownName} is not a PDF, PNG, JPEG or TIFF file (checked by its content, not its name).`,
    );
  return {
    fileName: storedFileName(input.fileName, contentType),
    documentKind: kind.data,
    contentType,
    sha256: createHash("sha256").update(input.bytes).digest("hex"),
    bytes: input.bytes,
  };
}

/** Stores a checked file on a case in `tx`; the caller holds the case's row lock, and audits it (uploadEvent) last. */
export async function storeAttachment(
  ctx: ServiceContext,
  tx: Tx,
  theCase: typeof cases.$inferSelect,
  file: CheckedFile,
  storageFor: (db: ServiceContext["db"]) => AttachmentStorage = attachmentStorage,
): Promise<UploadedAttachment> {
  const { fileName, contentType, sha256, bytes, documentKind } = file;
  if (!UPLOADABLE_STATUSES.includes(theCase.status))
    throw new ConflictError(
      `Files can no longer be added: this case is ${STATUS_LABELS[theCase.status].toLowerCase()}.`,
    );
  const [existing] = await tx.select({ n: count() }).from(attachments).where(eq(attachments.caseId, theCase.id));
  if (Number(existing?.n ?? 0) >= MAX_ATTACHMENTS_PER_CASE)
    throw new ConflictError(`This case already has ${MAX_ATTACHMENTS_PER_CASE} files, the most a case can hold.`);
  const storageKey = `cases/${theCase.id}/${randomUUID()}`;
  await storageFor(tx).put(storageKey, bytes);
  const [row] = await tx
    .insert(attachments)
    .values({
      caseId: theCase.id,
      uploadedBy: ctx.viewer.userId,
      fileName,
      contentType,
      size: bytes.length,
      sha256,
      storageKey,
      documentKind,
    })
    .returning({ id: attachments.id });
  return { id: row!.id, fileName, documentKind, sha256, size: bytes.length, contentType };
}

/** The audit record of a stored file. */
export function uploadEvent(stored: UploadedAttachment, caseId: string): AuditEventInput {
  return {
    action: "attachment.upload",
    targetType: "attachment",
    targetId: stored.id,
    caseId,
    details: {
      contentType: stored.contentType,
      size: stored.size,
      sha256: stored.sha256,
      documentKind: stored.documentKind,
    },
  };
}
