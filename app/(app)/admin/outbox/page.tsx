import type { Metadata } from "next";
import { DataTable, Td } from "@/components/ui/data-table";
import { listOutbox } from "@/lib/server/outbox/list-outbox";
import { requirePageAccess } from "@/lib/server/viewer";
import { AdminNav } from "../admin-nav";

export const metadata: Metadata = { title: "Outbox" };

const STATUS: Record<string, string> = { pending: "Waiting", sent: "Sent", held: "Held (no SMTP)", dead: "Gave up" };

export default async function OutboxPage() {
  const ctx = await requirePageAccess("outbox.read");
  const rows = await listOutbox(ctx);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Outbox</h1>
      <AdminNav current="/admin/outbox" />
      <p className="text-sm text-slate-700">
        The last 100 messages. With <code>SMTP_URL</code> set they are sent by email and their content is not kept;
        without it they are held here so a demo or development instance can still be used.
      </p>
      <DataTable caption="Outgoing messages" headers={["Queued", "To", "Kind", "Status", "Message"]}>
        {rows.map((m) => (
          <tr key={m.id} data-testid="outbox-row">
            <Td className="whitespace-nowrap">{m.createdAt.toISOString().slice(0, 19).replace("T", " ")} UTC</Td>
            <Td>{m.recipient}</Td>
            <Td>{m.kind.replace(/_/g, " ")}</Td>
            <Td>
              {STATUS[m.status] ?? m.status}
              {m.attempts > 1 || m.lastError ? (
                <span className="block text-xs text-slate-600">
                  {m.attempts} attempts{m.lastError ? `, last: ${m.lastError}` : ""}
                </span>
              ) : null}
            </Td>
            <Td>
              <p className="font-medium">{m.subject}</p>
              {m.text ? (
                <pre className="mt-1 max-w-xl whitespace-pre-wrap font-sans [overflow-wrap:anywhere] text-xs text-slate-800">
                  {m.text}
                </pre>
              ) : null}
            </Td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
