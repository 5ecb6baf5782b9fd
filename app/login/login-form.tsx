"use client";
import { useActionState, type InputHTMLAttributes } from "react";
import { signInAction, type SignInState } from "./actions";

/** A labelled input (its id and name are `name`) with the server's message for it, which describes it. */
function Field({
  name,
  label,
  error,
  ...input
}: { name: string; label: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <input
        {...input}
        id={name}
        name={name}
        required
        aria-invalid={!!error}
        aria-describedby={error ? `${name}-error` : undefined}
        className="mt-1 block w-full rounded border border-slate-400 px-3 py-2"
      />
      {error ? (
        <p id={`${name}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Submit({ pending, label, busy }: { pending: boolean; label: string; busy: string }) {
  return (
    <button
      type="submit"
      disabled={pending}
      className="w-full rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
    >
      {pending ? busy : label}
    </button>
  );
}

export function LoginForm({ callbackUrl, initialEmail }: { callbackUrl: string; initialEmail?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, {});
  const codeStep = !!state.pending;
  return (
    <form action={action} className="space-y-4" noValidate aria-label={codeStep ? "Two-factor sign-in" : "Sign in"}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {state.message ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
      {codeStep ? (
        <>
          {/* The password was right: the signed statement stands in for it (it is never sent twice). */}
          <input type="hidden" name="pending" value={state.pending} />
          <input type="hidden" name="email" value={state.email ?? ""} />
          <p className="text-sm text-slate-800">
            Signing in as <strong>{state.email}</strong>. Enter the 6-digit code from your authenticator app, or one of
            your recovery codes.
          </p>
          <Field
            name="code"
            label="Authentication code"
            type="text"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            error={state.fieldErrors?.code}
          />
          <Submit pending={pending} label="Verify and sign in" busy="Checking…" />
          <p className="text-sm">
            {/* A full load: the form's state (the pending step) starts over. */}
            <a href="/login" className="text-blue-800 underline">
              Start again
            </a>
          </p>
        </>
      ) : (
        <>
          <Field
            name="email"
            label="Email"
            type="email"
            autoComplete="username"
            defaultValue={state.email ?? initialEmail}
            error={state.fieldErrors?.email}
          />
          <Field
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            error={state.fieldErrors?.password}
          />
          <Submit pending={pending} label="Sign in" busy="Signing in…" />
        </>
      )}
    </form>
  );
}
