"use client";
// The outcome of an action, shown beside the control that ran it. Loaded when there is one.
import { useEffect, useRef } from "react";
import type { Outcome } from "./use-review-form";

/** The outcome of an action, beside the control that ran it; focused so it is seen and heard. */
export function OutcomeMessage({
  outcome,
  general,
  onReload,
}: {
  outcome: Outcome;
  general: string[];
  onReload?: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [outcome]);
  const tone =
    outcome.kind === "success"
      ? "border-green-500 bg-green-50 text-green-900"
      : outcome.kind === "conflict"
        ? "border-amber-500 bg-amber-50 text-amber-950"
        : "border-red-400 bg-red-50 text-red-900";
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      className={`rounded border p-2 text-sm outline-none focus:ring-2 focus:ring-blue-600 ${tone}`}
      data-testid={`outcome-${outcome.source}`}
    >
      <p className="font-medium">{outcome.text}</p>
      {general.length ? (
        <ul className="mt-1 list-disc pl-5">
          {general.slice(0, 6).map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      {outcome.letterId ? (
        <a href={`/letters/${outcome.letterId}`} className="mt-1 inline-block text-blue-800 underline">
          Open the decision letter
        </a>
      ) : null}
      {outcome.kind === "conflict" && onReload ? (
        <button type="button" onClick={onReload} className="ml-3 mt-1 rounded border border-amber-600 px-2 py-0.5">
          Reload the case (your notes stay)
        </button>
      ) : null}
    </div>
  );
}
