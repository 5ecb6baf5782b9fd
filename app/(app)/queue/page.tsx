import type { Metadata } from "next";
import { asc, inArray } from "drizzle-orm";
import { cases } from "@/db/schema";
import { DataTable, Td } from "@/components/ui/data-table";
import { requirePageAccess } from "@/lib/server/viewer";

export const metadata: Metadata = { title: "Review queue" };

export default async function QueuePage() {
  const ctx = await requirePageAccess("queue.read");
  const rows = await ctx.db
    .select({ id: cases.id, reference: cases.reference, status: cases.status, dueAt: cases.dueAt })
    .from(cases)
    .where(inArray(cases.status, ["submitted", "in_review", "pending_information", "appeal_submitted", "appeal_in_review"]))
    .orderBy(asc(cases.dueAt))
    .limit(50);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Review queue</h1>
      <DataTable caption="Cases awaiting a decision, earliest due first" headers={["Reference", "Status", "Due"]}>
        {rows.map((c) => (
          <tr key={c.id}>
            <Td>{c.reference}</Td>
            <Td>{c.status}</Td>
            <Td>{c.dueAt?.toISOString() ?? ""}</Td>
          </tr>
        ))}
      </DataTable>
      {rows.length === 0 ? <p>The queue is empty.</p> : null}
    </div>
  );
}
