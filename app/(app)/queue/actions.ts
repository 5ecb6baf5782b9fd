"use server";
// The queue's search by case reference or member ID: a POST, so a member ID never lands in a URL.
import { ok, rethrowIfNavigation, toActionResult, type ActionResult } from "@/lib/server/errors";
import { serviceContext } from "@/lib/server/viewer";
import { listReviewQueue, type QueueRow } from "@/lib/server/review/list-review-queue";

export type QueueSearchRow = Pick<QueueRow, "id" | "reference" | "status" | "organizationName" | "assigneeName"> & { dueAt: string };

export async function searchQueueAction(input: { q?: unknown; view?: unknown }): Promise<ActionResult<QueueSearchRow[]>> {
  try {
    const { rows } = await listReviewQueue(await serviceContext(), { q: input.q, view: input.view, limit: 25 });
    return ok(rows.map((r) => ({ id: r.id, reference: r.reference, status: r.status, organizationName: r.organizationName, assigneeName: r.assigneeName, dueAt: r.dueAt.toISOString() })));
  } catch (err) {
    rethrowIfNavigation(err);
    return toActionResult(err);
  }
}
