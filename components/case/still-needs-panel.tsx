"use client";
import { useEffect, useMemo, useState } from "react";
import type { CriterionStatus } from "@/lib/policy/types";
import { policyHref, STILL_NEEDED_CRITERION_STATUSES } from "@/lib/domain";

// The schema (zod) and the evaluator are loaded after first paint, once per page: the form is
// usable at once, and the panel fills in a moment later.
type Engine = { parsePolicyRequest: typeof import("@/lib/policy/schema").parsePolicyRequest; evaluate: typeof import("@/lib/policy/evaluate").evaluate };
let enginePromise: Promise<Engine> | null = null;
function loadEngine(): Promise<Engine> {
  enginePromise ??= Promise.all([import("@/lib/policy/schema"), import("@/lib/policy/evaluate")]).then(([schema, engine]) => ({
    parsePolicyRequest: schema.parsePolicyRequest,
    evaluate: engine.evaluate,
  }));
  return enginePromise;
}

function useEngine(): Engine | null {
  const [engine, setEngine] = useState<Engine | null>(null);
  useEffect(() => {
    let live = true;
    loadEngine().then(
      (e) => {
        if (live) setEngine(e);
      },
      () => {
        enginePromise = null; // a failed chunk load may be retried on the next mount
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return engine;
}

const STATUS: Record<CriterionStatus, { label: string; className: string; icon: string }> = {
  met: { label: "Met", className: "bg-green-100 text-green-900 border-green-300", icon: "✓" },
  not_met: { label: "Not met", className: "bg-red-100 text-red-900 border-red-300", icon: "✗" },
  missing_documentation: { label: "Still needed", className: "bg-amber-100 text-amber-900 border-amber-300", icon: "!" },
  needs_clinical_review: { label: "Reviewer decides", className: "bg-blue-100 text-blue-900 border-blue-300", icon: "?" },
  not_applicable: { label: "Does not apply", className: "bg-slate-100 text-slate-800 border-slate-300", icon: "–" },
};

const ORDER: Record<CriterionStatus, number> = { not_met: 0, missing_documentation: 1, needs_clinical_review: 2, met: 3, not_applicable: 4 };

const OUTCOME: Record<string, string> = {
  meets_criteria: "The request meets every criterion of the policy.",
  does_not_meet_criteria: "At least one criterion is documented as not met.",
  insufficient_documentation: "The policy still needs information (listed below).",
  requires_clinical_review: "Everything the policy asks for is documented; a reviewer applies the medical-necessity criteria.",
  not_addressed_by_policy: "This policy does not address the request; a physician reviewer will decide under other criteria.",
};

/**
 * "What the policy still needs": the policy engine runs here in the browser (it is pure) on every
 * change of the form, so the provider sees each criterion's status before submitting.
 */
export function StillNeedsPanel({ request, headingLevel = 2 }: { request: unknown; headingLevel?: 2 | 3 }) {
  const engine = useEngine();
  const parsed = useMemo(() => (engine ? engine.parsePolicyRequest(request) : null), [engine, request]);
  const result = useMemo(() => (engine && parsed?.ok ? engine.evaluate(parsed.data) : null), [engine, parsed]);
  const H = headingLevel === 2 ? "h2" : "h3";
  // Open items first: what the provider still has to do is what they look for.
  const ordered = useMemo(() => (result ? [...result.criteria].sort((a, b) => ORDER[a.status] - ORDER[b.status]) : []), [result]);
  const open = result?.criteria.filter((c) => STILL_NEEDED_CRITERION_STATUSES.includes(c.status)).length ?? 0;
  return (
    <section aria-labelledby="still-needs-heading" className="rounded-lg border border-slate-300 bg-white p-4" data-testid="still-needs">
      <H id="still-needs-heading" className="text-lg font-semibold">
        What the policy still needs
      </H>
      <div aria-live="polite" className="mt-2 space-y-3 text-sm">
        {!parsed ? (
          <p className="font-medium" data-testid="still-needs-loading">
            Loading the policy’s criteria…
          </p>
        ) : !result ? (
          <div>
            <p className="font-medium">Fill in the member and request details to see the policy’s criteria.</p>
            {!parsed.ok ? (
              <ul className="mt-1 list-disc pl-5 text-slate-700">
                {parsed.error.issues.slice(0, 8).map((i) => (
                  <li key={i.path + i.message}>
                    {fieldLabel(i.path)} {i.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : (
          <>
            <p className="font-medium" data-testid="still-needs-outcome" data-outcome={result.outcome}>
              {OUTCOME[result.outcome]} {open ? `${open} item${open === 1 ? "" : "s"} open.` : ""}
            </p>
            <ul className="space-y-2">
              {ordered.map((c) => {
                const s = STATUS[c.status];
                return (
                  <li key={c.id} className="rounded border border-slate-200 p-2" data-criterion={c.id} data-status={c.status}>
                    <span className={`mr-2 inline-block rounded border px-1.5 py-0.5 text-xs font-semibold ${s.className}`}>
                      <span aria-hidden="true">{s.icon} </span>
                      {s.label}
                    </span>
                    <span>{c.explanation}</span>
                    <blockquote className="mt-1 border-l-4 border-slate-300 pl-2 text-slate-700">
                      “{c.citation.quote}”{" "}
                      <a className="text-blue-800 underline" href={policyHref(result?.policy.version, c.citation.anchor)} target="_blank" rel="noreferrer">
                        Read in the policy<span className="sr-only"> (opens in a new tab)</span>
                      </a>
                    </blockquote>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}

const FIELD_LABELS: Record<string, string> = {
  "member.dateOfBirth": "Date of birth",
  "member.lineOfBusiness": "Line of business",
  "request.requestDate": "Request date",
  "request.serviceDate": "Service date",
  "request.urgency": "Urgency",
  "request.phase": "Phase",
  "request.indication": "Indication",
  "request.cptCodes": "CPT codes",
};

export function fieldLabel(path: string): string {
  return FIELD_LABELS[path] ?? path.replace(/^clinical\./, "").replace(/([A-Z])/g, " $1").replace(/\./g, " › ").toLowerCase().replace(/^./, (c) => c.toUpperCase());
}
