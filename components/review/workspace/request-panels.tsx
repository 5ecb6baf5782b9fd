"use client";
// The pend and escalation panels of the decision section, loaded when the reviewer opens one:
// each sends its request and shows its own outcome beside its button.
import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { escalateCaseAction, pendCaseAction } from "@/app/(app)/review/[caseId]/actions";
import { TextAreaField } from "./decision-fields";
import { OutcomeMessage } from "./outcome-message";
import type { ReviewForm, Source } from "./use-review-form";

/** A panel's frame: its fields (the first is focused when it opens), its send button, its outcome. */
function RequestPanel({
  review,
  source,
  sendLabel,
  onSend,
  children,
}: {
  review: ReviewForm;
  source: Exclude<Source, "decision">;
  sendLabel: string;
  onSend: () => void;
  children: React.ReactNode;
}) {
  const router = useRouter();
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => panel.current?.querySelector("textarea")?.focus(), []);
  const outcome = review.outcome?.source === source ? review.outcome : null;
  return (
    <div ref={panel} className="space-y-2 rounded border border-slate-400 bg-white p-3" data-testid={`${source}-panel`}>
      {children}
      <button
        type="button"
        disabled={review.pending}
        onClick={onSend}
        className="rounded bg-slate-800 px-3 py-1.5 text-sm text-white disabled:opacity-60"
      >
        {sendLabel}
      </button>
      {outcome ? (
        <OutcomeMessage outcome={outcome} general={review.issues.general} onReload={() => router.refresh()} />
      ) : null}
    </div>
  );
}

export function PendPanel({ review, caseId, version }: { review: ReviewForm; caseId: string; version: number }) {
  const send = () =>
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
    );
  return (
    <RequestPanel review={review} source="pend" sendLabel="Send the request for information" onSend={send}>
      <TextAreaField
        id="pend-message"
        label="Message to the provider"
        value={review.form.pendMessage}
        issues={review.issues.at("message")}
        prefix="The message"
        onChange={(v) => review.setField("pendMessage", v)}
      />
      <TextAreaField
        id="pend-items"
        label="Items needed (one per line)"
        value={review.form.pendItems}
        issues={review.issues.at("items")}
        prefix="Items needed:"
        onChange={(v) => review.setField("pendItems", v)}
      />
    </RequestPanel>
  );
}

export function EscalatePanel({ review, caseId, version }: { review: ReviewForm; caseId: string; version: number }) {
  const send = () =>
    void review.run(
      "escalate",
      () => escalateCaseAction({ caseId, version, reason: review.form.escalationText }),
      "Escalated: the case is in the physician-only queue.",
    );
  return (
    <RequestPanel review={review} source="escalate" sendLabel="Escalate" onSend={send}>
      <TextAreaField
        id="escalate-reason"
        label="Why should a physician decide?"
        value={review.form.escalationText}
        issues={review.issues.at("reason")}
        prefix="The reason"
        onChange={(v) => review.setField("escalationText", v)}
      />
    </RequestPanel>
  );
}
