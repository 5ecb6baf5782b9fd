// The engine's criteria as the provider reads them: open items first (not met, still needed),
// each with a coloured status, the explanation and the policy's words. Used by the form's live
// panel and the case page, so both read the same. No hooks: server or client.
import { policyHref, STILL_NEEDED_CRITERION_STATUSES } from "@/lib/domain";
import type { CriterionResult, CriterionStatus } from "@/lib/policy/types";

const CRITERION_STATUS: Record<CriterionStatus, { label: string; className: string; icon: string }> = {
  met: { label: "Met", className: "bg-green-100 text-green-900 border-green-300", icon: "✓" },
  not_met: { label: "Not met", className: "bg-red-100 text-red-900 border-red-300", icon: "✗" },
  missing_documentation: {
    label: "Still needed",
    className: "bg-amber-100 text-amber-900 border-amber-300",
    icon: "!",
  },
  needs_clinical_review: {
    label: "Reviewer decides",
    className: "bg-blue-100 text-blue-900 border-blue-300",
    icon: "?",
  },
  not_applicable: { label: "Does not apply", className: "bg-slate-100 text-slate-800 border-slate-300", icon: "–" },
};

const ORDER: Record<CriterionStatus, number> = {
  not_met: 0,
  missing_documentation: 1,
  needs_clinical_review: 2,
  met: 3,
  not_applicable: 4,
};

/** Open items first: what still has to be done is what a provider looks for. */
const openItemsFirst = <T extends { status: CriterionStatus }>(criteria: readonly T[]) =>
  [...criteria].sort((a, b) => ORDER[a.status] - ORDER[b.status]);

export function CriterionStatusList({
  criteria,
  policyVersion,
  newTab = false,
}: {
  criteria: readonly CriterionResult[];
  policyVersion: string;
  newTab?: boolean;
}) {
  return (
    <ul className="space-y-2 text-sm">
      {openItemsFirst(criteria).map((c) => {
        const s = CRITERION_STATUS[c.status];
        const open = STILL_NEEDED_CRITERION_STATUSES.includes(c.status);
        return (
          <li
            key={c.id}
            className={`rounded border p-2 ${open ? "border-amber-400 bg-amber-50/50" : "border-slate-200"}`}
            data-criterion={c.id}
            data-status={c.status}
          >
            <span className={`mr-2 inline-block rounded border px-1.5 py-0.5 text-xs font-semibold ${s.className}`}>
              <span aria-hidden="true">{s.icon} </span>
              {s.label}
            </span>
            <span>{c.explanation}</span>
            <blockquote className="mt-1 border-l-4 border-slate-300 pl-2 text-slate-700">
              “{c.citation.quote}”{" "}
              <a
                className="text-blue-800 underline"
                href={policyHref(policyVersion, c.citation.anchor)}
                {...(newTab ? { target: "_blank", rel: "noreferrer" } : {})}
              >
                Read in the policy{newTab ? <span className="sr-only"> (opens in a new tab)</span> : null}
              </a>
            </blockquote>
          </li>
        );
      })}
    </ul>
  );
}
