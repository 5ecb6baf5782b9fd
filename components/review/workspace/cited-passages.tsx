"use client";
// The policy passages the findings cite, each with the criteria citing it; passages behind an
// adverse finding are marked.
import { isAdverseFinding } from "@/lib/domain";
import type { DraftFinding } from "@/lib/review-draft";
import type { WorkspaceCriterion } from "./finding-editor";

export function CitedPassages(props: {
  criteria: WorkspaceCriterion[];
  findings: Record<string, DraftFinding>;
  passages: { anchor: string; text: string }[];
  policyHref: (anchor: string) => string;
}) {
  const byAnchor = new Map(props.passages.map((p) => [p.anchor, p]));
  const anchors = [...new Set(props.criteria.map((c) => props.findings[c.id]?.citationAnchor ?? c.citation.anchor))];
  return (
    <ul className="max-h-[40rem] space-y-2 overflow-y-auto text-sm">
      {anchors.map((anchor) => {
        const by = props.criteria.filter((c) => props.findings[c.id]?.citationAnchor === anchor);
        const adverse = by.some((c) => isAdverseFinding(props.findings[c.id]!.status));
        return (
          <li key={anchor} data-testid="cited-passage">
            <mark className={`block rounded px-2 py-1 ${adverse ? "bg-amber-100" : "bg-yellow-50"}`}>
              {byAnchor.get(anchor)?.text ?? anchor}
            </mark>
            <div className="mt-0.5 text-xs text-slate-700">
              Cited for: {by.map((c) => c.label).join("; ")} ·{" "}
              <a href={props.policyHref(anchor)} className="text-blue-800 underline">
                Open in the policy
              </a>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
