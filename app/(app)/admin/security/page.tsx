import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { getPortalSettings } from "@/lib/server/auth/two-factor-settings";
import { requirePageAccess } from "@/lib/server/viewer";
import { AdminNav } from "../admin-nav";
import { setAllowApiKeysOnFhirAction, setRequireStaffTwoFactorAction } from "../actions";
import { apiKeysAllowedOnFhir } from "@/lib/server/smart/ehr-clients";

export const metadata: Metadata = { title: "Sign-in security" };

export default async function SecuritySettingsPage() {
  const ctx = await requirePageAccess("users.manage");
  const settings = await getPortalSettings(ctx.db);
  const on = settings.requireStaffTwoFactor;
  const apiKeysOnFhir = await apiKeysAllowedOnFhir(ctx.db);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Sign-in security</h1>
      <AdminNav current="/admin/security" />
      <section
        aria-labelledby="staff-2fa-heading"
        className="max-w-3xl space-y-3 rounded-lg border border-slate-300 bg-white p-4"
      >
        <h2 id="staff-2fa-heading" className="text-lg font-semibold">
          Two-factor sign-in for staff
        </h2>
        <p className="text-sm text-slate-700">
          When required, nurse and physician reviewers, auditors and administrators must sign in with a code from an
          authenticator app. Anyone without it is sent to <em>Your account</em> at their next request and can do nothing
          else until they have set it up. Providers may turn it on for themselves either way.
        </p>
        <p className="text-sm" data-testid="staff-2fa-state">
          Currently: <strong>{on ? "required for staff" : "not required"}</strong>
          {settings.updatedAt ? (
            <span className="text-slate-600">
              {" "}
              (changed {settings.updatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC)
            </span>
          ) : null}
        </p>
        <ActionForm
          action={setRequireStaffTwoFactorAction}
          submitLabel={on ? "Stop requiring two-factor sign-in" : "Require two-factor sign-in for staff"}
          success="Saved."
          confirm={
            on
              ? undefined
              : "Staff without two-factor sign-in will have to set it up before doing anything else. Continue?"
          }
          ariaLabel="Two-factor sign-in for staff"
        >
          <input type="hidden" name="required" value={on ? "off" : "on"} />
        </ActionForm>
      </section>
      <section
        aria-labelledby="fhir-api-keys-heading"
        className="max-w-3xl space-y-3 rounded-lg border border-slate-300 bg-white p-4"
      >
        <h2 id="fhir-api-keys-heading" className="text-lg font-semibold">
          API keys on the FHIR API
        </h2>
        <p className="text-sm text-slate-700">
          EHRs connect to the FHIR API and CDS Hooks with SMART Backend Services (see <em>EHR connections</em>). While a
          practice moves its EHR over, its API keys may be allowed there too. Off by default: an API key does not expire
          and is not tied to an EHR&apos;s keys. The JSON API always takes API keys.
        </p>
        <p className="text-sm" data-testid="fhir-api-keys-state">
          Currently:{" "}
          <strong>{apiKeysOnFhir ? "API keys also open the FHIR API" : "SMART Backend Services only"}</strong>
        </p>
        <ActionForm
          action={setAllowApiKeysOnFhirAction}
          submitLabel={apiKeysOnFhir ? "Stop taking API keys on the FHIR API" : "Also take API keys on the FHIR API"}
          success="Saved."
          ariaLabel="API keys on the FHIR API"
        >
          <input type="hidden" name="allowed" value={apiKeysOnFhir ? "off" : "on"} />
        </ActionForm>
      </section>
    </div>
  );
}
