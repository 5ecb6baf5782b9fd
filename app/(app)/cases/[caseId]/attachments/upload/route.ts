import { errorResponse, json, readUploadedFile } from "@/app/api/v1/_lib/http";
import { uploadAttachment } from "@/lib/server/attachments/upload-attachment";
import { serviceContext } from "@/lib/server/viewer";

/**
 * The case page's uploader posts here with XMLHttpRequest (which reports upload progress; a
 * server action cannot). Same service, same checks as the JSON API.
 */
export async function POST(req: Request, { params }: { params: Promise<{ caseId: string }> }) {
  try {
    const { caseId } = await params;
    const ctx = await serviceContext();
    const file = await readUploadedFile(req);
    const saved = await uploadAttachment(ctx, { caseId, fileName: file.fileName, bytes: file.bytes });
    return json(saved, 201);
  } catch (err) {
    return errorResponse(err);
  }
}
