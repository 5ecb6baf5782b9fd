import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, Td } from "@/components/ui/data-table";
import { formatPlanDateTime, WEBHOOK_EVENT_LABELS, webhookEventsFor } from "@/lib/domain";
import { listWebhookEndpoints } from "@/lib/server/webhooks/endpoints";
import { requirePageAccess } from "@/lib/server/viewer";
import { CreateWebhookForm, EndpointButtons } from "./webhook-controls";

export const metadata: Metadata = { title: "Webhooks" };

const STATE_LABELS: Record<string, string> = { active: "Active", failing: "Failing", disabled: "Disabled" };

export default async function WebhooksPage() {
  const ctx = await requirePageAccess("webhook.manage");
  const endpoints = await listWebhookEndpoints(ctx);
  const choices = webhookEventsFor(ctx.viewer.role);
  const auditAnchors = choices.includes("audit.checkpoint");
  return (
    <div className="max-w-5xl space-y-6">
      <h1 className="text-2xl font-semibold">Webhooks of your organization</h1>
      {auditAnchors ? (
        <p className="text-sm text-slate-700" data-testid="audit-anchor-help">
          Audit anchors: every signed audit checkpoint (hourly, and on <code>npm run audit:checkpoint</code>) is POSTed
          as an <code>audit.checkpoint</code> event to these endpoints, outside the portal&apos;s database: head
          sequence number, head hash, event count, time, key id, Ed25519 signature and public key; nothing about any
          case. Deliveries are signed per the{" "}
          <a className="underline" href="https://www.standardwebhooks.com/">
            Standard Webhooks
          </a>{" "}
          specification and retried for 24 hours. Keep what arrives:{" "}
          <code>npm run audit:verify -- --checkpoint FILE</code> then detects newest events removed.
        </p>
      ) : (
        <p className="text-sm text-slate-700">
          Your systems hear about each change to your cases as it happens: we POST the case summary (the same JSON as{" "}
          <code>GET /api/v1/cases/&#123;id&#125;</code>) signed per the{" "}
          <a className="underline" href="https://www.standardwebhooks.com/">
            Standard Webhooks
          </a>{" "}
          specification (<code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>:
          HMAC-SHA256 with the endpoint&apos;s secret). An answer other than 2xx is retried with a doubling delay for 24
          hours; then the endpoint is marked failing and you are told.
        </p>
      )}
      <section aria-labelledby="add-heading" className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="add-heading" className="text-lg font-semibold">
          Add an endpoint
        </h2>
        <CreateWebhookForm choices={choices} />
      </section>
      <section aria-labelledby="endpoints-heading" className="space-y-3">
        <h2 id="endpoints-heading" className="text-lg font-semibold">
          Endpoints
        </h2>
        <DataTable caption="Webhook endpoints" headers={["Address", "Events", "State", "Added", ""]}>
          {endpoints.map((e) => (
            <tr key={e.id}>
              <Td>
                <Link className="break-all underline" href={`/settings/webhooks/${e.id}`}>
                  {e.url}
                </Link>
              </Td>
              <Td>{e.events.map((ev) => WEBHOOK_EVENT_LABELS[ev] ?? ev).join(", ")}</Td>
              <Td>
                {STATE_LABELS[e.status] ?? e.status}
                {e.failingSince ? (
                  <span className="block text-xs text-red-800">since {formatPlanDateTime(e.failingSince)}</span>
                ) : null}
              </Td>
              <Td>{formatPlanDateTime(e.createdAt)}</Td>
              <Td>
                <EndpointButtons endpointId={e.id} canSend={e.canSend} />
              </Td>
            </tr>
          ))}
        </DataTable>
        {endpoints.length === 0 ? <p className="text-sm">No endpoints yet.</p> : null}
      </section>
    </div>
  );
}
