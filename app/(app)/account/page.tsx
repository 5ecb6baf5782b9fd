import type { Metadata } from "next";
import { ActionForm, Field } from "@/components/ui/action-form";
import { DataTable, Td } from "@/components/ui/data-table";
import { PASSWORD_HINT } from "@/components/public-card";
import { listMySessions } from "@/lib/server/account/sessions";
import { myCredentials } from "@/lib/server/admin/credentials";
import { requirePageAccess } from "@/lib/server/viewer";
import { changePasswordAction, endSessionAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };

/** A short description of a browser from its user agent (enough to tell sessions apart). */
function browserOf(ua: string | null): string {
  if (!ua) return "unknown browser";
  const browser = /Edg\//.test(ua) ? "Edge" : /Chrome\//.test(ua) ? "Chrome" : /Firefox\//.test(ua) ? "Firefox" : /Safari\//.test(ua) ? "Safari" : ua.slice(0, 40);
  const os = /Windows/.test(ua) ? "Windows" : /Mac OS X/.test(ua) ? "macOS" : /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS" : /Linux/.test(ua) ? "Linux" : "";
  return os ? `${browser} on ${os}` : browser;
}

export default async function AccountPage() {
  const ctx = await requirePageAccess("policy.read"); // every signed-in role
  const sessions = await listMySessions(ctx);
  const licences = await myCredentials(ctx);
  return (
    <div className="max-w-4xl space-y-8">
      <h1 className="text-2xl font-semibold">Your account</h1>
      <p className="text-sm text-slate-700">
        {ctx.viewer.name} · {ctx.viewer.email}
      </p>
      {licences ? (
        <section aria-labelledby="licences-heading" className="space-y-2">
          <h2 id="licences-heading" className="text-lg font-semibold">
            Your licences
          </h2>
          {licences.length ? (
            <ul className="list-disc pl-5 text-sm">
              {licences.map((l) => (
                <li key={l.id}>
                  {l.licenceType} {l.licenceNumber} ({l.state}), {l.specialty}: {l.expired ? <strong className="text-red-800">expired {l.validUntil}</strong> : `valid until ${l.validUntil}`}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm">No licence on file. Ask an administrator to add yours.</p>
          )}
        </section>
      ) : null}
      <section aria-labelledby="sessions-heading" className="space-y-2">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Your sessions
        </h2>
        <p className="text-sm text-slate-700">Where and when you are signed in. End any session you do not recognise, then change your password.</p>
        <DataTable caption="Your sessions" headers={["Signed in", "From", "Browser", ""]}>
          {sessions.map((s) => (
            <tr key={s.id} data-testid="session-row">
              <Td className="whitespace-nowrap">{s.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC</Td>
              <Td>{s.ip ?? "unknown address"}</Td>
              <Td>{browserOf(s.userAgent)}</Td>
              <Td>
                {s.current ? (
                  <span className="font-medium">This session</span>
                ) : (
                  <ActionForm action={endSessionAction} submitLabel={<>End<span className="sr-only"> session from {s.createdAt.toISOString()}</span></>} buttonClassName="rounded border border-red-700 px-2 py-1 text-xs font-medium text-red-800" className="inline-flex">
                    <input type="hidden" name="sessionId" value={s.id} />
                  </ActionForm>
                )}
              </Td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section aria-labelledby="password-heading" className="space-y-2 rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="password-heading" className="text-lg font-semibold">
          Change your password
        </h2>
        <p className="text-sm text-slate-700">Your other sessions end; this one stays. {PASSWORD_HINT}</p>
        <ActionForm action={changePasswordAction} submitLabel="Change password" success="Password changed. Your other sessions were ended." ariaLabel="Change your password">
          <input type="hidden" name="username" value={ctx.viewer.email} autoComplete="username" />
          <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" />
          <Field label="New password" name="newPassword" type="password" autoComplete="new-password" />
        </ActionForm>
      </section>
    </div>
  );
}
