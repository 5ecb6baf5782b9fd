// A form section with the policy's words for the criteria its fields document.
import { policyHref } from "@/lib/domain";
import { LATEST_RULES } from "@/lib/policy/catalogue";
import type { Criterion } from "@/lib/policy/types";

export function Section({ title, quotes, policyVersion = LATEST_RULES.id, children }: { title: string; quotes?: Criterion[]; policyVersion?: string; children: React.ReactNode }) {
  return (
    <section className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
      <h2 className="text-lg font-semibold">{title}</h2>
      {quotes?.length ? (
        <div className="space-y-1 text-sm text-slate-700">
          {quotes.map((c) => (
            <p key={c.id}>
              <span className="font-medium text-slate-900">{c.label}.</span> The policy says: “{c.quote}”{" "}
              <a className="text-blue-800 underline" href={policyHref(policyVersion, c.anchor)} target="_blank" rel="noreferrer">
                Policy text<span className="sr-only"> for {c.label} (opens in a new tab)</span>
              </a>
            </p>
          ))}
        </div>
      ) : null}
      {children}
    </section>
  );
}
