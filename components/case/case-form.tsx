"use client";
// The guided request form: only the sections the chosen indication and phase need, with the
// policy's words beside them. State and server round trips: form/use-case-draft.ts; sections:
// form/request-sections.tsx and form/clinical-sections.tsx.
//
// First load carries the member and request sections, the records and the buttons. The clinical
// sections (and the criteria catalogue they quote) load once an indication and a phase are
// chosen, the answer box of a respond or appeal form with that form, an outcome message when
// there is one; the "still needs" panel's check loads after first paint (still-needs-panel.tsx).
// No policy text, no zod in this bundle.
import { lazy, Suspense } from "react";
import type { Indication, Phase } from "@/lib/policy/constants";
import { StillNeedsPanel } from "./still-needs-panel";
import { AttachmentUploader } from "./attachment-uploader";
import { MemberSection, RequestSection } from "./form/request-sections";
import { Section } from "./form/section";
import { useCaseDraft, type CaseFormInitial, type FormMode } from "./form/use-case-draft";
import type { RequestPrefill } from "@/lib/request-prefill";

const ClinicalSections = lazy(() => import("./form/clinical-sections").then((m) => ({ default: m.ClinicalSections })));
const AnswerBox = lazy(() => import("./form/form-footer").then((m) => ({ default: m.AnswerBox })));
const FormMessage = lazy(() => import("./form/form-footer").then((m) => ({ default: m.FormMessage })));

interface Props {
  today: string;
  /** edit: a new request or a draft; respond: answer the reviewer's request; appeal: appeal a denial (new facts optional). */
  mode?: FormMode;
  initial?: CaseFormInitial;
  /** A new request's starting facts (from an EHR's link: phase, indication, CPT codes). */
  prefill?: RequestPrefill;
}

export function CaseForm({ today, initial, prefill, mode = "edit" }: Props) {
  const form = useCaseDraft({ today, initial, prefill, mode });
  const indication = form.val<Indication>(["request", "indication"]);
  const phase = form.val<Phase>(["request", "phase"]);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form
        method="post"
        className="space-y-6"
        aria-label="Prior-authorization request"
        onFocus={form.preload}
        onSubmit={(e) => {
          e.preventDefault();
          if (mode === "edit") form.submit();
          else form.answer();
        }}
      >
        <MemberSection form={form} mode={mode} />
        <RequestSection form={form} />

        {!indication || !phase ? (
          <p className="rounded border border-slate-300 bg-slate-50 p-3 text-sm">
            Choose the indication and the phase: the clinical questions the policy asks for them will appear here.
          </p>
        ) : indication === "other" ? (
          <p className="rounded border border-slate-300 bg-slate-50 p-3 text-sm">
            This policy does not address other indications. You may still submit; a physician reviewer decides under
            other criteria.
          </p>
        ) : (
          <Suspense
            fallback={
              <p className="text-sm text-slate-700">Loading the policy’s questions for this indication and phase…</p>
            }
          >
            <ClinicalSections form={form} indication={indication} phase={phase} />
          </Suspense>
        )}

        <Section title="Records">
          <AttachmentUploader
            caseId={form.saved?.caseId}
            ensureCaseId={form.ensureCaseId}
            files={initial?.attachments ?? []}
          />
        </Section>

        {mode !== "edit" ? (
          <Suspense fallback={null}>
            <AnswerBox form={form} mode={mode} />
          </Suspense>
        ) : (
          <div className="sticky bottom-0 space-y-2 border-t border-slate-300 bg-white py-3">
            {form.message ? (
              <Suspense fallback={null}>
                <FormMessage form={form} />
              </Suspense>
            ) : null}
            <label className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                checked={form.attested}
                onChange={(e) => form.setAttested(e.target.checked)}
                className="mt-1"
              />
              <span>
                I attest that these facts are true and documented in the attached records{" "}
                <span className="text-slate-700">(optional; needed for approval at once where the plan allows it)</span>
              </span>
            </label>
            <div className="flex flex-wrap items-center gap-3">
              <button
                type="button"
                disabled={form.pending}
                onClick={form.save}
                className="rounded border border-slate-500 px-4 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60"
              >
                Save draft
              </button>
              <button
                type="submit"
                disabled={form.pending}
                className="rounded bg-blue-800 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-900 disabled:opacity-60"
              >
                {form.pending ? "Working…" : "Submit request"}
              </button>
              <span className="text-xs text-slate-700">
                You may submit an incomplete request; the reviewer will see what is missing.
              </span>
            </div>
          </div>
        )}
      </form>
      <aside
        className="lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto"
        aria-label="Policy check"
      >
        <StillNeedsPanel request={form.request} />
      </aside>
    </div>
  );
}
