import "server-only";
import { asc, eq } from "drizzle-orm";
import { determinationFindings, determinations, users } from "@/db/schema";
import { getPolicyVersion } from "@/lib/policy";
import { getCaseInScope } from "../cases/get-case-in-scope";
import { recordAudit, refuseNotFound, requirePermission, type ServiceContext } from "../context";
import { buildLetter } from "./build-letter";
import { letterCaseFields, letterInput } from "./load-letter-input";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The decision letter of a determination, for the case's provider organization, reviewers and
 * auditors (the case scope decides: another organization's letter is an audited 404). Every
 * reading is audited.
 */
export async function getLetter(ctx: ServiceContext, determinationId: string, format: "page" | "pdf" = "page") {
  await requirePermission(ctx, "letter.read");
  const [d] = UUID.test(determinationId)
    ? await ctx.db
        .select({ determination: determinations, reviewerName: users.name })
        .from(determinations)
        .innerJoin(users, eq(users.id, determinations.reviewerId))
        .where(eq(determinations.id, determinationId))
        .limit(1)
    : [];
  if (!d)
    return refuseNotFound(ctx, "letter.view", {
      type: "determination",
      id: UUID.test(determinationId) ? determinationId : "invalid-id",
    });
  const row = await getCaseInScope(ctx, d.determination.caseId);
  const policy = getPolicyVersion(d.determination.policyVersion);
  if (!policy) return refuseNotFound(ctx, "letter.view", { type: "determination", id: determinationId });
  const findings = await ctx.db
    .select()
    .from(determinationFindings)
    .where(eq(determinationFindings.determinationId, determinationId))
    .orderBy(asc(determinationFindings.id));
  // Catalogue order, so the letter reads in the policy's order.
  const order = new Map(policy.criteria.map((c, i) => [c.id, i]));
  findings.sort((a, b) => (order.get(a.criterionId) ?? 999) - (order.get(b.criterionId) ?? 999));
  const letter = buildLetter(
    letterInput(
      await letterCaseFields(ctx.db, row),
      { ...d.determination, reviewerName: d.reviewerName },
      policy,
      findings,
    ),
  );
  await recordAudit(ctx, {
    action: "letter.view",
    targetType: "determination",
    targetId: determinationId,
    caseId: row.id,
    details: { format },
  });
  return {
    letter,
    policyVersion: policy.id,
    determinationId,
    caseId: row.id,
    reference: row.reference,
    decision: d.determination.decision,
    supersedesId: d.determination.supersedesId,
  };
}
