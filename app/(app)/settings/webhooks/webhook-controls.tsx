"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { WEBHOOK_EVENT_LABELS, type WebhookEvent } from "@/lib/domain";
import { createWebhookEndpointAction, disableWebhookEndpointAction, sendWebhookTestEventAction } from "./actions";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { WebAddress } from "@/components/ui/web-address";

/** `choices`: the events the viewer's role may subscribe to (providers: case events; the plan's administrators: audit.checkpoint). */
export function CreateWebhookForm({ choices }: { choices: readonly WebhookEvent[] }) {
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>([...choices]);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-3">
      <form
        method="post"
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const r = await createWebhookEndpointAction({ url, events });
            if (!r.ok) return setError(r.message);
            setError(null);
            setUrl("");
            setCreated({ url: r.data.url, secret: r.data.secret });
          });
        }}
      >
        <div>
          <label htmlFor="webhook-url" className="block text-sm font-medium">
            Endpoint address (https)
          </label>
          <input
            id="webhook-url"
            type="url"
            required
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://ehr.example.org/hooks/prior-auth"
            className="w-full max-w-xl rounded border border-slate-400 px-2 py-1.5 text-sm"
          />
        </div>
        <fieldset>
          <legend className="text-sm font-medium">Events</legend>
          {choices.map((ev) => (
            <label key={ev} className="mr-4 inline-flex items-center gap-1 text-sm">
              <input
                type="checkbox"
                checked={events.includes(ev)}
                onChange={(e) => setEvents((cur) => (e.target.checked ? [...cur, ev] : cur.filter((x) => x !== ev)))}
              />{" "}
              {WEBHOOK_EVENT_LABELS[ev]}
            </label>
          ))}
        </fieldset>
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-blue-800 px-4 py-2 text-sm font-semibold text-white disabled:opacity-60"
        >
          Add endpoint
        </button>
      </form>
      {error ? (
        <p role="alert" className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {created ? (
        <div role="status" className="rounded border border-green-500 bg-green-50 p-3 text-sm">
          <p className="font-semibold">
            Endpoint <WebAddress url={created.url} /> added. Copy its signing secret now: it will not be shown again.
          </p>
          <OneTimeSecret value={created.secret} label="the signing secret" testId="new-webhook-secret" />
        </div>
      ) : null}
    </div>
  );
}

export function EndpointButtons({ endpointId, canSend }: { endpointId: string; canSend: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const run = (fn: () => Promise<{ ok: boolean; message?: string }>, done: string) =>
    start(async () => {
      const r = await fn();
      setMessage(r.ok ? done : (r.message ?? "Refused."));
      router.refresh();
    });
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {canSend ? (
        <>
          <button
            type="button"
            disabled={pending}
            className="rounded border border-blue-800 px-2 py-1 text-xs font-medium text-blue-900 disabled:opacity-60"
            onClick={() => run(() => sendWebhookTestEventAction({ endpointId }), "Test event queued.")}
          >
            Send test event
          </button>
          <button
            type="button"
            disabled={pending}
            className="rounded border border-red-700 px-2 py-1 text-xs font-medium text-red-800 disabled:opacity-60"
            onClick={() => {
              if (window.confirm("Disable this endpoint? Nothing more is sent to it."))
                run(() => disableWebhookEndpointAction({ endpointId }), "Disabled.");
            }}
          >
            Disable
          </button>
        </>
      ) : null}
      {message ? (
        <span role="status" className="text-xs">
          {message}
        </span>
      ) : null}
    </span>
  );
}
