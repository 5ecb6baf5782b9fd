"use client";
import { useId, useState, useSyncExternalStore, useTransition } from "react";
import type { ActionResult } from "@/lib/server/errors";

const noSubscription = () => () => {};

type State = { ok?: boolean; message?: string; issues?: { path: string; message: string }[] };

/**
 * A form that posts to a server action returning an ActionResult and says what happened:
 * the service's message or each field's problem (role=alert), or `success` (role=status).
 * What was typed stays after a refusal (a form `action` would reset the fields); a successful
 * submission clears it.
 */
export function ActionForm({
  action,
  children,
  submitLabel,
  success,
  confirm,
  className = "flex flex-wrap items-end gap-3",
  buttonClassName = "rounded bg-blue-800 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60",
  ariaLabel,
  resetOnSuccess = true,
  onSuccess,
}: {
  action: (formData: FormData) => Promise<ActionResult<unknown>>;
  children?: React.ReactNode;
  submitLabel: React.ReactNode;
  success?: string;
  confirm?: string;
  className?: string;
  buttonClassName?: string;
  ariaLabel?: string;
  /** false: the fields keep what was chosen (e.g. a role just changed stays shown). */
  resetOnSuccess?: boolean;
  /** Client callers only: runs after a success; a string it returns replaces `success` as the message. */
  onSuccess?: (form: HTMLFormElement, data: FormData) => string | void;
}) {
  const [state, setState] = useState<State>({});
  const [pending, start] = useTransition();
  // Until React has hydrated, a click would submit the form natively (a GET that puts what was
  // typed, e.g. an email, into the URL, and nothing happens): keep the button off until then.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const id = useId();
  return (
    <form
      method="post"
      aria-label={ariaLabel}
      aria-describedby={state.message ? `${id}-msg` : undefined}
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        if (confirm && !window.confirm(confirm)) return;
        const form = e.currentTarget;
        const data = new FormData(form);
        start(async () => {
          const r = await action(data);
          if (r.ok && resetOnSuccess) form.reset();
          const message = r.ok ? (onSuccess?.(form, data) ?? success) : undefined;
          setState(r.ok ? { ok: true, message } : { ok: false, message: r.message, issues: r.issues });
        });
      }}
    >
      {children}
      <button type="submit" disabled={pending || !hydrated} className={buttonClassName}>
        {submitLabel}
      </button>
      {state.message ? (
        <div
          id={`${id}-msg`}
          role={state.ok ? "status" : "alert"}
          className={`basis-full text-sm ${state.ok ? "text-green-800" : "text-red-800"}`}
        >
          {state.issues && state.issues.length > 1 ? (
            <ul className="list-disc pl-5">
              {state.issues.map((i) => (
                <li key={`${i.path}:${i.message}`}>{i.message}</li>
              ))}
            </ul>
          ) : (
            <p>{state.issues?.length === 1 ? state.issues[0]!.message : state.message}</p>
          )}
        </div>
      ) : null}
    </form>
  );
}

export function Field({
  label,
  name,
  type = "text",
  defaultValue,
  autoComplete,
  className = "w-56",
  required = true,
}: {
  label: string;
  name: string;
  type?: string;
  defaultValue?: string;
  autoComplete?: string;
  className?: string;
  required?: boolean;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        autoComplete={autoComplete}
        required={required}
        className={`mt-1 rounded border border-slate-400 px-2 py-1.5 text-sm ${className}`}
      />
    </div>
  );
}

export function SelectField({
  label,
  name,
  options,
  defaultValue,
  srOnlyLabel = false,
}: {
  label: string;
  name: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  srOnlyLabel?: boolean;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className={srOnlyLabel ? "sr-only" : "block text-sm font-medium"}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        className={`${srOnlyLabel ? "" : "mt-1 "}rounded border border-slate-400 px-2 py-1.5 text-sm`}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
