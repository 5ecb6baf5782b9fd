import "server-only";
import { sql } from "drizzle-orm";
import { reviewDrafts } from "@/db/schema";
import { saveReviewDraftInput } from "@/lib/validation/review";
import { getCaseInScope } from "../cases/get-case-in-scope";
import { requirePermission, type ServiceContext } from "../context";
import { parseInput } from "./parse-input";

/**
 * Keeps the reviewer's unsigned work (findings, notes, rationale) so a reload or a lost race
 * loses nothing. Not a decision, not audited (drafts are saved every few seconds); one row per
 * case and reviewer.
 */
export async function saveReviewDraft(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.claim");
  const { caseId, content } = parseInput(saveReviewDraftInput, input, "draft");
  await getCaseInScope(ctx, caseId);
  const [row] = await ctx.db
    .insert(reviewDrafts)
    .values({ caseId, reviewerId: ctx.viewer.userId, content })
    .onConflictDoUpdate({ target: [reviewDrafts.caseId, reviewDrafts.reviewerId], set: { content, updatedAt: sql`now()` } })
    .returning({ updatedAt: reviewDrafts.updatedAt });
  return { savedAt: row!.updatedAt.toISOString() };
}
