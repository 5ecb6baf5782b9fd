"use client";
// The fields a decision sends: the rationale and the InterQual review (both printed in the
// letter), and the pend and escalation panels, each showing its own outcome beside its button.
import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { escalateCaseAction, pendCaseAction } from "@/app/(app)/review/[caseId]/actions";
import { OutcomeMessage } from "./decision-bar";
import type { ReviewForm } from "./use-review-form";

const input = "mt-1 w-full rounded border px-2 py-1 text-sm";
const border = (bad: boolean) => (bad ? "border-red-600" : "border-slate-400");

/** Schema messages are sentences ("Write a rationale…"); service messages are predicates ("is not met…"). */
export const withSubject = (subject: string, message: string) => (/^[A-Z]/.test(message) ? message : `${subject} ${message}`);

export function FieldIssues({ id, messages, prefix }: { id: string; messages: string[]; prefix: string }) {
  if (!messages.length) return null;
  return (
    <ul id={id} className="mt-1 text-sm font-medium text-red-800">
      {messages.map((m) => (
        <li key={m}>{withSubject(prefix, m)}</li>
      ))}
    </ul>
  );
}

export function RationaleField({ review, readOnly }: { review: ReviewForm; readOnly: boolean }) {
  const issues = review.issues.at("rationale");
  return (
    <div>
      <label htmlFor="rationale" className="block text-sm font-medium">
        Rationale (sent in the letter)
      </label>
      <textarea
        id="rationale"
        value={review.form.rationale}
        rows={3}
        readOnly={readOnly}
        aria-invalid={issues.length ? true : undefined}
        aria-describedby={issues.length ? "rationale-issues" : undefined}
        onChange={(e) => review.setField("rationale", e.target.value)}
        className={`${input} ${border(issues.length > 0)}`}
      />
      <FieldIssues id="rationale-issues" messages={issues} prefix="The rationale" />
    </div>
  );
}

export function InterqualFields({ review, readOnly }: { review: ReviewForm; readOnly: boolean }) {
  const issues = review.issues.at("interqual");
  return (
    <fieldset className="rounded border border-slate-300 bg-white p-3">
      <legend className="font-semibold">InterQual® review (cancer-related pain and spasticity; sent in the letter)</legend>
      <div className="mt-2 grid gap-3 md:grid-cols-2">
        <div>
          <label htmlFor="iq-subset" className="block text-sm font-medium">
            Subset applied
          </label>
          <input
            id="iq-subset"
            value={review.form.interqualSubset}
            readOnly={readOnly}
            onChange={(e) => review.setField("interqualSubset", e.target.value)}
            placeholder="e.g. CP: Procedures, Epidural or Intrathecal Catheter Placement"
            className={`${input} ${border(issues.length > 0)}`}
          />
        </div>
        <div>
          <label htmlFor="iq-result" className="block text-sm font-medium">
            Result
          </label>
          <select
            id="iq-result"
            value={review.form.interqualResult}
            disabled={readOnly}
            onChange={(e) => review.setField("interqualResult", e.target.value)}
            className={`${input} bg-white ${border(issues.length > 0)}`}
          >
            <option value="">Choose…</option>
            <option value="met">Criteria met</option>
            <option value="not_met">Criteria not met</option>
          </select>
        </div>
      </div>
      <FieldIssues id="iq-issues" messages={issues} prefix="The InterQual review" />
    </fieldset>
  );
}

function useFocusOnOpen<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

export function PendPanel({ review, caseId, version }: { review: ReviewForm; caseId: string; version: number }) {
  const router = useRouter();
  const first = useFocusOnOpen<HTMLTextAreaElement>();
  const outcome = review.outcome?.source === "pend" ? review.outcome : null;
  const msg = review.issues.at("message");
  const items = review.issues.at("items");
  return (
    <div className="space-y-2 rounded border border-slate-400 bg-white p-3" data-testid="pend-panel">
      <label htmlFor="pend-message" className="block text-sm font-medium">
        Message to the provider
      </label>
      <textarea
        ref={first}
        id="pend-message"
        rows={3}
        value={review.form.pendMessage}
        aria-invalid={msg.length ? true : undefined}
        aria-describedby={msg.length ? "pend-message-issues" : undefined}
        onChange={(e) => review.setField("pendMessage", e.target.value)}
        className={`${input} ${border(msg.length > 0)}`}
      />
      <FieldIssues id="pend-message-issues" messages={msg} prefix="The message" />
      <label htmlFor="pend-items" className="block text-sm font-medium">
        Items needed (one per line)
      </label>
      <textarea
        id="pend-items"
        rows={3}
        value={review.form.pendItems}
        aria-invalid={items.length ? true : undefined}
        aria-describedby={items.length ? "pend-items-issues" : undefined}
        onChange={(e) => review.setField("pendItems", e.target.value)}
        className={`${input} ${border(items.length > 0)}`}
      />
      <FieldIssues id="pend-items-issues" messages={items} prefix="Items needed:" />
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
  const reason = review.issues.at("reason");
  return (
    <div className="space-y-2 rounded border border-slate-400 bg-white p-3" data-testid="escalate-panel">
      <label htmlFor="escalate-reason" className="block text-sm font-medium">
        Why should a physician decide?
      </label>
      <textarea
        ref={first}
        id="escalate-reason"
        rows={3}
        value={review.form.escalationText}
        aria-invalid={reason.length ? true : undefined}
        aria-describedby={reason.length ? "escalate-reason-issues" : undefined}
        onChange={(e) => review.setField("escalationText", e.target.value)}
        className={`${input} ${border(reason.length > 0)}`}
      />
      <FieldIssues id="escalate-reason-issues" messages={reason} prefix="The reason" />
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
