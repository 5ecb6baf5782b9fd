"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/** How often an open page asks for the unread count (and at once when the window regains focus). */
const POLL_MS = 5_000;

/** The header's bell: the unread count, kept current without reloading the page. */
export function NotificationBell({ initialCount }: { initialCount: number }) {
  const router = useRouter();
  const [count, setCount] = useState(initialCount);
  // A new count from the server (after a navigation or a refresh) replaces the polled one.
  const [fromServer, setFromServer] = useState(initialCount);
  if (fromServer !== initialCount) {
    setFromServer(initialCount);
    setCount(initialCount);
  }
  useEffect(() => {
    let stopped = false;
    // Set once the server answers 401: the session ended (signed out elsewhere, expired). The
    // bell stops asking; when the person comes back to the tab, they go to sign in.
    let signedOut = false;
    const toSignIn = () => {
      const here = `${window.location.pathname}${window.location.search}`;
      router.push(`/login?callbackUrl=${encodeURIComponent(here)}`);
    };
    const refresh = async () => {
      if (signedOut || document.visibilityState !== "visible") return;
      const res = await fetch("/notifications/unread", { cache: "no-store" }).catch(() => null);
      if (res?.status === 401) {
        signedOut = true;
        clearInterval(timer);
        return;
      }
      const body = res?.ok ? ((await res.json().catch(() => null)) as { count?: unknown } | null) : null;
      if (!stopped && typeof body?.count === "number") setCount(body.count);
    };
    // refresh settles every failure itself (a missed poll waits for the next one).
    const poll = () => void refresh();
    const timer = setInterval(poll, POLL_MS);
    const onReturn = () => {
      if (!signedOut) poll();
      else if (document.visibilityState === "visible") toSignIn();
    };
    window.addEventListener("focus", onReturn);
    document.addEventListener("visibilitychange", onReturn);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener("focus", onReturn);
      document.removeEventListener("visibilitychange", onReturn);
    };
  }, [router]);
  const label = count === 0 ? "Notifications, none unread" : `Notifications, ${count} unread`;
  return (
    <Link
      href="/notifications"
      aria-label={label}
      data-testid="notification-bell"
      className="relative inline-flex items-center rounded border border-slate-300 px-2 py-1 hover:bg-slate-100"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.7 21a2 2 0 0 1-3.4 0" />
      </svg>
      {count > 0 ? (
        <span
          data-testid="notification-count"
          className="ml-1 rounded-full bg-red-700 px-1.5 text-xs font-semibold text-white"
        >
          {count > 99 ? "99+" : count}
        </span>
      ) : null}
    </Link>
  );
}
