import "server-only";
import { eq } from "drizzle-orm";
import { attachments } from "@/db/schema";
import { recordAudit, refuseNotFound, type ServiceContext } from "../context";
import { NotFoundError } from "../errors";
import { getCaseInScope } from "../cases/get-case-in-scope";
import { attachmentStorage } from "./storage";
import { displayFileName } from "@/lib/file-names";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A file's bytes for a viewer who may see its case (provider: own organization; reviewers and
 * auditors: submitted cases). Every read is audited as "attachment.download"; anything else is
 * an audited 404.
 */
export async function readAttachment(ctx: ServiceContext, attachmentId: string) {
  if (!UUID.test(attachmentId))
    return refuseNotFound(ctx, "attachment.download", { type: "attachment", id: "invalid-id" });
  const [file] = await ctx.db.select().from(attachments).where(eq(attachments.id, attachmentId)).limit(1);
  if (!file) return refuseNotFound(ctx, "attachment.download", { type: "attachment", id: attachmentId });
  try {
    await getCaseInScope(ctx, file.caseId);
  } catch (err) {
    if (err instanceof NotFoundError) throw new NotFoundError("attachment");
    throw err;
  }
  const bytes = await attachmentStorage(ctx.db).get(file.storageKey);
  if (!bytes) throw new NotFoundError("attachment");
  await recordAudit(ctx, {
    action: "attachment.download",
    targetType: "attachment",
    targetId: file.id,
    caseId: file.caseId,
    details: { contentType: file.contentType, size: file.size },
  });
  return {
    id: file.id,
    fileName: displayFileName(file.fileName),
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
    bytes,
  };
}
