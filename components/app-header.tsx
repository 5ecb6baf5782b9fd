import Link from "next/link";
import { can, ROLE_LABELS, type Permission } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/server/context";
import { policyHref } from "@/lib/domain";
import { LATEST_RULES } from "@/lib/policy/catalogue";
import { signOutAction } from "@/app/actions/sign-out";
import { NotificationBell } from "./notification-bell";

const NAV: { href: string; label: string; permission: Permission }[] = [
  { href: "/cases", label: "Cases", permission: "case.list_own" },
  // Only administrators have it: their own work comes first, before the webhooks they share with providers.
  { href: "/admin/users", label: "Administration", permission: "users.manage" },
  { href: "/settings/api-keys", label: "API keys", permission: "apikey.manage" },
  { href: "/settings/webhooks", label: "Webhooks", permission: "webhook.manage" },
  { href: "/queue", label: "Queue", permission: "queue.read" },
  { href: "/review/quality", label: "Quality review", permission: "qa.review" },
  { href: "/history", label: "Decision history", permission: "audit.read" },
  { href: "/reports", label: "Metrics", permission: "reports.read" },
  { href: "/reports/publish", label: "Public metrics", permission: "metrics.publish" },
  { href: "/audit", label: "Audit history", permission: "audit.read" },
  { href: policyHref(LATEST_RULES.id), label: `Policy ${LATEST_RULES.id}`, permission: "policy.read" },
  { href: "/account", label: "Your account", permission: "policy.read" },
];

/** `restricted`: the person must set up two-factor sign-in first, so no navigation but sign-out. */
export function AppHeader({
  viewer,
  restricted = false,
  unreadCount = 0,
}: {
  viewer: Viewer;
  restricted?: boolean;
  unreadCount?: number;
}) {
  return (
    <header className="border-b border-slate-300 bg-white print:hidden">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="font-semibold text-blue-900">
          PA portal · 339.7
        </Link>
        <nav aria-label="Main" className="flex flex-wrap gap-4 text-sm">
          {NAV.filter((item) => can(viewer.role, item.permission) && (!restricted || item.href === "/account")).map(
            (item) => (
              <Link key={item.href} href={item.href} className="text-slate-800 underline-offset-4 hover:underline">
                {item.label}
              </Link>
            ),
          )}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          {restricted ? null : <NotificationBell initialCount={unreadCount} />}
          <span>
            {viewer.name} <span className="text-slate-600">({ROLE_LABELS[viewer.role]})</span>
          </span>
          <form action={signOutAction}>
            <button type="submit" className="rounded border border-slate-400 px-3 py-1 hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
