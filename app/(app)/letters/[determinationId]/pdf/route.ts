import { getLetter } from "@/lib/server/letters/get-letter";
import { renderLetterPdf } from "@/lib/server/letters/render-letter-pdf";
import { ServiceError, toActionResult } from "@/lib/server/errors";
import { serviceContext } from "@/lib/server/viewer";
import { unstable_rethrow } from "next/navigation";

export const dynamic = "force-dynamic";

/** The letter as a PDF: same content as the page, same access rule, audited. */
export async function GET(_request: Request, { params }: { params: Promise<{ determinationId: string }> }) {
  try {
    const { determinationId } = await params;
    const data = await getLetter(await serviceContext(), determinationId, "pdf");
    const pdf = await renderLetterPdf(data.letter);
    return new Response(Buffer.from(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="decision-${data.reference}.pdf"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    unstable_rethrow(err);
    const status = err instanceof ServiceError ? err.status : 500;
    return Response.json({ error: toActionResult(err).message }, { status });
  }
}
