import "server-only";
import { sql } from "drizzle-orm";
import { reviewDrafts } from "@/db/schema";
import { OPEN_FOR_REVIEW, STATUS_LABELS } from "@/lib/domain";
import { saveReviewDraftInput } from "@/lib/validation/review";
import { getCaseInScope } from "../cases/get-case-in-scope";
import { requirePermission, withTransaction, type ServiceContext } from "../context";
import { ConflictError } from "../errors";
import { parseInput } from "../parse-input";

/** Keys a draft may not carry: an escalation is recorded only by escalating (case_escalations). */
const RESERVED_KEYS = ["escalationReason", "escalatedAt"] as const;

/**
 * Keeps the reviewer's unsigned work (findings, notes, rationale) so a reload or a lost race
 * loses nothing. Not a decision, not audited (drafts are saved every few seconds); one row per
 * case and reviewer. Only while the case is open for review: a decided or withdrawn case takes
 * no more drafts.
 */
export async function saveReviewDraft(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.claim");
  const { caseId, content: incoming } = parseInput(saveReviewDraftInput, input, "draft");
  const content = Object.fromEntries(
    Object.entries(incoming).filter(([key]) => !(RESERVED_KEYS as readonly string[]).includes(key)),
  );
  // The case row is locked so a decision signing at the same moment (which discards the draft)
  // is either before this save, which then sees the case decided, or after it.
  const saved = await withTransaction(ctx, async (tx) => {
    const row = await getCaseInScope(ctx, caseId, tx, { forUpdate: true });
    if (!OPEN_FOR_REVIEW.includes(row.status))
      throw new ConflictError(
        `This case is ${STATUS_LABELS[row.status].toLowerCase()}: it is no longer open for review, so the draft was not saved.`,
      );
    const [out] = await tx
      .insert(reviewDrafts)
      .values({ caseId, reviewerId: ctx.viewer.userId, content })
      .onConflictDoUpdate({
        target: [reviewDrafts.caseId, reviewDrafts.reviewerId],
        set: { content, updatedAt: sql`now()` },
      })
      .returning({ updatedAt: reviewDrafts.updatedAt });
    return out!;
  });
  return { savedAt: saved.updatedAt.toISOString() };
}
