"use client";
// The fields a decision sends: the rationale and the InterQual review (both printed in the
// letter). The pend and escalation panels (request-panels.tsx) load when opened.
import type { ReviewForm } from "./use-review-form";

const input = "mt-1 w-full rounded border px-2 py-1 text-sm";
const border = (bad: boolean) => (bad ? "border-red-600" : "border-slate-400");

/** Schema messages are sentences ("Write a rationale…"); service messages are predicates ("is not met…"). */
const withSubject = (subject: string, message: string) => (/^[A-Z]/.test(message) ? message : `${subject} ${message}`);

function FieldIssues({ id, messages, prefix }: { id: string; messages: string[]; prefix: string }) {
  if (!messages.length) return null;
  return (
    <ul id={id} className="mt-1 text-sm font-medium text-red-800">
      {messages.map((m) => (
        <li key={m}>{withSubject(prefix, m)}</li>
      ))}
    </ul>
  );
}

/** A labelled text area with its issues, described by them when there are some. */
export function TextAreaField({
  id,
  label,
  value,
  onChange,
  issues,
  prefix,
  readOnly,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  issues: string[];
  prefix: string;
  readOnly?: boolean;
}) {
  return (
    <>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        value={value}
        rows={3}
        readOnly={readOnly}
        aria-invalid={issues.length ? true : undefined}
        aria-describedby={issues.length ? `${id}-issues` : undefined}
        onChange={(e) => onChange(e.target.value)}
        className={`${input} ${border(issues.length > 0)}`}
      />
      <FieldIssues id={`${id}-issues`} messages={issues} prefix={prefix} />
    </>
  );
}

export function RationaleField({ review, readOnly }: { review: ReviewForm; readOnly: boolean }) {
  return (
    <div>
      <TextAreaField
        id="rationale"
        label="Rationale (sent in the letter)"
        value={review.form.rationale}
        readOnly={readOnly}
        issues={review.issues.at("rationale")}
        prefix="The rationale"
        onChange={(v) => review.setField("rationale", v)}
      />
    </div>
  );
}

export function InterqualFields({ review, readOnly }: { review: ReviewForm; readOnly: boolean }) {
  const issues = review.issues.at("interqual");
  return (
    <fieldset className="rounded border border-slate-300 bg-white p-3">
      <legend className="font-semibold">
        InterQual® review (cancer-related pain and spasticity; sent in the letter)
      </legend>
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
