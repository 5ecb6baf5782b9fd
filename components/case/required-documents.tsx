// The records the policy's Documentation Requirements ask for, for the case's indication and
// phase: each kind attached or missing, with the policy's words for what it documents.
import { requiredDocuments, type DocumentKind } from "@/lib/policy/documents";
import type { Indication, Phase } from "@/lib/policy";

export function RequiredDocuments({
  indication,
  phase,
  attached,
}: {
  indication: Indication;
  phase: Phase;
  attached: readonly (DocumentKind | null | undefined)[];
}) {
  const required = requiredDocuments(indication, phase);
  if (!required.length) return null;
  const have = new Set(attached);
  const missing = required.filter((d) => !have.has(d.kind)).length;
  return (
    <div className="space-y-1">
      <h3 className="text-sm font-semibold">Records the policy asks for</h3>
      <p className="text-xs text-slate-700">
        {missing === 0
          ? "A record of every kind is attached."
          : `${missing} of ${required.length} kinds not attached yet (files whose kind was not said do not count).`}
      </p>
      <ul className="space-y-1 text-sm" aria-label="Records the policy asks for">
        {required.map((d) => (
          <li key={d.kind}>
            <span className={have.has(d.kind) ? "font-medium text-green-900" : "font-medium text-amber-900"}>
              {have.has(d.kind) ? "Attached: " : "Missing: "}
            </span>
            {d.label}
            <details className="ml-4 text-xs text-slate-700">
              <summary className="cursor-pointer">What the policy says it documents</summary>
              <ul className="list-disc pl-4">
                {d.criteria.map((c) => (
                  <li key={c.id}>“{c.quote}”</li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
