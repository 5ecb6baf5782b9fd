import type { Metadata } from "next";
import { DataTable, Td } from "@/components/ui/data-table";
import { ActionForm, Field } from "@/components/ui/action-form";
import { listOrganizations } from "@/lib/server/admin/organizations";
import { requirePageAccess } from "@/lib/server/viewer";
import { AdminNav } from "../admin-nav";
import { createOrganizationAction, renameOrganizationAction, setOrganizationActiveAction } from "../actions";
import { TitledSection } from "@/components/ui/titled-section";

export const metadata: Metadata = { title: "Organizations" };

const small = "rounded border border-slate-500 px-2 py-1 text-xs font-medium disabled:opacity-60";

export default async function OrganizationsPage() {
  const ctx = await requirePageAccess("organizations.manage");
  const orgs = await listOrganizations(ctx);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Organizations</h1>
      <AdminNav current="/admin/organizations" />
      <TitledSection id="create-org" title="Add a provider practice">
        <p className="text-sm text-slate-700">
          Then invite its people on the Users page. The NPI (10 digits, with its check digit) and the TIN (9 digits)
          must be unique.
        </p>
        <ActionForm
          action={createOrganizationAction}
          submitLabel="Add organization"
          success="Organization added."
          ariaLabel="Add a provider practice"
        >
          <Field label="Name" name="name" className="w-72" autoComplete="off" />
          <Field label="NPI" name="npi" className="w-36" autoComplete="off" />
          <Field label="TIN" name="tin" className="w-36" autoComplete="off" />
        </ActionForm>
      </TitledSection>
      <DataTable caption="Organizations" headers={["Name", "Kind", "NPI", "TIN", "Active users", "Status", "Actions"]}>
        {orgs.map((o) => (
          <tr key={o.id}>
            <Td>
              <ActionForm
                action={renameOrganizationAction}
                submitLabel={
                  <>
                    Rename<span className="sr-only"> {o.name}</span>
                  </>
                }
                buttonClassName={small}
                className="flex flex-wrap items-center gap-2"
              >
                <input type="hidden" name="organizationId" value={o.id} />
                <label className="sr-only" htmlFor={`name-${o.id}`}>
                  Name of {o.name}
                </label>
                <input
                  id={`name-${o.id}`}
                  name="name"
                  defaultValue={o.name}
                  className="w-64 rounded border border-slate-400 px-2 py-1 text-sm"
                />
              </ActionForm>
            </Td>
            <Td>{o.kind === "plan" ? "Health plan" : "Provider"}</Td>
            <Td>{o.npi ?? "—"}</Td>
            <Td>{o.tin ? `${o.tin.slice(0, 2)}-${o.tin.slice(2)}` : "—"}</Td>
            <Td>{o.users}</Td>
            <Td>{o.active ? "Active" : <strong>Deactivated</strong>}</Td>
            <Td>
              {o.kind === "provider" ? (
                <ActionForm
                  action={setOrganizationActiveAction}
                  submitLabel={
                    <>
                      {o.active ? "Deactivate" : "Reactivate"}
                      <span className="sr-only"> {o.name}</span>
                    </>
                  }
                  confirm={
                    o.active
                      ? `Deactivate ${o.name}? Its people and API keys stop working at once; its cases stay.`
                      : undefined
                  }
                  buttonClassName={small}
                  className="inline-flex gap-2"
                >
                  <input type="hidden" name="organizationId" value={o.id} />
                  <input type="hidden" name="active" value={o.active ? "false" : "true"} />
                </ActionForm>
              ) : null}
            </Td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
