"use client";
// The decision bar: always reachable (sticky at the foot of the window), it sums up what is still
// open, offers only the decisions the server says this viewer may make now, and shows the outcome
// of a decision right here (focused), with field-level issues on their fields.
import { lazy, Suspense, useState } from "react";
import { useRouter } from "next/navigation";
import type { CaseAbilities } from "@/lib/server/cases/abilities";
import type { ReviewForm } from "./use-review-form";
import type { SignKind, SignRequest } from "./sign-dialog";

// Loaded on demand, so neither Radix nor the decision actions are in the workspace's first load:
// the dialog when a decision is first hovered or chosen, the actions when one is chosen.
const loadSignDialog = () => import("./sign-dialog");
const SignDialog = lazy(() => loadSignDialog().then((m) => ({ default: m.SignDialog })));
const loadDecisionActions = () => import("./decision-actions");
const OutcomeMessage = lazy(() => import("./outcome-message").then((m) => ({ default: m.OutcomeMessage })));

export function DecisionBar(props: {
  /** Why the viewer cannot decide now (see decision-note.ts). */
  note: string | null;
  reference: string;
  signer: string;
  abilities: CaseAbilities;
  review: ReviewForm;
  criteriaIds: string[];
  panel: "none" | "pend" | "escalate";
  onPanel: (panel: "none" | "pend" | "escalate") => void;
}) {
  const router = useRouter();
  const { abilities: a, review } = props;
  const [sign, setSign] = useState<SignRequest | null>(null);
  const statuses = props.criteriaIds.map((id) => review.form.findings[id]?.status ?? "");
  const count = (s: string) => statuses.filter((x) => x === s).length;
  const counts = {
    met: count("met"),
    notMet: count("not_met"),
    notDocumented: count("not_documented"),
    notApplicable: count("not_applicable"),
  };
  const undecided = count("");
  const staleCount = Object.keys(review.stale).length;
  const open = [
    counts.notMet ? `${counts.notMet} not met` : null,
    counts.notDocumented ? `${counts.notDocumented} not documented` : null,
    undecided ? `${undecided} without a finding` : null,
    staleCount ? `${staleCount} changed since your draft` : null,
    review.form.rationale.trim().length < 10 ? "no rationale yet" : null,
  ].filter(Boolean);
  // A pend or escalation shows its outcome in its own panel while that panel is open.
  const panelShown = (props.panel === "pend" && a.canPend) || (props.panel === "escalate" && a.canEscalate);
  const outcome =
    review.outcome && (review.outcome.source === "decision" || !panelShown || review.outcome.source !== props.panel)
      ? review.outcome
      : null;

  const ask = (kind: SignKind, letter?: SignRequest["letter"]) =>
    setSign({
      kind,
      reference: props.reference,
      signer: props.signer,
      findings: counts,
      rationale: review.form.rationale,
      letter,
    });

  const askWithLetter = (kind: "deny" | "deny_outside" | "uphold") =>
    review.start(async () => {
      review.setOutcome(null);
      void loadSignDialog().catch(() => undefined);
      const { previewDenialLetter } = await loadDecisionActions();
      const r = await previewDenialLetter(kind, review);
      if (r.ok) ask(kind, r.data.paragraphs);
      else review.report("decision", r, "");
    });

  const confirm = async () => {
    if (!sign) return;
    const kind = sign.kind;
    const { decide, SUCCESS } = await loadDecisionActions();
    await review.run("decision", () => decide(kind, review), SUCCESS[kind]);
    setSign(null);
  };

  const button = "rounded px-3 py-1.5 text-sm font-medium disabled:opacity-60";
  const approveStyle = `${button} bg-green-700 text-white hover:bg-green-800`;
  const denyStyle = `${button} bg-red-700 text-white hover:bg-red-800`;
  const plain = `${button} border border-slate-500 bg-white hover:bg-slate-100`;
  const preload = () => void loadSignDialog().catch(() => undefined);
  const offered =
    a.canApprove || a.canDeny || a.canPend || a.canEscalate || a.canDecideAppeal || a.canDecideUnaddressed;

  return (
    <section
      aria-label="Decision bar"
      className="sticky bottom-0 z-10 -mx-2 space-y-2 border-t-2 border-slate-400 bg-white/95 px-2 py-2 shadow-[0_-2px_6px_rgba(0,0,0,0.08)]"
      data-testid="decision-bar"
    >
      {outcome ? (
        <Suspense fallback={null}>
          <OutcomeMessage
            outcome={outcome}
            general={
              review.issues.fieldCount
                ? [...review.issues.general, "The marked fields above say what to change."]
                : review.issues.general
            }
            onReload={() => router.refresh()}
          />
        </Suspense>
      ) : null}
      {a.closed ? null : (
        <div className="flex flex-wrap items-center gap-2">
          <p className="mr-auto text-sm" data-testid="open-items">
            {open.length ? (
              <>
                <span className="font-medium">Open: </span>
                {open.join(" · ")}
              </>
            ) : (
              <span className="font-medium text-green-800">
                Every criterion has a finding; the rationale is written.
              </span>
            )}
            {review.draftSavedAt ? (
              <span className="ml-2 text-xs text-slate-600">Draft saved {review.draftSavedAt}</span>
            ) : null}
          </p>
          {a.canDecideAppeal ? (
            <>
              <button
                type="button"
                disabled={review.pending}
                onMouseEnter={preload}
                onClick={() => ask("overturn")}
                className={approveStyle}
              >
                Overturn the denial (approve)…
              </button>
              <button
                type="button"
                disabled={review.pending}
                onClick={() => askWithLetter("uphold")}
                className={denyStyle}
              >
                Uphold the denial…
              </button>
            </>
          ) : null}
          {a.canDecideUnaddressed ? (
            <>
              <button
                type="button"
                disabled={review.pending}
                onMouseEnter={preload}
                onClick={() => ask("approve_outside")}
                className={approveStyle}
              >
                Approve outside the policy…
              </button>
              <button
                type="button"
                disabled={review.pending}
                onClick={() => askWithLetter("deny_outside")}
                className={denyStyle}
              >
                Deny outside the policy…
              </button>
            </>
          ) : null}
          {a.canApprove ? (
            <button
              type="button"
              disabled={review.pending}
              onMouseEnter={preload}
              onClick={() => ask("approve")}
              className={approveStyle}
            >
              Approve…
            </button>
          ) : null}
          {a.canPend ? (
            <button
              type="button"
              disabled={review.pending}
              onClick={() => props.onPanel(props.panel === "pend" ? "none" : "pend")}
              aria-expanded={props.panel === "pend"}
              className={plain}
            >
              Pend for information…
            </button>
          ) : null}
          {a.canEscalate ? (
            <button
              type="button"
              disabled={review.pending}
              onClick={() => props.onPanel(props.panel === "escalate" ? "none" : "escalate")}
              aria-expanded={props.panel === "escalate"}
              className={plain}
            >
              Escalate to a physician…
            </button>
          ) : null}
          {a.canDeny ? (
            <button type="button" disabled={review.pending} onClick={() => askWithLetter("deny")} className={denyStyle}>
              Deny…
            </button>
          ) : null}
          {!offered && props.note ? <p className="text-sm text-slate-700">{props.note}</p> : null}
          {a.decisionBlockedReason ? (
            <p className="basis-full text-sm font-medium text-amber-900" data-testid="decision-blocked">
              Deny and appeal decisions are not offered: {a.decisionBlockedReason}
            </p>
          ) : null}
        </div>
      )}
      {sign ? (
        <Suspense fallback={null}>
          <SignDialog
            request={sign}
            pending={review.pending}
            onCancel={() => setSign(null)}
            onConfirm={() => void confirm()}
          />
        </Suspense>
      ) : null}
    </section>
  );
}
