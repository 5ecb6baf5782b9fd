import type { Metadata } from "next";
import { DataTable, Td } from "@/components/ui/data-table";
import { formatPlanDateTime } from "@/lib/domain";
import { listApiKeys } from "@/lib/server/api-keys/list-api-keys";
import { requirePageAccess } from "@/lib/server/viewer";
import { CreateApiKeyForm, RevokeApiKeyButton } from "./api-key-controls";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const ctx = await requirePageAccess("apikey.manage");
  const keys = await listApiKeys(ctx);
  return (
    <div className="max-w-4xl space-y-6">
      <h1 className="text-2xl font-semibold">API keys of your organization</h1>
      <p className="text-sm text-slate-700">
        Your systems submit requests, add records and read decisions through the JSON API at <code>/api/v1</code> with{" "}
        <code>Authorization: Bearer &lt;key&gt;</code>. A key acts for your whole organization. It is shown once when
        created; we keep only a fingerprint of it.
      </p>
      <section aria-labelledby="create-heading" className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="create-heading" className="text-lg font-semibold">
          Create a key
        </h2>
        <CreateApiKeyForm />
      </section>
      <section aria-labelledby="keys-heading" className="space-y-3">
        <h2 id="keys-heading" className="text-lg font-semibold">
          Keys
        </h2>
        <DataTable caption="API keys" headers={["Name", "Starts with", "Created", "Last used", "State", ""]}>
          {keys.map((k) => (
            <tr key={k.id}>
              <Td>{k.name}</Td>
              <Td>
                <code>{k.prefix}…</code>
              </Td>
              <Td>
                {formatPlanDateTime(k.createdAt)}
                {k.createdBy ? <span className="block text-xs text-slate-600">by {k.createdBy}</span> : null}
              </Td>
              <Td>{k.lastUsedAt ? formatPlanDateTime(k.lastUsedAt) : "Never"}</Td>
              <Td>{k.revokedAt ? `Revoked ${formatPlanDateTime(k.revokedAt)}` : "Active"}</Td>
              <Td>{k.revokedAt ? null : <RevokeApiKeyButton keyId={k.id} name={k.name} />}</Td>
            </tr>
          ))}
        </DataTable>
        {keys.length === 0 ? <p className="text-sm">No keys yet.</p> : null}
      </section>
      <section aria-labelledby="usage-heading" className="space-y-2 text-sm">
        <h2 id="usage-heading" className="text-lg font-semibold">
          Endpoints
        </h2>
        <ul className="list-disc space-y-1 pl-5">
          <li>
            <code>POST /api/v1/evaluate</code>: what the policy says about a request; stores nothing.
          </li>
          <li>
            <code>POST /api/v1/cases</code>: submit a request (send an <code>Idempotency-Key</code> header so a retry
            never makes a second case).
          </li>
          <li>
            <code>GET /api/v1/cases</code> and <code>GET /api/v1/cases/&#123;id&#125;</code>: status, evaluation and
            decision.
          </li>
          <li>
            <code>POST /api/v1/cases/&#123;id&#125;/attachments</code>: a PDF, PNG, JPEG or TIFF in the multipart field{" "}
            <code>file</code> (25 MB at most).
          </li>
        </ul>
      </section>
    </div>
  );
}
