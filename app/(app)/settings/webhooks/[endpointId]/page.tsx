import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, Td } from "@/components/ui/data-table";
import { formatPlanDateTime } from "@/lib/domain";
import { listWebhookDeliveries } from "@/lib/server/webhooks/endpoints";
import { requirePageAccess } from "@/lib/server/viewer";
import { EndpointButtons } from "../webhook-controls";

export const metadata: Metadata = { title: "Webhook deliveries" };

export default async function WebhookDeliveriesPage({ params }: { params: Promise<{ endpointId: string }> }) {
  const { endpointId } = await params;
  const ctx = await requirePageAccess("webhook.manage");
  const { endpoint, deliveries } = await listWebhookDeliveries(ctx, { endpointId });
  return (
    <div className="max-w-5xl space-y-6">
      <p className="text-sm">
        <Link className="underline" href="/settings/webhooks">
          ← Webhooks
        </Link>
      </p>
      <h1 className="break-all text-2xl font-semibold">Deliveries to {endpoint.url}</h1>
      <EndpointButtons endpointId={endpoint.id} canSend={endpoint.canSend} />
      <DataTable
        caption="Delivery log, newest first"
        headers={["Time", "Event", "Message", "Attempt", "Answer", "Took"]}
      >
        {deliveries.map((d) => (
          <tr key={d.id}>
            <Td>{formatPlanDateTime(d.at)}</Td>
            <Td>{d.eventType}</Td>
            <Td>
              <code className="text-xs">{d.messageId}</code>
            </Td>
            <Td>{d.attempt}</Td>
            <Td>{d.statusCode ?? d.error ?? ""}</Td>
            <Td>{d.durationMs} ms</Td>
          </tr>
        ))}
      </DataTable>
      {deliveries.length === 0 ? <p className="text-sm">Nothing delivered yet.</p> : null}
    </div>
  );
}
