import "server-only";
import { and, eq } from "drizzle-orm";
import { cases } from "@/db/schema";
import { recordAudit, refuseNotFound, type ServiceContext } from "../context";
import { caseScope } from "./get-case-in-scope";
import { readPriorAuthState } from "./prior-auth-state";

const REFERENCE = /^[A-Za-z0-9-]{4,40}$/;

/**
 * The state of a case as a prior-authorization answer reports it (FHIR $inquire, and $submit's
 * answer): status, the open information request, and the latest determination with the
 * criteria its findings cite. Looked up by the case reference within the viewer's scope; another
 * organization's case is an audited 404. Every reading is audited.
 */
export async function getPriorAuthStatus(ctx: ServiceContext, reference: string) {
  const [row] = REFERENCE.test(reference)
    ? await ctx.db
        .select()
        .from(cases)
        .where(and(eq(cases.reference, reference), caseScope(ctx)))
        .limit(1)
    : [];
  if (!row || row.status === "draft")
    return refuseNotFound(ctx, "case.read", {
      type: "case",
      id: REFERENCE.test(reference) ? reference : "invalid-reference",
    });
  await recordAudit(ctx, {
    action: "case.view",
    targetType: "case",
    targetId: row.id,
    caseId: row.id,
    details: { status: row.status, channel: "fhir" },
  });
  return readPriorAuthState(ctx.db, row);
}
