"use server";
// The queue's search by case reference or member ID: a POST, so a member ID never lands in a URL.
import { action } from "@/lib/server/action";
import { serviceContext } from "@/lib/server/viewer";
import { listReviewQueue, type QueueRow } from "@/lib/server/review/list-review-queue";

export type QueueSearchRow = Pick<QueueRow, "id" | "reference" | "status" | "organizationName" | "assigneeName"> & {
  dueAt: string;
};

export const searchQueueAction = action(async (input: { q?: unknown; view?: unknown }): Promise<QueueSearchRow[]> => {
  const { rows } = await listReviewQueue(await serviceContext(), { q: input.q, view: input.view, limit: 25 });
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    organizationName: r.organizationName,
    assigneeName: r.assigneeName,
    dueAt: r.dueAt.toISOString(),
  }));
});
