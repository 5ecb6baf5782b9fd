import Link from "next/link";
import { mailNotConfiguredInProduction } from "@/lib/server/outbox/transport";
import { portalAddressMissingInProduction } from "@/lib/server/portal-address";

const LINKS = [
  { href: "/admin/users", label: "Users and invitations" },
  { href: "/admin/organizations", label: "Organizations" },
  { href: "/admin/credentials", label: "Reviewer credentials" },
  { href: "/admin/api-keys", label: "API keys" },
  { href: "/admin/ehr-clients", label: "EHR connections" },
  { href: "/admin/outbox", label: "Outbox" },
  { href: "/admin/security", label: "Sign-in security" },
  { href: "/admin/automation", label: "Automated approval" },
];

/** The administrator's pages, and the warning that mail is not leaving the server. Rendered by each admin page after its check. */
export function AdminNav({ current }: { current: string }) {
  return (
    <div className="space-y-3">
      <nav aria-label="Administration" className="flex flex-wrap gap-4 border-b border-slate-300 pb-2 text-sm">
        {LINKS.map((l) => (
          <Link
            key={l.href}
            href={l.href}
            aria-current={l.href === current ? "page" : undefined}
            className={
              l.href === current ? "font-semibold text-blue-900" : "text-slate-800 underline-offset-4 hover:underline"
            }
          >
            {l.label}
          </Link>
        ))}
      </nav>
      {portalAddressMissingInProduction() ? (
        <p role="alert" className="rounded border border-amber-500 bg-amber-50 p-3 text-sm text-amber-900">
          <strong>Links in email point to localhost.</strong> Neither <code>PORTAL_URL</code> nor <code>AUTH_URL</code>{" "}
          is set, so invitations, password resets and notices link to this machine. Set <code>PORTAL_URL</code> to the
          portal&apos;s public address and restart.
        </p>
      ) : null}
      {mailNotConfiguredInProduction() ? (
        <p role="alert" className="rounded border border-amber-500 bg-amber-50 p-3 text-sm text-amber-900">
          <strong>Email is not being sent.</strong> <code>SMTP_URL</code> is not set, so invitations and password-reset
          links stay on the{" "}
          <Link href="/admin/outbox" className="underline">
            Outbox
          </Link>{" "}
          page and in the server log. Set <code>SMTP_URL</code> (and <code>PORTAL_URL</code>) and restart.
        </p>
      ) : null}
    </div>
  );
}
