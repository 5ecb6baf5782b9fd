import { errorResponse } from "@/app/api/v1/_lib/http";
import { readAttachment } from "@/lib/server/attachments/read-attachment";
import { serviceContext } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

/**
 * The only way a file leaves the server: the signed-in viewer must be allowed to see the file's
 * case; every download is audited. `?inline=1` shows a PDF or image in the browser (reviewers read
 * records beside the policy); otherwise it downloads. Every response carries
 * `Content-Security-Policy: sandbox`: a file opened in the browser runs in an opaque origin with
 * scripts, forms and plugins off, so even a crafted file cannot act in the portal's origin.
 */
export async function GET(req: Request, { params }: { params: Promise<{ attachmentId: string }> }) {
  try {
    const { attachmentId } = await params;
    const file = await readAttachment(await serviceContext(), attachmentId);
    const inline = new URL(req.url).searchParams.get("inline") === "1";
    const asciiName = file.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
    const disposition = `${inline ? "inline" : "attachment"}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`;
    return new Response(file.bytes as unknown as BodyInit, {
      status: 200,
      headers: {
        "content-type": file.contentType,
        "content-length": String(file.size),
        "content-disposition": disposition,
        "x-content-type-options": "nosniff",
        "content-security-policy": "sandbox",
        "cache-control": "private, no-store",
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
