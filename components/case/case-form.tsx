"use client";
// The guided request form: only the sections the chosen indication and phase need, with the
// policy's words beside them. State and server round trips: form/use-case-draft.ts; sections:
// form/request-sections.tsx and form/clinical-sections.tsx.
import { useEffect, useMemo, useRef } from "react";
// Text-free, zod-free policy modules only: the policy text and the schema stay out of this bundle
// (the "still needs" panel loads the schema and the evaluator after first paint).
import { criteriaFor } from "@/lib/policy/catalogue";
import type { Indication, Phase } from "@/lib/policy/constants";
import { StillNeedsPanel, fieldLabel } from "./still-needs-panel";
import { TextInput } from "./form-fields";
import { AttachmentUploader } from "./attachment-uploader";
import { CLINICAL_SECTIONS } from "./form/clinical-sections";
import { MemberSection, RequestSection } from "./form/request-sections";
import { Section } from "./form/section";
import { useCaseDraft, type CaseFormInitial, type FormMode } from "./form/use-case-draft";

interface Props {
  today: string;
  /** edit: a new request or a draft; respond: answer the reviewer's request; appeal: appeal a denial (new facts optional). */
  mode?: FormMode;
  initial?: CaseFormInitial;
}

/** The form's outcome, shown beside the button that caused it and focused, so it is seen at once. */
function FormMessage({ form }: { form: ReturnType<typeof useCaseDraft> }) {
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

export function CaseForm({ today, initial, mode = "edit" }: Props) {
  const form = useCaseDraft({ today, initial, mode });
  const indication = form.val<Indication>(["request", "indication"]);
  const phase = form.val<Phase>(["request", "phase"]);
  const criteria = useMemo(() => (indication && phase ? criteriaFor(indication, phase) : []), [indication, phase]);
  const quotesFor = (field: string) => criteria.filter((c) => c.kind !== "scope" && c.fields.some((f) => f === `clinical.${field}` || f.startsWith(`clinical.${field}.`)));

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form
        method="post"
        className="space-y-6"
        aria-label="Prior-authorization request"
        onSubmit={(e) => {
          e.preventDefault();
          if (mode === "edit") form.submit();
          else form.answer();
        }}
      >
        <MemberSection form={form} mode={mode} />
        <RequestSection form={form} />

        {!indication || !phase ? (
          <p className="rounded border border-slate-300 bg-slate-50 p-3 text-sm">Choose the indication and the phase: the clinical questions the policy asks for them will appear here.</p>
        ) : indication === "other" ? (
          <p className="rounded border border-slate-300 bg-slate-50 p-3 text-sm">This policy does not address other indications. You may still submit; a physician reviewer decides under other criteria.</p>
        ) : null}

        {CLINICAL_SECTIONS.map(({ field, title, Component }) => {
          const quotes = quotesFor(field);
          return quotes.length ? <Component key={field} form={form} title={title} quotes={quotes} phase={phase} /> : null;
        })}

        <Section title="Records">
          <AttachmentUploader caseId={form.saved?.caseId} ensureCaseId={form.ensureCaseId} files={initial?.attachments ?? []} />
        </Section>

        {mode !== "edit" ? (
          <div className="space-y-2 rounded-lg border border-blue-300 bg-blue-50 p-4">
            <TextInput
              label={mode === "appeal" ? "Why the decision should change" : "Your answer to the reviewer"}
              hint={mode === "appeal" ? "At least 20 characters. Attach new records above; change facts above if they changed." : "Say what you are sending. Attach files above; correct or add facts above if they changed."}
              multiline
              value={form.note || undefined}
              onChange={(v) => form.setNote(v ?? "")}
              error={form.err(mode === "appeal" ? "reason" : "note")}
            />
            <FormMessage form={form} />
            <button type="button" disabled={form.pending} onClick={form.answer} className="rounded bg-blue-800 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-900 disabled:opacity-60">
              {form.pending ? "Sending…" : mode === "appeal" ? "File the appeal" : "Send the answer"}
            </button>
          </div>
        ) : (
          <div className="sticky bottom-0 space-y-2 border-t border-slate-300 bg-white py-3">
            <FormMessage form={form} />
            <div className="flex flex-wrap items-center gap-3">
              <button type="button" disabled={form.pending} onClick={form.save} className="rounded border border-slate-500 px-4 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60">
                Save draft
              </button>
              <button type="submit" disabled={form.pending} className="rounded bg-blue-800 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-900 disabled:opacity-60">
                {form.pending ? "Working…" : "Submit request"}
              </button>
              <span className="text-xs text-slate-700">You may submit an incomplete request; the reviewer will see what is missing.</span>
            </div>
          </div>
        )}
      </form>
      <aside className="lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto" aria-label="Policy check">
        <StillNeedsPanel request={form.request} />
      </aside>
    </div>
  );
}
