"use client";
import { useId } from "react";

/** Choice options from coded values, with their words when given (else the code, spaced). */
export const opt = <T extends string>(values: readonly T[], labels?: Record<string, string>) =>
  values.map((v) => ({ value: v, label: labels?.[v] ?? v.replace(/_/g, " ") }));

/** Field wrappers with a visible label, an optional hint and the server's message for the field. */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string;
  error?: string;
  children: (ids: { id: string; describedBy?: string }) => React.ReactNode;
}) {
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

export const inputClass =
  "w-full rounded border border-slate-400 px-2 py-1.5 text-sm aria-[invalid=true]:border-red-700";

export function TextInput(props: {
  label: string;
  hint?: string;
  error?: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  multiline?: boolean;
  required?: boolean;
  name?: string;
  type?: "text" | "date";
}) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {({ id, describedBy }) =>
        props.multiline ? (
          <textarea
            id={id}
            name={props.name}
            aria-describedby={describedBy}
            aria-invalid={!!props.error}
            className={inputClass}
            rows={2}
            value={props.value ?? ""}
            onChange={(e) => props.onChange(e.target.value === "" ? undefined : e.target.value)}
          />
        ) : (
          <input
            type={props.type}
            id={id}
            name={props.name}
            aria-describedby={describedBy}
            aria-invalid={!!props.error}
            aria-required={props.required}
            className={inputClass}
            value={props.value ?? ""}
            onChange={(e) => props.onChange(e.target.value === "" ? undefined : e.target.value)}
          />
        )
      }
    </Field>
  );
}

export function DateInput(props: {
  label: string;
  hint?: string;
  error?: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  required?: boolean;
}) {
  return <TextInput {...props} type="date" />;
}

/** A choice where "Not documented" (absent) is different from every documented answer. */
export function Choice<T extends string>(props: {
  label: string;
  hint?: string;
  error?: string;
  value: T | undefined;
  options: readonly { value: T; label: string }[];
  onChange: (v: T | undefined) => void;
  emptyLabel?: string;
  required?: boolean;
}) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {({ id, describedBy }) => (
        <select
          id={id}
          aria-describedby={describedBy}
          aria-invalid={!!props.error}
          aria-required={props.required}
          className={inputClass}
          value={props.value ?? ""}
          onChange={(e) => props.onChange((e.target.value || undefined) as T | undefined)}
        >
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
