import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import {
  EMAIL_MODES,
  EMAIL_MODE_LABELS,
  formatPlanDateTime,
  NOTIFICATION_EVENT_LABELS,
  NOTIFICATION_EVENTS,
  PROVIDER_NOTIFICATION_EVENTS,
  REVIEWER_EMAIL_EVENTS,
} from "@/lib/domain";
import { can } from "@/lib/auth/permissions";
import { getNotificationPreferences, listNotifications } from "@/lib/server/notifications/notifications";
import { requirePageAccess } from "@/lib/server/viewer";
import { saveNotificationPreferencesAction } from "@/app/actions/notifications";
import { MarkAllReadButton, OpenNotificationButton } from "./notification-controls";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const ctx = await requirePageAccess("notifications.read");
  const [items, prefs] = await Promise.all([listNotifications(ctx), getNotificationPreferences(ctx)]);
  // Providers hear about their organization's cases; reviewers about the queue.
  const events = can(ctx.viewer.role, "case.list_own")
    ? PROVIDER_NOTIFICATION_EVENTS
    : can(ctx.viewer.role, "queue.read")
      ? REVIEWER_EMAIL_EVENTS
      : NOTIFICATION_EVENTS;
  const unread = items.filter((n) => !n.readAt).length;
  return (
    <div className="max-w-4xl space-y-6">
      <div className="flex flex-wrap items-center gap-4">
        <h1 className="text-2xl font-semibold">Notifications</h1>
        <span className="text-sm text-slate-700">{unread} unread</span>
        {unread > 0 ? <MarkAllReadButton /> : null}
      </div>
      {items.length === 0 ? (
        <p className="text-sm">Nothing yet. Changes to your cases appear here as they happen.</p>
      ) : null}
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-300 bg-white" aria-label="Notifications">
        {items.map((n) => (
          <li
            key={n.id}
            className={`flex flex-wrap items-start gap-3 p-3 ${n.readAt ? "" : "bg-blue-50"}`}
            data-testid="notification"
          >
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {n.readAt ? null : (
                  <span className="mr-2 rounded bg-blue-800 px-1.5 py-0.5 text-xs text-white">New</span>
                )}
                {n.title}
              </p>
              {n.body ? <p className="text-sm text-slate-700">{n.body}</p> : null}
              <p className="text-xs text-slate-600">{formatPlanDateTime(n.createdAt)}</p>
            </div>
            <OpenNotificationButton id={n.id} title={n.title} unread={!n.readAt} />
          </li>
        ))}
      </ul>
      <section aria-labelledby="email-heading" className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="email-heading" className="text-lg font-semibold">
          Email
        </h2>
        <p className="text-sm text-slate-700">
          Email carries the case reference, its status and a link; nothing clinical.
        </p>
        <ActionForm
          action={saveNotificationPreferencesAction}
          submitLabel="Save email preferences"
          success="Saved."
          className="space-y-3"
          ariaLabel="Email preferences"
        >
          <fieldset>
            <legend className="text-sm font-medium">How</legend>
            {EMAIL_MODES.map((m) => (
              <label key={m} className="mr-4 inline-flex items-center gap-1 text-sm">
                <input type="radio" name="emailMode" value={m} defaultChecked={prefs.emailMode === m} />{" "}
                {EMAIL_MODE_LABELS[m]}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend className="text-sm font-medium">Which events</legend>
            {events.map((e) => (
              <label key={e} className="mr-4 inline-flex items-center gap-1 text-sm">
                <input type="checkbox" name="emailEvents" value={e} defaultChecked={prefs.emailEvents.includes(e)} />{" "}
                {NOTIFICATION_EVENT_LABELS[e]}
              </label>
            ))}
          </fieldset>
        </ActionForm>
      </section>
    </div>
  );
}
