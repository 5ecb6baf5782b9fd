"use client";
// One criterion's finding. Criteria the engine found met (or not applicable) and the reviewer
// agrees with are one line, expanded on demand; the rest are open.
import { memo, useState } from "react";
import {
  CRITERION_STATUS_LABELS,
  FINDING_STATUS_LABELS,
  FINDING_STATUSES,
  isAdverseFinding,
  labelOf,
  type FindingStatus,
} from "@/lib/domain";
import { isSettledFinding, type DraftFinding, type StaleFinding } from "@/lib/review-draft";
import type { AttachmentItem } from "../attachment-viewer";

export interface WorkspaceCriterion {
  id: string;
  label: string;
  kind: string;
  status: string;
  explanation: string;
  citation: { anchor: string; quote: string };
}

const short = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const statusWord = (s: string) => FINDING_STATUS_LABELS[s as FindingStatus] ?? "no finding";

export const FindingEditor = memo(function FindingEditor(props: {
  index: number;
  criterion: WorkspaceCriterion;
  finding: DraftFinding;
  stale: StaleFinding | undefined;
  passages: { anchor: string; text: string }[];
  attachments: AttachmentItem[];
  shownFile: AttachmentItem | null;
  shownPage: number;
  issues: string[];
  readOnly: boolean;
  onChange: (id: string, patch: Partial<DraftFinding>) => void;
  onKeepDraft: (id: string) => void;
  onAcceptNew: (id: string) => void;
}) {
  const { criterion: c, finding: f, index: i } = props;
  const settled = isSettledFinding(c.status, f, c.citation.anchor) && !props.stale && props.issues.length === 0;
  const [open, setOpen] = useState(!settled);
  const id = `finding-${i}`;
  const set = (patch: Partial<DraftFinding>) => props.onChange(c.id, patch);
  const adverse = isAdverseFinding(f.status);
  const expanded = open || !settled;

  if (!expanded)
    return (
      <li
        className="flex items-center gap-3 rounded border border-slate-200 bg-white px-3 py-1.5 text-sm"
        data-testid="finding"
        data-criterion={c.id}
        data-compact="true"
      >
        <span aria-hidden="true" className="text-green-800">
          ✓
        </span>
        <span className="min-w-0 flex-1 truncate">
          {i + 1}. {c.label}
        </span>
        <span className="whitespace-nowrap text-slate-700">Engine and finding: {statusWord(f.status)}</span>
        <button
          type="button"
          className="rounded border border-slate-400 px-2 py-0.5 text-xs hover:bg-slate-100"
          aria-expanded="false"
          aria-label={`Open finding ${i + 1}: ${c.label}`}
          onClick={() => setOpen(true)}
        >
          Open
        </button>
      </li>
    );

  return (
    <li
      className={`rounded border bg-white p-3 ${props.issues.length ? "border-red-500" : adverse ? "border-amber-400" : "border-slate-300"}`}
      data-testid="finding"
      data-criterion={c.id}
      data-compact="false"
    >
      <fieldset>
        <legend className="font-semibold">
          {i + 1}. {c.label}
        </legend>
        <p className="mt-1 text-sm">
          <span className="font-medium">Engine: {labelOf(CRITERION_STATUS_LABELS, c.status) ?? c.status}.</span>{" "}
          {c.explanation}
        </p>
        {props.stale ? (
          <div className="mt-2 rounded border border-amber-500 bg-amber-50 p-2 text-sm" data-testid="stale-finding">
            <p>
              <strong>Changed since your draft.</strong> Your draft said “{statusWord(props.stale.draftStatus)}”
              {props.stale.engineBefore
                ? ` when the engine said “${labelOf(CRITERION_STATUS_LABELS, props.stale.engineBefore) ?? props.stale.engineBefore}”`
                : ""}
              ; the new evaluation says “{labelOf(CRITERION_STATUS_LABELS, c.status) ?? c.status}”, so the finding now
              starts from it.
            </p>
            {!props.readOnly ? (
              <p className="mt-1 flex flex-wrap gap-2">
                <button
                  type="button"
                  className="rounded border border-amber-700 px-2 py-0.5"
                  onClick={() => props.onKeepDraft(c.id)}
                >
                  Keep my value ({statusWord(props.stale.draftStatus)})
                </button>
                <button
                  type="button"
                  className="rounded border border-slate-500 px-2 py-0.5"
                  onClick={() => props.onAcceptNew(c.id)}
                >
                  Use the new evaluation
                </button>
              </p>
            ) : null}
          </div>
        ) : null}
        <div className="mt-2 grid gap-3 md:grid-cols-[12rem_1fr]">
          <div>
            <label htmlFor={`${id}-status`} className="block text-sm font-medium">
              Finding
            </label>
            <select
              id={`${id}-status`}
              value={f.status}
              disabled={props.readOnly}
              aria-invalid={props.issues.length ? true : undefined}
              aria-describedby={props.issues.length ? `${id}-issues` : undefined}
              onChange={(e) => set({ status: e.target.value })}
              className={`mt-1 w-full rounded border bg-white px-2 py-1 text-sm ${adverse ? "border-amber-600 font-medium text-amber-950" : "border-slate-400"}`}
            >
              <option value="">Choose…</option>
              {FINDING_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {FINDING_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-citation`} className="block text-sm font-medium">
              Citation
            </label>
            <select
              id={`${id}-citation`}
              value={f.citationAnchor}
              disabled={props.readOnly}
              onChange={(e) => set({ citationAnchor: e.target.value })}
              className="mt-1 w-full rounded border border-slate-400 bg-white px-2 py-1 text-sm"
            >
              <option value={c.citation.anchor}>The criterion&apos;s passage: “{short(c.citation.quote)}”</option>
              {props.passages
                .filter((p) => p.anchor !== c.citation.anchor)
                .map((p) => (
                  <option key={p.anchor} value={p.anchor}>
                    {p.anchor}: {short(p.text, 70)}
                  </option>
                ))}
            </select>
          </div>
        </div>
        {props.issues.length ? (
          <ul id={`${id}-issues`} className="mt-1 text-sm font-medium text-red-800" data-testid="finding-issue">
            {props.issues.map((m) => (
              <li key={m}>{/^[A-Z]/.test(m) ? m : `This finding ${m}`}</li>
            ))}
          </ul>
        ) : null}
        <div className="mt-2 text-sm">
          <span className="font-medium">Evidence (kept with the determination): </span>
          {f.evidence.length === 0 ? <span className="mr-2 text-slate-600">none yet</span> : null}
          <ul className="inline">
            {f.evidence.map((e, j) => (
              <li key={j} className="mr-2 inline-flex items-center gap-1 rounded bg-slate-100 px-2 py-0.5">
                {props.attachments.find((a) => a.id === e.attachmentId)?.fileName ?? "file"}
                {e.page ? `, page ${e.page}` : ""}
                {!props.readOnly ? (
                  <button
                    type="button"
                    aria-label={`Remove evidence ${j + 1} of ${c.label}`}
                    className="text-red-800"
                    onClick={() => set({ evidence: f.evidence.filter((_, k) => k !== j) })}
                  >
                    ×
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          {props.shownFile && !props.readOnly ? (
            <button
              type="button"
              className="rounded border border-slate-400 px-2 py-0.5 text-sm hover:bg-slate-100"
              onClick={() => {
                const file = props.shownFile!;
                set({
                  evidence: [
                    ...f.evidence,
                    file.contentType === "application/pdf"
                      ? { attachmentId: file.id, page: props.shownPage }
                      : { attachmentId: file.id },
                  ],
                });
              }}
            >
              Cite the file shown{props.shownFile.contentType === "application/pdf" ? `, page ${props.shownPage}` : ""}
            </button>
          ) : null}
        </div>
        <div className="mt-2">
          <label htmlFor={`${id}-note`} className="block text-sm font-medium">
            Note{" "}
            <span className="font-normal text-slate-700">
              (printed in a denial letter when this criterion is a reason)
            </span>
          </label>
          <textarea
            id={`${id}-note`}
            value={f.note}
            rows={1}
            readOnly={props.readOnly}
            onChange={(e) => set({ note: e.target.value })}
            className="mt-1 w-full rounded border border-slate-400 px-2 py-1 text-sm"
          />
        </div>
        {settled ? (
          <button type="button" className="mt-1 text-xs text-blue-800 underline" onClick={() => setOpen(false)}>
            Fold this finding
          </button>
        ) : null}
      </fieldset>
    </li>
  );
});
