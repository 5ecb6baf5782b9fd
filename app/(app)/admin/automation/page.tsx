import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { requirePageAccess } from "@/lib/server/viewer";
import { getAutomationSettings } from "@/lib/server/automation/settings";
import { getGoldCardSettings, listGoldCards } from "@/lib/server/automation/gold-cards";
import { INDICATION_CHOICES, formatPlanDateTime } from "@/lib/domain";
import { AUTOMATABLE_INDICATIONS } from "@/lib/policy/documents";
import { PHASES } from "@/lib/policy/constants";
import { AdminNav } from "../admin-nav";
import {
  revokeGoldCardAction,
  runGoldCardEvaluationAction,
  setAutomationSettingsAction,
  setGoldCardSettingsAction,
} from "../actions";

export const metadata: Metadata = { title: "Automated approval" };

const PHASE_NAMES = { trial: "Infusion trial", implant: "Pump implantation" } as const;

export default async function AutomationSettingsPage() {
  const ctx = await requirePageAccess("automation.manage");
  const [settings, goldSettings, cards] = await Promise.all([
    getAutomationSettings(ctx.db),
    getGoldCardSettings(ctx.db),
    listGoldCards(ctx),
  ]);
  const goldSaved = JSON.stringify(goldSettings);
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
          Nothing is ever denied automatically. Cancer-related pain and spasticity reach a reviewer: the policy applies
          InterQual criteria there, which the engine leaves to a person. A practice holding a gold card (below) is
          exempt whatever this setting says: its attested requests within the policy are approved on submission.
        </p>
        <p className="text-sm" data-testid="automation-state">
          Currently:{" "}
          <strong>
            {PHASES.filter((p) => settings.automatedApproval[p].length).length
              ? PHASES.filter((p) => settings.automatedApproval[p].length)
                  .map((p) => PHASE_NAMES[p].toLowerCase())
                  .join(" and ") + " approved automatically"
              : "off: requests go to reviewers (gold-card practices aside)"}
          </strong>
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
      <section
        aria-labelledby="gold-cards-heading"
        className="max-w-5xl space-y-4 rounded-lg border border-slate-300 bg-white p-4"
      >
        <h2 id="gold-cards-heading" className="text-lg font-semibold">
          Gold cards
        </h2>
        <p className="text-sm text-slate-700">
          A practice earns a gold card when, over the look-back window, at least the minimum number of its requests were
          decided and the share approved (each request&apos;s first decision) is at or above the threshold. A carded
          practice&apos;s attested requests within PHARMACY 339.7 are approved on submission by the policy engine, with
          the engine&apos;s evaluation kept and the same quality-review share; requests outside the policy still go to a
          physician. The cards are evaluated twice a year; a card is withdrawn at the next evaluation when the practice
          no longer qualifies. The practice is told each time (bell, email, webhook).
        </p>
        <p className="text-sm" data-testid="gold-card-last-evaluated">
          Last evaluated:{" "}
          <strong>{goldSettings.lastEvaluatedAt ? formatPlanDateTime(goldSettings.lastEvaluatedAt) : "never"}</strong>
        </p>
        <ActionForm
          action={setGoldCardSettingsAction}
          submitLabel="Save gold-card rule"
          success="Saved. The next evaluation uses the new rule; cards already granted keep theirs until then."
          ariaLabel="Gold-card rule"
        >
          <div key={`window-${goldSaved}`} className="space-y-1">
            <label htmlFor="gold-window" className="block text-sm font-medium">
              Look-back window (months)
            </label>
            <input
              id="gold-window"
              name="windowMonths"
              type="number"
              min={1}
              max={60}
              step={1}
              required
              defaultValue={goldSettings.windowMonths}
              className="w-24 rounded border border-slate-400 px-2 py-1"
            />
          </div>
          <div key={`minimum-${goldSaved}`} className="space-y-1">
            <label htmlFor="gold-minimum" className="block text-sm font-medium">
              Decided requests at least
            </label>
            <input
              id="gold-minimum"
              name="minimumDecided"
              type="number"
              min={1}
              step={1}
              required
              defaultValue={goldSettings.minimumDecided}
              className="w-24 rounded border border-slate-400 px-2 py-1"
            />
          </div>
          <div key={`threshold-${goldSaved}`} className="space-y-1">
            <label htmlFor="gold-threshold" className="block text-sm font-medium">
              Approval rate at least (percent)
            </label>
            <input
              id="gold-threshold"
              name="thresholdPercent"
              type="number"
              min={1}
              max={100}
              step={1}
              required
              defaultValue={goldSettings.thresholdPercent}
              className="w-24 rounded border border-slate-400 px-2 py-1"
            />
          </div>
        </ActionForm>
        <ActionForm
          action={runGoldCardEvaluationAction}
          submitLabel="Evaluate now"
          success="Evaluated. The list below shows the cards granted or withdrawn."
          confirm="Evaluate every practice now? Cards may be granted or withdrawn, and the practices are told."
          ariaLabel="Evaluate gold cards now"
        />
        {cards.length === 0 ? (
          <p className="text-sm">No practice has held a gold card yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded border border-slate-300" aria-label="Gold cards">
            {cards.map((card) => (
              <li key={card.id} className="space-y-2 p-3" data-testid="gold-card-row">
                <p className="font-medium">
                  {card.organizationName}: {card.statusLabel}{" "}
                  <span className="font-normal text-slate-600">(granted {formatPlanDateTime(card.grantedAt)})</span>
                </p>
                <p className="text-sm text-slate-700">{card.figures}</p>
                {card.ended ? <p className="text-sm text-slate-700">Ended {card.ended}</p> : null}
                {card.isActive ? (
                  <ActionForm
                    action={revokeGoldCardAction}
                    submitLabel="Revoke"
                    success="Revoked. The practice has been told."
                    ariaLabel={`Revoke the gold card of ${card.organizationName}`}
                    buttonClassName="rounded bg-red-800 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60"
                  >
                    <input type="hidden" name="goldCardId" value={card.id} />
                    <div className="space-y-1">
                      <label htmlFor={`revoke-reason-${card.id}`} className="block text-sm font-medium">
                        Reason (required, 10 to 500 characters; the practice sees it)
                      </label>
                      <textarea
                        id={`revoke-reason-${card.id}`}
                        name="reason"
                        required
                        minLength={10}
                        maxLength={500}
                        rows={2}
                        className="w-96 max-w-full rounded border border-slate-400 px-2 py-1"
                      />
                    </div>
                  </ActionForm>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
