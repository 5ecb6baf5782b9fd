import { apiRoute, json, readUploadedFile } from "../../../_lib/http";
import { uploadAttachment } from "@/lib/server/attachments/upload-attachment";

/**
 * POST /api/v1/cases/{id}/attachments (multipart: field "file", optional field "kind", one of the
 * policy's document kinds): 201 { id, fileName, documentKind, sha256, size, contentType, caseStatus,
 * automatedApproval }; 400 for an unknown kind, 413, 415, 409 after a decision. The record that
 * completes a clean request may approve it automatically (caseStatus "approved", the determination).
 */
export const POST = apiRoute<{ id: string }>(async (req, ctx, { id }) => {
  const file = await readUploadedFile(req);
  const saved = await uploadAttachment(ctx, {
    caseId: id,
    fileName: file.fileName,
    bytes: file.bytes,
    documentKind: file.documentKind,
  });
  return json(
    {
      id: saved.id,
      fileName: saved.fileName,
      documentKind: saved.documentKind,
      sha256: saved.sha256,
      size: saved.size,
      contentType: saved.contentType,
      caseStatus: saved.caseStatus,
      automatedApproval: saved.automatedApproval,
    },
    201,
  );
});
