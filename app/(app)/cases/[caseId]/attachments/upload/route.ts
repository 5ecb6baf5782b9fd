import { assertUploadLength, errorResponse, json, readUploadedFile } from "@/app/api/v1/_lib/http";
import { uploadAttachment } from "@/lib/server/attachments/upload-attachment";
import { isSameOrigin } from "@/lib/server/attachments/same-origin";
import { ForbiddenError } from "@/lib/server/errors";
import { serviceContext } from "@/lib/server/viewer";

/**
 * The case page's uploader posts here with XMLHttpRequest (which reports upload progress; a
 * server action cannot). Same service, same checks as the JSON API.
 *
 * It is authenticated by the session cookie, so it checks where the request comes from (server
 * actions get this from Next; a route handler must do it itself): the `Origin` header must be
 * this site's own origin, or the upload is refused (403) before the body is read. The body must
 * declare its size (Content-Length) within the limit (413), also before it is read.
 */
export async function POST(req: Request, { params }: { params: Promise<{ caseId: string }> }) {
  try {
    if (!isSameOrigin(req)) throw new ForbiddenError("Uploads are only accepted from the portal's own pages.");
    assertUploadLength(req);
    const { caseId } = await params;
    const ctx = await serviceContext();
    const file = await readUploadedFile(req);
    const saved = await uploadAttachment(ctx, {
      caseId,
      fileName: file.fileName,
      bytes: file.bytes,
      documentKind: file.documentKind,
    });
    return json(saved, 201);
  } catch (err) {
    return errorResponse(err);
  }
}
