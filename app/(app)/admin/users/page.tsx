import type { Metadata } from "next";
import { DataTable, Td } from "@/components/ui/data-table";
import { ActionForm, Field, SelectField } from "@/components/ui/action-form";
import { PERSON_ROLES } from "@/lib/domain";
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

export default async function UsersPage() {
  const ctx = await requirePageAccess("users.manage");
  const [rows, invites, orgs, withTwoFactor] = await Promise.all([
    listAccounts(ctx),
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
        <ActionForm
          action={inviteUserAction}
          submitLabel="Send invitation"
          success="Invitation sent."
          ariaLabel="Invite a person"
        >
          <Field label="Email" name="email" type="email" autoComplete="off" />
          <Field label="Name" name="name" autoComplete="off" />
          <SelectField label="Role" name="role" options={ROLE_OPTIONS} defaultValue="provider" />
          <SelectField
            label="Organization (providers)"
            name="organizationId"
            options={[
              { value: "", label: "— the plan (staff) —" },
              ...providerOrgs.map((o) => ({ value: o.id, label: o.name })),
            ]}
          />
        </ActionForm>
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

      <DataTable caption="Accounts" headers={["Name", "Email", "Role", "Organization", "Status", "Actions"]}>
        {rows.map((u) => (
          <tr key={u.id}>
            <Td>{u.name}</Td>
            <Td>{u.email}</Td>
            <Td>
              {u.id === ctx.viewer.userId ? (
                ROLE_LABELS[u.role]
              ) : (
                <ActionForm
                  action={changeRoleAction}
                  submitLabel={
                    <>
                      Change<span className="sr-only"> role of {u.email}</span>
                    </>
                  }
                  buttonClassName={small}
                  className="flex items-center gap-2"
                >
                  <input type="hidden" name="userId" value={u.id} />
                  <SelectField
                    label={`Role of ${u.email}`}
                    srOnlyLabel
                    name="role"
                    options={ROLE_OPTIONS}
                    defaultValue={u.role}
                  />
                </ActionForm>
              )}
            </Td>
            <Td>
              {u.organization}
              {u.organizationActive ? "" : " (deactivated)"}
            </Td>
            <Td>
              {u.active ? "Active" : <strong>Deactivated</strong>}
              {withTwoFactor.has(u.id) ? <span className="block text-xs text-slate-700">two-factor on</span> : null}
            </Td>
            <Td className="space-y-1">
              {u.id === ctx.viewer.userId ? (
                <span className="text-slate-600">you</span>
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
    </div>
  );
}
