import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { DataTable, Td } from "@/components/ui/data-table";
import { GRANTABLE_SCOPES, SCOPE_LABELS } from "@/lib/fhir/smart-scopes";
import { TOKEN_PATH } from "@/lib/fhir/smart-configuration";
import { listEhrActingCandidates, listEhrClients } from "@/lib/server/smart/ehr-clients";
import { publicBaseUrl, requirePageAccess } from "@/lib/server/viewer";
import { AdminNav } from "../admin-nav";
import { registerEhrClientAction, revokeEhrClientAction } from "../actions";

export const metadata: Metadata = { title: "EHR connections" };

const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "never");
const input = "w-full max-w-xl rounded border border-slate-400 px-2 py-1.5 text-sm";

export default async function EhrClientsPage() {
  const ctx = await requirePageAccess("ehrclient.manage");
  const [clients, candidates, base] = await Promise.all([
    listEhrClients(ctx),
    listEhrActingCandidates(ctx),
    publicBaseUrl(),
  ]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">EHR connections</h1>
      <AdminNav current="/admin/ehr-clients" />
      <p className="max-w-3xl text-sm text-slate-700">
        A practice&apos;s EHR connects with SMART Backend Services: it signs a short assertion with its private key and
        receives a five-minute access token at <code>{`${base}${TOKEN_PATH}`}</code> for the FHIR API at{" "}
        <code>{`${base}/fhir`}</code>. Its CDS Hooks calls are signed with the same keys. Register only the EHR&apos;s{" "}
        <strong>public</strong> keys. Everything the EHR does is recorded as done by the person responsible.
      </p>

      <section
        aria-labelledby="register-heading"
        className="max-w-3xl space-y-3 rounded-lg border border-slate-300 bg-white p-4"
      >
        <h2 id="register-heading" className="text-lg font-semibold">
          Register an EHR
        </h2>
        <ActionForm
          action={registerEhrClientAction}
          submitLabel="Register"
          success="Registered. Give the EHR its client id from the list below."
          className="grid gap-3"
          buttonClassName="justify-self-start rounded bg-blue-800 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60"
          ariaLabel="Register an EHR"
        >
          <div>
            <label htmlFor="ehr-acting" className="block text-sm font-medium">
              Practice and person responsible
            </label>
            <select id="ehr-acting" name="actingChoice" required className={input} defaultValue="">
              <option value="" disabled>
                Choose…
              </option>
              {candidates.map((c) => (
                <option key={c.userId} value={`${c.organizationId}:${c.userId}`}>
                  {c.organizationName} — {c.name} ({c.email})
                </option>
              ))}
            </select>
            <p className="mt-1 text-xs text-slate-600">
              An active provider of the practice; if they lose access, the EHR is refused until this is changed.
            </p>
          </div>
          <div>
            <label htmlFor="ehr-name" className="block text-sm font-medium">
              Name
            </label>
            <input
              id="ehr-name"
              name="name"
              required
              maxLength={120}
              placeholder="e.g. Northside Epic"
              className={input}
            />
          </div>
          <fieldset className="space-y-2 rounded border border-slate-300 p-3">
            <legend className="px-1 text-sm font-medium">The EHR&apos;s public keys (one of the two)</legend>
            <div>
              <label htmlFor="ehr-jwks-url" className="block text-sm">
                Address of its key set (JWKS), https://…
              </label>
              <input id="ehr-jwks-url" name="jwksUrl" type="url" maxLength={2000} className={input} />
            </div>
            <div>
              <label htmlFor="ehr-jwks" className="block text-sm">
                Or the key set itself (JSON)
              </label>
              <textarea
                id="ehr-jwks"
                name="jwks"
                rows={4}
                maxLength={20000}
                placeholder='{"keys": [{"kty": "EC", "crv": "P-384", "kid": "…", "x": "…", "y": "…"}]}'
                className={`${input} font-mono`}
              />
            </div>
          </fieldset>
          <div>
            <label htmlFor="ehr-issuer" className="block text-sm font-medium">
              CDS Hooks issuer (optional)
            </label>
            <input
              id="ehr-issuer"
              name="cdsHooksIssuer"
              maxLength={500}
              placeholder="https://ehr.example.org"
              className={input}
            />
            <p className="mt-1 text-xs text-slate-600">
              The <code>iss</code> the EHR puts in its signed CDS Hooks calls; without it, its hook calls are refused.
            </p>
          </div>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium">What it may do</legend>
            {GRANTABLE_SCOPES.map((scope) => (
              <label key={scope} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="scopes" value={scope} defaultChecked />
                {SCOPE_LABELS[scope]} <code className="text-xs text-slate-600">{scope}</code>
              </label>
            ))}
          </fieldset>
        </ActionForm>
      </section>

      <DataTable
        caption="Registered EHRs"
        headers={["EHR", "Practice, acting as", "Client id", "Keys", "Scopes", "Last used", "Status"]}
      >
        {clients.map((c) => (
          <tr key={c.id}>
            <Td>{c.name}</Td>
            <Td>
              {c.organizationName}, {c.actingName}
              {c.actingActive ? null : <span className="text-red-800"> (no longer active)</span>}
            </Td>
            <Td>
              <code className="break-all" data-testid="ehr-client-id">
                {c.clientId}
              </code>
              {c.cdsHooksIssuer ? (
                <span className="block text-xs text-slate-600">hooks: {c.cdsHooksIssuer}</span>
              ) : null}
            </Td>
            <Td>
              {c.jwksUrl ? <span className="break-all">{c.jwksUrl}</span> : `${c.inlineKeyCount} key(s) registered`}
            </Td>
            <Td>{c.scopes.join(" ")}</Td>
            <Td>{when(c.lastUsedAt)}</Td>
            <Td>
              {c.revokedAt ? (
                `Revoked ${when(c.revokedAt)}`
              ) : (
                <ActionForm
                  action={revokeEhrClientAction}
                  submitLabel={
                    <>
                      Revoke<span className="sr-only"> {c.name}</span>
                    </>
                  }
                  confirm={`Revoke “${c.name}”? Its tokens and hook calls are refused from the next request on.`}
                  buttonClassName="rounded border border-red-700 px-2 py-1 text-xs font-medium text-red-800"
                  className="inline-flex"
                >
                  <input type="hidden" name="ehrClientId" value={c.id} />
                </ActionForm>
              )}
            </Td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
