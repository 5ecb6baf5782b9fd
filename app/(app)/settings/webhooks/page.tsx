import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, Td } from "@/components/ui/data-table";
import { WebAddress } from "@/components/ui/web-address";
import { formatPlanDateTime, WEBHOOK_EVENT_LABELS, webhookEventsFor } from "@/lib/domain";
import { listWebhookEndpoints } from "@/lib/server/webhooks/endpoints";
import { requirePageAccess } from "@/lib/server/viewer";
import { can } from "@/lib/auth/permissions";
import { listSubscriptionsWithDeliveries } from "@/lib/server/fhir-subscriptions/subscriptions";
import { CreateWebhookForm, EndpointButtons } from "./webhook-controls";

export const metadata: Metadata = { title: "Webhooks" };

const STATE_LABELS: Record<string, string> = { active: "Active", failing: "Failing", disabled: "Disabled" };
const SUBSCRIPTION_STATE_LABELS: Record<string, string> = {
  requested: "Waiting for the handshake",
  active: "Active",
  error: "Failing",
  off: "Ended",
};
const NOTIFICATION_TYPE_LABELS: Record<string, string> = {
  handshake: "handshake",
  heartbeat: "heartbeat",
  "event-notification": "event",
};

export default async function WebhooksPage() {
  const ctx = await requirePageAccess("webhook.manage");
  const endpoints = await listWebhookEndpoints(ctx);
  const choices = webhookEventsFor(ctx.viewer.role);
  const auditAnchors = choices.includes("audit.checkpoint");
  const subscriptions = can(ctx.viewer.role, "fhir_subscription.manage")
    ? await listSubscriptionsWithDeliveries(ctx)
    : null;
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
                <Link className="underline" href={`/settings/webhooks/${e.id}`}>
                  <WebAddress url={e.url} />
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
      {subscriptions ? (
        <section aria-labelledby="subscriptions-heading" className="space-y-3">
          <h2 id="subscriptions-heading" className="text-lg font-semibold">
            FHIR subscriptions of your EHR
          </h2>
          <p className="text-sm text-slate-700">
            Your EHR subscribes itself (PAS subscriptions, <code>POST /fhir/Subscription</code>) and is told when a
            request is decided or more information is asked for. Shown here to follow its deliveries; your EHR changes
            or deletes them.
          </p>
          <DataTable
            caption="FHIR subscriptions"
            headers={["Address", "State", "Events so far", "Latest deliveries", "Added"]}
          >
            {subscriptions.map((s) => (
              <tr key={s.id}>
                <Td>
                  <WebAddress url={s.endpoint} />
                  <span className="block text-xs text-slate-700">{s.content}</span>
                </Td>
                <Td>
                  {SUBSCRIPTION_STATE_LABELS[s.status] ?? s.status}
                  {s.failingBecause ? <span className="block text-xs text-red-800">{s.failingBecause}</span> : null}
                </Td>
                <Td>{s.eventCount}</Td>
                <Td>
                  {s.deliveries.length ? (
                    <ul className="space-y-0.5 text-xs">
                      {s.deliveries.map((d) => (
                        <li key={d.id}>
                          {formatPlanDateTime(d.at)}:{" "}
                          {NOTIFICATION_TYPE_LABELS[d.notificationType] ?? d.notificationType}
                          {d.eventNumber ? ` ${d.eventNumber}` : ""} —{" "}
                          {d.error ? (
                            <span className="text-red-800">failed ({d.error})</span>
                          ) : (
                            `delivered (${d.statusCode})`
                          )}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="text-xs">None yet</span>
                  )}
                </Td>
                <Td>{formatPlanDateTime(s.createdAt)}</Td>
              </tr>
            ))}
          </DataTable>
          {subscriptions.length === 0 ? <p className="text-sm">Your EHR has not subscribed.</p> : null}
        </section>
      ) : null}
    </div>
  );
}
