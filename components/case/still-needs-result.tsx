"use client";
// The policy check of the form's "still needs" panel: parses the request (zod) and evaluates it,
// then lists each criterion's status. Loaded by still-needs-panel.tsx after first paint.
import { useMemo } from "react";
import { OUTCOME_DRAFT_SENTENCES, STILL_NEEDED_CRITERION_STATUSES } from "@/lib/domain";
import { evaluate } from "@/lib/policy/evaluate";
import { parsePolicyRequest } from "@/lib/policy/schema";
import { CriterionStatusList } from "./criterion-list";
import { fieldLabel } from "./field-label";

export function StillNeedsResult({ request }: { request: unknown }) {
  const parsed = useMemo(() => parsePolicyRequest(request), [request]);
  const result = useMemo(() => (parsed.ok ? evaluate(parsed.data) : null), [parsed]);
  if (!result)
    return (
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
    );
  const open = result.criteria.filter((c) => STILL_NEEDED_CRITERION_STATUSES.includes(c.status)).length;
  return (
    <>
      <p className="font-medium" data-testid="still-needs-outcome" data-outcome={result.outcome}>
        {OUTCOME_DRAFT_SENTENCES[result.outcome]} {open ? `${open} item${open === 1 ? "" : "s"} open.` : ""}
      </p>
      <CriterionStatusList criteria={result.criteria} policyVersion={result.policy.version} newTab />
    </>
  );
}
