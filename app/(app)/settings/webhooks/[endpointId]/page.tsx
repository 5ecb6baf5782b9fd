import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, Td } from "@/components/ui/data-table";
import { formatPlanDateTime, webhookEventLabel } from "@/lib/domain";
import { deliveryAnswer, type DeliveryOutcome } from "@/lib/webhook-delivery";
import { WebAddress } from "@/components/ui/web-address";
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
      <h1 className="text-2xl font-semibold">
        Deliveries to <WebAddress url={endpoint.url} />
      </h1>
      <EndpointButtons endpointId={endpoint.id} canSend={endpoint.canSend} />
      <p className="text-sm text-slate-700">
        A failed delivery is tried again after 1 minute, then 2, 4, 8 … (at most 6 hours apart) until 24 hours after the
        event; then it is given up and the endpoint marked failing.
      </p>
      <DataTable
        caption="Delivery log, newest first"
        headers={["Time", "Event", "Attempt", "Answer", "Outcome", "Took", "Message id"]}
      >
        {deliveries.map((d) => (
          <tr key={d.id}>
            <Td>{formatPlanDateTime(d.at)}</Td>
            <Td>{webhookEventLabel(d.eventType)}</Td>
            <Td>{d.attempt}</Td>
            <Td>{deliveryAnswer(d)}</Td>
            <Td>
              <OutcomeText outcome={d.outcome} />
            </Td>
            <Td>{d.durationMs} ms</Td>
            <Td>
              <code className="text-xs">{d.messageId}</code>
            </Td>
          </tr>
        ))}
      </DataTable>
      {deliveries.length === 0 ? <p className="text-sm">Nothing delivered yet.</p> : null}
    </div>
  );
}

function OutcomeText({ outcome }: { outcome: DeliveryOutcome }) {
  switch (outcome.kind) {
    case "delivered":
      return <>Delivered</>;
    case "retry_at":
      return <span className="text-red-800">Failed; next attempt at {formatPlanDateTime(outcome.at)}</span>;
    case "retried":
      return <span className="text-red-800">Failed; tried again (see the later attempt)</span>;
    case "given_up":
      return <span className="text-red-800">Failed; given up (24 hours passed)</span>;
    case "failed":
      return <span className="text-red-800">Failed</span>;
  }
}
