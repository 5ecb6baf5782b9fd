"use client";
import { useId } from "react";

/** Field wrappers with a visible label, an optional hint and the server's message for the field. */
export function Field({ label, hint, error, children }: { label: string; hint?: string; error?: string; children: (ids: { id: string; describedBy?: string }) => React.ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-xs text-slate-700">
          {hint}
        </p>
      ) : null}
      {children({ id, describedBy })}
      {error ? (
        <p id={errorId} className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const inputClass = "w-full rounded border border-slate-400 px-2 py-1.5 text-sm aria-[invalid=true]:border-red-700";

export function TextInput(props: { label: string; hint?: string; error?: string; value: string | undefined; onChange: (v: string | undefined) => void; multiline?: boolean; required?: boolean; name?: string }) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {({ id, describedBy }) =>
        props.multiline ? (
          <textarea id={id} name={props.name} aria-describedby={describedBy} aria-invalid={!!props.error} className={inputClass} rows={2} value={props.value ?? ""} onChange={(e) => props.onChange(e.target.value === "" ? undefined : e.target.value)} />
        ) : (
          <input id={id} name={props.name} aria-describedby={describedBy} aria-invalid={!!props.error} aria-required={props.required} className={inputClass} value={props.value ?? ""} onChange={(e) => props.onChange(e.target.value === "" ? undefined : e.target.value)} />
        )
      }
    </Field>
  );
}

export function DateInput(props: { label: string; hint?: string; error?: string; value: string | undefined; onChange: (v: string | undefined) => void; required?: boolean }) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {({ id, describedBy }) => (
        <input type="date" id={id} aria-describedby={describedBy} aria-invalid={!!props.error} aria-required={props.required} className={inputClass} value={props.value ?? ""} onChange={(e) => props.onChange(e.target.value || undefined)} />
      )}
    </Field>
  );
}

export function NumberInput(props: { label: string; hint?: string; error?: string; value: number | undefined; onChange: (v: number | undefined) => void; min?: number; max?: number }) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {({ id, describedBy }) => (
        <input
          type="number"
          inputMode="decimal"
          id={id}
          min={props.min}
          max={props.max}
          aria-describedby={describedBy}
          aria-invalid={!!props.error}
          className={inputClass}
          value={props.value ?? ""}
          onChange={(e) => props.onChange(e.target.value === "" || Number.isNaN(e.target.valueAsNumber) ? undefined : e.target.valueAsNumber)}
        />
      )}
    </Field>
  );
}

/** A choice where "Not documented" (absent) is different from every documented answer. */
export function Choice<T extends string>(props: { label: string; hint?: string; error?: string; value: T | undefined; options: readonly { value: T; label: string }[]; onChange: (v: T | undefined) => void; emptyLabel?: string; required?: boolean }) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {({ id, describedBy }) => (
        <select id={id} aria-describedby={describedBy} aria-invalid={!!props.error} aria-required={props.required} className={inputClass} value={props.value ?? ""} onChange={(e) => props.onChange((e.target.value || undefined) as T | undefined)}>
          <option value="">{props.emptyLabel ?? "Not documented"}</option>
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Not documented / Yes / No for a fact that may be documented as false. */
export function YesNo(props: { label: string; hint?: string; error?: string; value: boolean | undefined; onChange: (v: boolean | undefined) => void }) {
  return (
    <Choice
      label={props.label}
      hint={props.hint}
      error={props.error}
      value={props.value === undefined ? undefined : props.value ? "yes" : "no"}
      options={[
        { value: "yes", label: "Yes" },
        { value: "no", label: "No" },
      ]}
      onChange={(v) => props.onChange(v === undefined ? undefined : v === "yes")}
    />
  );
}
