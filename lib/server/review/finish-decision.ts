import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reviewDrafts } from "@/db/schema";

/** A signed decision replaces the reviewer's unsigned draft of it. */
export async function discardDraft(tx: Db, caseId: string, reviewerId: string) {
  await tx.delete(reviewDrafts).where(and(eq(reviewDrafts.caseId, caseId), eq(reviewDrafts.reviewerId, reviewerId)));
}
