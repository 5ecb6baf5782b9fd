"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { markAllNotificationsReadAction, markNotificationReadAction } from "@/app/actions/notifications";

/** Opens a notification: marks it read, then goes to its case (or letter). */
export function OpenNotificationButton({ id, title, unread }: { id: string; title: string; unread: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span>
      <button
        type="button"
        disabled={pending}
        className="rounded bg-blue-800 px-3 py-1 text-sm font-semibold text-white disabled:opacity-60"
        onClick={() =>
          start(async () => {
            const r = await markNotificationReadAction({ id });
            if (!r.ok) return setError(r.message);
            router.push(r.data.link);
          })
        }
      >
        Open<span className="sr-only"> {title}</span>
        {unread ? <span className="sr-only"> (unread)</span> : null}
      </button>
      {error ? (
        <span role="alert" className="ml-2 text-xs text-red-800">
          {error}
        </span>
      ) : null}
    </span>
  );
}

export function MarkAllReadButton() {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      className="rounded border border-slate-400 px-3 py-1 text-sm disabled:opacity-60"
      onClick={() =>
        start(async () => {
          await markAllNotificationsReadAction();
          router.refresh();
        })
      }
    >
      Mark all read
    </button>
  );
}
