import "server-only";
import { and, desc, eq, ne } from "drizzle-orm";
import { cases, organizations } from "@/db/schema";
import type { PasInquiryMatch } from "@/lib/fhir/pas-bundle";
import { recordRefusal, type ServiceContext } from "../context";
import { NotFoundError } from "../errors";
import { caseScope } from "./get-case-in-scope";

/** How many of a member's requests an inquiry looks through (newest first). */
const MAX_CANDIDATES = 200;

/**
 * PAS $inquire by example: the caller's organization's requests for the member, narrowed by the
 * service codes and dates the inquiry names (a request matches when it shares a code and, when
 * dates are given, its planned service date is one of them). An NPI that is not the caller's own
 * organization's matches nothing. Answers the newest match's reference and the others' (newest
 * first); none is an audited 404. Never another organization's requests (caseScope).
 */
export async function findPriorAuthByMatch(
  ctx: ServiceContext,
  match: PasInquiryMatch,
): Promise<{ reference: string; others: string[] }> {
  const refuse = async (reason: string): Promise<never> => {
    await recordRefusal(ctx, "case.read", { type: "case", id: "inquiry-match", reason });
    throw new NotFoundError("prior authorization request");
  };
  if (match.npi) {
    const [org] = await ctx.db
      .select({ npi: organizations.npi })
      .from(organizations)
      .where(eq(organizations.id, ctx.viewer.organizationId));
    if (org?.npi !== match.npi) return refuse("the inquiry's NPI is not the caller's organization's");
  }
  const rows = await ctx.db
    .select({ reference: cases.reference, request: cases.request })
    .from(cases)
    .where(and(eq(cases.memberId, match.memberId), ne(cases.status, "draft"), caseScope(ctx)))
    .orderBy(desc(cases.submittedAt))
    .limit(MAX_CANDIDATES);
  const found = rows.filter(({ request }) => {
    const codes = request.request?.cptCodes ?? [];
    if (match.codes.length > 0 && !match.codes.some((c) => codes.includes(c))) return false;
    const date = request.request?.serviceDate;
    return match.dates.length === 0 || (!!date && match.dates.includes(date));
  });
  const [newest, ...others] = found.map((r) => r.reference);
  if (!newest) return refuse("no request matches the inquiry");
  return { reference: newest, others };
}
