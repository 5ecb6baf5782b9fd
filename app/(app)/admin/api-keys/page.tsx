import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { DataTable, Td } from "@/components/ui/data-table";
import { listAllApiKeys } from "@/lib/server/api-keys/list-api-keys";
import { requirePageAccess } from "@/lib/server/viewer";
import { AdminNav } from "../admin-nav";
import { revokeAnyApiKeyAction } from "../actions";

export const metadata: Metadata = { title: "API keys" };

const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "never");

export default async function AdminApiKeysPage() {
  const ctx = await requirePageAccess("apikey.admin");
  const keys = await listAllApiKeys(ctx);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">API keys</h1>
      <AdminNav current="/admin/api-keys" />
      <p className="text-sm text-slate-700">
        Keys of every organization for the JSON API. Only the first characters are kept in readable form; a revoked key
        is refused at once.
      </p>
      <DataTable
        caption="API keys of every organization"
        headers={["Organization", "Name", "Starts with", "Created by", "Last used", "Status"]}
      >
        {keys.map((k) => (
          <tr key={k.id}>
            <Td>{k.organization}</Td>
            <Td>{k.name}</Td>
            <Td>
              <code>{k.prefix}…</code>
            </Td>
            <Td>{k.createdBy ?? "seeded"}</Td>
            <Td>{when(k.lastUsedAt)}</Td>
            <Td>
              {k.revokedAt ? (
                `Revoked ${when(k.revokedAt)}`
              ) : (
                <ActionForm
                  action={revokeAnyApiKeyAction}
                  submitLabel={
                    <>
                      Revoke
                      <span className="sr-only">
                        {" "}
                        {k.name} of {k.organization}
                      </span>
                    </>
                  }
                  confirm={`Revoke “${k.name}” of ${k.organization}? Systems using it are refused at once.`}
                  buttonClassName="rounded border border-red-700 px-2 py-1 text-xs font-medium text-red-800"
                  className="inline-flex"
                >
                  <input type="hidden" name="keyId" value={k.id} />
                </ActionForm>
              )}
            </Td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
