import type { Metadata } from "next";
import { ActionForm, Field, SelectField } from "@/components/ui/action-form";
import { DataTable, Td } from "@/components/ui/data-table";
import { LICENCE_TYPES } from "@/lib/validation/account";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { credentialHolders, listCredentials } from "@/lib/server/admin/credentials";
import { requirePageAccess } from "@/lib/server/viewer";
import { AdminNav } from "../admin-nav";
import { addCredentialAction, editCredentialAction, removeCredentialAction } from "../actions";
import { TitledSection } from "@/components/ui/titled-section";

export const metadata: Metadata = { title: "Reviewer credentials" };

export default async function CredentialsPage() {
  const ctx = await requirePageAccess("users.manage");
  const [credentials, reviewers] = await Promise.all([listCredentials(ctx), credentialHolders(ctx)]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Reviewer credentials</h1>
      <AdminNav current="/admin/credentials" />
      <p className="text-sm text-slate-700">
        Only a physician reviewer with a current MD or DO licence may deny a case or decide an appeal. A licence is
        valid through its last day.
      </p>
      <TitledSection id="add-credential" title="Add a licence">
        <ActionForm
          action={addCredentialAction}
          submitLabel="Add licence"
          success="Licence added."
          ariaLabel="Add a licence"
        >
          <SelectField
            label="Reviewer"
            name="userId"
            options={reviewers.map((r) => ({ value: r.id, label: `${r.name} (${ROLE_LABELS[r.role]})` }))}
          />
          <SelectField
            label="Licence type"
            name="licenceType"
            options={LICENCE_TYPES.map((t) => ({ value: t, label: t }))}
            defaultValue="MD"
          />
          <Field label="Licence number" name="licenceNumber" className="w-36" autoComplete="off" />
          <Field label="State" name="state" className="w-16" autoComplete="off" />
          <Field label="Specialty" name="specialty" className="w-48" autoComplete="off" />
          <Field label="Valid until" name="validUntil" type="date" className="w-40" />
        </ActionForm>
      </TitledSection>
      <DataTable
        caption="Licences on file"
        headers={["Reviewer", "Type", "Number", "State", "Specialty", "Valid until", ""]}
      >
        {credentials.map((c) => (
          <tr key={c.id}>
            <Td>
              {c.name} <span className="text-slate-600">({ROLE_LABELS[c.role]})</span>
            </Td>
            <Td>{c.licenceType}</Td>
            <Td className="whitespace-nowrap">{c.licenceNumber}</Td>
            <Td>{c.state}</Td>
            <Td>{c.specialty}</Td>
            <Td className="whitespace-nowrap">
              {c.expired ? <strong className="text-red-800">Expired {c.validUntil}</strong> : c.validUntil}
            </Td>
            <Td className="space-y-2">
              <details className="group">
                <summary className="w-fit cursor-pointer rounded border border-slate-500 px-2 py-1 text-xs font-medium">
                  Edit<span className="sr-only"> licence {c.licenceNumber}</span>
                </summary>
                <ActionForm
                  action={editCredentialAction}
                  submitLabel={
                    <>
                      Save<span className="sr-only"> licence {c.licenceNumber}</span>
                    </>
                  }
                  success="Licence updated."
                  resetOnSuccess={false}
                  ariaLabel={`Edit licence ${c.licenceNumber} of ${c.name}`}
                  className="mt-2 flex w-72 flex-wrap items-end gap-2"
                  buttonClassName="rounded bg-blue-800 px-2 py-1 text-xs font-semibold text-white disabled:opacity-60"
                >
                  <input type="hidden" name="credentialId" value={c.id} />
                  <Field
                    label="Licence number"
                    name="licenceNumber"
                    defaultValue={c.licenceNumber}
                    className="w-36"
                    autoComplete="off"
                  />
                  <Field label="State" name="state" defaultValue={c.state} className="w-16" autoComplete="off" />
                  <Field
                    label="Valid until"
                    name="validUntil"
                    type="date"
                    defaultValue={c.validUntil}
                    className="w-40"
                  />
                </ActionForm>
              </details>
              <ActionForm
                action={removeCredentialAction}
                submitLabel={
                  <>
                    Remove<span className="sr-only"> licence {c.licenceNumber}</span>
                  </>
                }
                confirm={`Remove licence ${c.licenceNumber} of ${c.name}?`}
                buttonClassName="rounded border border-slate-500 px-2 py-1 text-xs font-medium"
                className="inline-flex"
              >
                <input type="hidden" name="credentialId" value={c.id} />
              </ActionForm>
            </Td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
