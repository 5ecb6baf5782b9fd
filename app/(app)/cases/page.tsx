import type { Metadata } from "next";
import { and, desc, eq } from "drizzle-orm";
import { cases } from "@/db/schema";
import { DataTable, Td } from "@/components/ui/data-table";
import { requirePageAccess } from "@/lib/server/viewer";

export const metadata: Metadata = { title: "Your cases" };

export default async function CasesPage() {
  const ctx = await requirePageAccess("case.list_own");
  const rows = await ctx.db
    .select({ id: cases.id, reference: cases.reference, status: cases.status, createdAt: cases.createdAt })
    .from(cases)
    .where(and(eq(cases.organizationId, ctx.viewer.organizationId)))
    .orderBy(desc(cases.createdAt))
    .limit(50);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Your organization’s cases</h1>
      <DataTable caption="Cases" headers={["Reference", "Status", "Created"]}>
        {rows.map((c) => (
          <tr key={c.id}>
            <Td>{c.reference}</Td>
            <Td>{c.status}</Td>
            <Td>{c.createdAt.toISOString().slice(0, 10)}</Td>
          </tr>
        ))}
      </DataTable>
      {rows.length === 0 ? <p>No cases yet.</p> : null}
    </div>
  );
}
