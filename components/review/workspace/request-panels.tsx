"use client";
// The pend and escalation panels of the decision section, loaded when the reviewer opens one:
// each sends its request and shows its own outcome beside its button.
import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { escalateCaseAction, pendCaseAction } from "@/app/(app)/review/[caseId]/actions";
import { TextAreaField } from "./decision-fields";
import { OutcomeMessage } from "./outcome-message";
import type { ReviewForm } from "./use-review-form";

function useFocusOnOpen<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

export function PendPanel({ review, caseId, version }: { review: ReviewForm; caseId: string; version: number }) {
  const router = useRouter();
  const first = useFocusOnOpen<HTMLTextAreaElement>();
  const outcome = review.outcome?.source === "pend" ? review.outcome : null;
  return (
    <div className="space-y-2 rounded border border-slate-400 bg-white p-3" data-testid="pend-panel">
      <TextAreaField
        id="pend-message"
        label="Message to the provider"
        textareaRef={first}
        value={review.form.pendMessage}
        issues={review.issues.at("message")}
        prefix="The message"
        onChange={(v) => review.setField("pendMessage", v)}
      />
      <TextAreaField id="pend-items" label="Items needed (one per line)" value={review.form.pendItems} issues={review.issues.at("items")} prefix="Items needed:" onChange={(v) => review.setField("pendItems", v)} />
      <button
        type="button"
        disabled={review.pending}
        onClick={() =>
          void review.run(
            "pend",
            () =>
              pendCaseAction({
                caseId,
                version,
                message: review.form.pendMessage,
                items: review.form.pendItems
                  .split("\n")
                  .map((l) => l.trim())
                  .filter(Boolean),
              }),
            "Information requested. The provider sees your message.",
          )
        }
        className="rounded bg-slate-800 px-3 py-1.5 text-sm text-white disabled:opacity-60"
      >
        Send the request for information
      </button>
      {outcome ? <OutcomeMessage outcome={outcome} general={review.issues.general} onReload={() => router.refresh()} /> : null}
    </div>
  );
}

export function EscalatePanel({ review, caseId, version }: { review: ReviewForm; caseId: string; version: number }) {
  const router = useRouter();
  const first = useFocusOnOpen<HTMLTextAreaElement>();
  const outcome = review.outcome?.source === "escalate" ? review.outcome : null;
  return (
    <div className="space-y-2 rounded border border-slate-400 bg-white p-3" data-testid="escalate-panel">
      <TextAreaField
        id="escalate-reason"
        label="Why should a physician decide?"
        textareaRef={first}
        value={review.form.escalationText}
        issues={review.issues.at("reason")}
        prefix="The reason"
        onChange={(v) => review.setField("escalationText", v)}
      />
      <button
        type="button"
        disabled={review.pending}
        onClick={() => void review.run("escalate", () => escalateCaseAction({ caseId, version, reason: review.form.escalationText }), "Escalated: the case is in the physician-only queue.")}
        className="rounded bg-slate-800 px-3 py-1.5 text-sm text-white disabled:opacity-60"
      >
        Escalate
      </button>
      {outcome ? <OutcomeMessage outcome={outcome} general={review.issues.general} onReload={() => router.refresh()} /> : null}
    </div>
  );
}
