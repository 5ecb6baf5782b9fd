import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { requirePageAccess } from "@/lib/server/viewer";
import { getAutomationSettings } from "@/lib/server/automation/settings";
import { INDICATION_CHOICES, formatPlanDateTime } from "@/lib/domain";
import { AUTOMATABLE_INDICATIONS } from "@/lib/policy/documents";
import { PHASES } from "@/lib/policy/constants";
import { AdminNav } from "../admin-nav";
import { setAutomationSettingsAction } from "../actions";

export const metadata: Metadata = { title: "Automated approval" };

const PHASE_NAMES = { trial: "Infusion trial", implant: "Pump implantation" } as const;

export default async function AutomationSettingsPage() {
  const ctx = await requirePageAccess("automation.manage");
  const settings = await getAutomationSettings(ctx.db);
  // Remount the inputs when the saved settings change, so they show what is saved.
  const saved = JSON.stringify(settings);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Automated approval</h1>
      <AdminNav current="/admin/automation" />
      <section
        aria-labelledby="automation-heading"
        className="max-w-3xl space-y-3 rounded-lg border border-slate-300 bg-white p-4"
      >
        <h2 id="automation-heading" className="text-lg font-semibold">
          Approve clean requests on submission
        </h2>
        <p className="text-sm text-slate-700">
          When a phase is ticked, a request is approved the moment it is complete, signed by the policy engine, if and
          only if: the engine finds every criterion of PHARMACY 339.7 met (or not applicable), every record the
          policy&apos;s documentation list asks for is attached with its kind, and the provider attested the facts.
          Anything else (not met, information missing, clinical review, outside the policy) goes to reviewers as before.
          Nothing is ever denied automatically. Cancer-related pain and spasticity always reach a reviewer: the policy
          applies InterQual criteria there, which the engine leaves to a person.
        </p>
        <p className="text-sm" data-testid="automation-state">
          Currently:{" "}
          <strong>
            {PHASES.filter((p) => settings.automatedApproval[p].length).length
              ? PHASES.filter((p) => settings.automatedApproval[p].length)
                  .map((p) => PHASE_NAMES[p].toLowerCase())
                  .join(" and ") + " approved automatically"
              : "off: every request goes to reviewers"}
          </strong>
          {settings.updatedAt ? (
            <span className="text-slate-600"> (changed {formatPlanDateTime(settings.updatedAt)})</span>
          ) : null}
        </p>
        <ActionForm
          action={setAutomationSettingsAction}
          submitLabel="Save automated approval"
          success="Saved. The next submission follows the new setting."
          ariaLabel="Automated approval settings"
          className="space-y-4"
        >
          <fieldset key={`phases-${saved}`} className="space-y-2">
            <legend className="text-sm font-medium">Approve automatically, for chronic non-malignant pain:</legend>
            {PHASES.flatMap((phase) =>
              AUTOMATABLE_INDICATIONS.map((indication) => (
                <label key={`${phase}:${indication}`} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    name="enabled"
                    value={`${phase}:${indication}`}
                    defaultChecked={settings.automatedApproval[phase].includes(indication)}
                  />
                  {PHASE_NAMES[phase]} ({INDICATION_CHOICES[indication]})
                </label>
              )),
            )}
          </fieldset>
          <div key={`qa-${saved}`} className="space-y-1">
            <label htmlFor="qa-sample-percent" className="block text-sm font-medium">
              Quality review: share of automated approvals a nurse reviews afterwards (percent)
            </label>
            <input
              id="qa-sample-percent"
              name="qaSamplePercent"
              type="number"
              min={0}
              max={100}
              step={1}
              required
              defaultValue={settings.qaSamplePercent}
              aria-describedby="qa-sample-hint"
              className="w-24 rounded border border-slate-400 px-2 py-1"
            />
            <p id="qa-sample-hint" className="text-sm text-slate-600">
              Drawn at random when each approval is made, and at least one a day. Quality review measures the engine; it
              never reverses an approval.
            </p>
          </div>
        </ActionForm>
      </section>
    </div>
  );
}
