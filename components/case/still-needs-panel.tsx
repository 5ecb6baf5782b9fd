"use client";
import { useEffect, useMemo, useState } from "react";
import { STILL_NEEDED_CRITERION_STATUSES } from "@/lib/domain";
import { CriterionStatusList } from "./criterion-list";

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
            <CriterionStatusList criteria={result.criteria} policyVersion={result.policy.version} newTab />
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
