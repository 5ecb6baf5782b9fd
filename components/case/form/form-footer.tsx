"use client";
// The foot of the request form once the provider acts: the outcome message and the answer box of a
// respond or appeal form. Loaded when shown: with the field labels it uses, 1.2 kB gzip.
import { useEffect, useRef } from "react";
import { fieldLabel } from "../field-label";
import { TextInput } from "../form-fields";
import type { CaseDraft, FormMode } from "./use-case-draft";

/** The form's outcome, shown beside the button that caused it and focused, so it is seen at once. */
export function FormMessage({ form }: { form: CaseDraft }) {
  const ref = useRef<HTMLDivElement>(null);
  const { message, issues } = form;
  useEffect(() => {
    if (message?.kind === "error") ref.current?.focus();
  }, [message]);
  if (!message) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role={message.kind === "error" ? "alert" : "status"}
      className={`rounded border p-3 text-sm outline-none focus:ring-2 focus:ring-blue-600 ${message.kind === "error" ? "border-red-400 bg-red-50 text-red-900" : "border-green-400 bg-green-50 text-green-900"}`}
    >
      <p>{message.text}</p>
      {issues.length ? (
        <ul className="mt-1 list-disc pl-5">
          {issues.map((i) => (
            <li key={i.path + i.message}>
              {fieldLabel(i.path.replace(/^request\.(member|request|clinical)/, "$1"))} {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The answer of a respond or appeal form: the provider's note or reason, the outcome and the send button. */
export function AnswerBox({ form, mode }: { form: CaseDraft; mode: Exclude<FormMode, "edit"> }) {
  return (
    <div className="space-y-2 rounded-lg border border-blue-300 bg-blue-50 p-4">
      <TextInput
        label={mode === "appeal" ? "Why the decision should change" : "Your answer to the reviewer"}
        hint={
          mode === "appeal"
            ? "At least 20 characters. Attach new records above; change facts above if they changed."
            : "Say what you are sending. Attach files above; correct or add facts above if they changed."
        }
        multiline
        value={form.note || undefined}
        onChange={(v) => form.setNote(v ?? "")}
        error={form.err(mode === "appeal" ? "reason" : "note")}
      />
      <FormMessage form={form} />
      <button
        type="button"
        disabled={form.pending}
        onClick={form.answer}
        className="rounded bg-blue-800 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-900 disabled:opacity-60"
      >
        {form.pending ? "Sending…" : mode === "appeal" ? "File the appeal" : "Send the answer"}
      </button>
    </div>
  );
}
