import type { Metadata } from "next";
import { DataTable, Td } from "@/components/ui/data-table";
import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { InviteForm } from "@/components/admin/invite-form";
import { RoleChangeForm } from "@/components/admin/role-change-form";
import { formatPlanDate, PERSON_ROLES } from "@/lib/domain";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { listAccounts, listInvitations } from "@/lib/server/admin/accounts";
import { listOrganizations } from "@/lib/server/admin/organizations";
import { requirePageAccess } from "@/lib/server/viewer";
import { AdminNav } from "../admin-nav";
import {
  changeRoleAction,
  inviteUserAction,
  resendInvitationAction,
  revokeInvitationAction,
  setUserActiveAction,
  signOutEverywhereAction,
  resetTwoFactorAction,
} from "../actions";
import { accountsWithTwoFactor } from "@/lib/server/auth/two-factor-settings";
import { TitledSection } from "@/components/ui/titled-section";

export const metadata: Metadata = { title: "Users" };

const ROLE_OPTIONS = PERSON_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const small = "rounded border border-slate-500 px-2 py-1 text-xs font-medium disabled:opacity-60";

/** One value: a repeated query parameter keeps its first. */
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const ctx = await requirePageAccess("users.manage");
  // A search too long to be a name or an email is cut (the service refuses more than 100 characters).
  const q = (first((await searchParams).q) ?? "").trim().slice(0, 100);
  const [rows, invites, orgs, withTwoFactor] = await Promise.all([
    listAccounts(ctx, { q }),
    listInvitations(ctx),
    listOrganizations(ctx),
    accountsWithTwoFactor(ctx),
  ]);
  const providerOrgs = orgs.filter((o) => o.kind === "provider" && o.active);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Users</h1>
      <AdminNav current="/admin/users" />

      <TitledSection id="invite-heading" title="Invite a person">
        <p className="text-sm text-slate-700">
          They get an email with a link to set their password (single use, valid 72 hours). Staff join the plan; a
          provider joins the organization you choose.
        </p>
        <InviteForm
          action={inviteUserAction}
          roles={ROLE_OPTIONS}
          providerOrganizations={providerOrgs.map((o) => ({ id: o.id, name: o.name }))}
        />
      </TitledSection>

      {invites.length ? (
        <DataTable caption="Open invitations" headers={["Invited", "Role", "Organization", "Expires", "Actions"]}>
          {invites.map((i) => (
            <tr key={i.id}>
              <Td>
                {i.name} <span className="text-slate-600">{i.email}</span>
              </Td>
              <Td>{ROLE_LABELS[i.role]}</Td>
              <Td>{i.organization}</Td>
              <Td>
                {i.expired ? (
                  <strong className="text-red-800">Expired</strong>
                ) : (
                  i.expiresAt.toISOString().slice(0, 16).replace("T", " ") + " UTC"
                )}
              </Td>
              <Td className="space-y-1">
                <ActionForm
                  action={resendInvitationAction}
                  submitLabel={
                    <>
                      Resend<span className="sr-only"> invitation to {i.email}</span>
                    </>
                  }
                  success="Sent again with a new link."
                  buttonClassName={small}
                  className="inline-flex gap-2"
                >
                  <input type="hidden" name="invitationId" value={i.id} />
                </ActionForm>
                <ActionForm
                  action={revokeInvitationAction}
                  submitLabel={
                    <>
                      Revoke<span className="sr-only"> invitation to {i.email}</span>
                    </>
                  }
                  confirm={`Revoke the invitation to ${i.email}?`}
                  buttonClassName={small}
                  className="inline-flex gap-2"
                >
                  <input type="hidden" name="invitationId" value={i.id} />
                </ActionForm>
              </Td>
            </tr>
          ))}
        </DataTable>
      ) : null}

      <section aria-labelledby="accounts-heading" className="space-y-3">
        <h2 id="accounts-heading" className="text-lg font-semibold">
          Accounts
        </h2>
        <form method="get" role="search" aria-label="Search accounts" className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="account-search" className="block text-sm font-medium">
              Name or email contains
            </label>
            <input
              id="account-search"
              name="q"
              type="search"
              defaultValue={q}
              maxLength={100}
              autoComplete="off"
              className="mt-1 w-64 rounded border border-slate-400 px-2 py-1.5 text-sm"
            />
          </div>
          <button type="submit" className="rounded border border-slate-500 px-3 py-1.5 text-sm font-medium">
            Search
          </button>
          {q ? (
            <Link href="/admin/users" className="py-1.5 text-sm text-blue-800 underline">
              Show everyone
            </Link>
          ) : null}
        </form>
        {q ? (
          <p role="status" className="text-sm">
            {rows.length === 1 ? "1 account matches" : `${rows.length} accounts match`} “{q}”.
          </p>
        ) : null}
        <DataTable
          caption={q ? `Accounts matching “${q}”` : "Accounts"}
          headers={["Name", "Email", "Role", "Organization", "Status", "Actions"]}
        >
          {rows.map((u) => (
            <tr key={u.id}>
              <Td>{u.name}</Td>
              <Td>{u.email}</Td>
              <Td>
                {u.id === ctx.viewer.userId ? (
                  ROLE_LABELS[u.role]
                ) : (
                  <RoleChangeForm
                    action={changeRoleAction}
                    userId={u.id}
                    name={u.name}
                    email={u.email}
                    role={u.role}
                    options={ROLE_OPTIONS}
                  />
                )}
              </Td>
              <Td>
                {u.organization}
                {u.organizationActive ? "" : " (deactivated)"}
              </Td>
              <Td>
                {u.active ? (
                  "Active"
                ) : (
                  <>
                    <strong>Deactivated</strong>
                    {u.deactivated ? (
                      <span className="block text-xs text-slate-700">
                        on {formatPlanDate(u.deactivated.at)}
                        {u.deactivated.by ? ` by ${u.deactivated.by}` : ""}
                      </span>
                    ) : null}
                  </>
                )}
                {withTwoFactor.has(u.id) ? <span className="block text-xs text-slate-700">two-factor on</span> : null}
              </Td>
              <Td className="space-y-1">
                {u.id === ctx.viewer.userId ? (
                  <p className="max-w-56 text-xs text-slate-700">
                    This is you. You cannot change your own role or deactivate yourself; ask another administrator.
                  </p>
                ) : (
                  <>
                    <ActionForm
                      action={setUserActiveAction}
                      submitLabel={
                        <>
                          {u.active ? "Deactivate" : "Reactivate"}
                          <span className="sr-only"> {u.email}</span>
                        </>
                      }
                      confirm={u.active ? `Deactivate ${u.email}? They are signed out at once.` : undefined}
                      buttonClassName={small}
                      className="inline-flex gap-2"
                    >
                      <input type="hidden" name="userId" value={u.id} />
                      <input type="hidden" name="active" value={u.active ? "false" : "true"} />
                    </ActionForm>
                    {withTwoFactor.has(u.id) ? (
                      <ActionForm
                        action={resetTwoFactorAction}
                        submitLabel={
                          <>
                            Reset two-factor<span className="sr-only"> of {u.email}</span>
                          </>
                        }
                        confirm={`Turn off two-factor sign-in for ${u.email}? Their sessions end; they sign in with the password alone (or must enrol again if it is required).`}
                        success="Two-factor sign-in reset."
                        buttonClassName={small}
                        className="inline-flex gap-2"
                      >
                        <input type="hidden" name="userId" value={u.id} />
                      </ActionForm>
                    ) : null}
                    {u.active ? (
                      <ActionForm
                        action={signOutEverywhereAction}
                        submitLabel={
                          <>
                            End all sessions<span className="sr-only"> of {u.email}</span>
                          </>
                        }
                        success="All their sessions ended."
                        buttonClassName={small}
                        className="inline-flex gap-2"
                      >
                        <input type="hidden" name="userId" value={u.id} />
                      </ActionForm>
                    ) : null}
                  </>
                )}
              </Td>
            </tr>
          ))}
        </DataTable>
      </section>
    </div>
  );
}
