"use client";
import { useActionState } from "react";
import { signInAction, type SignInState } from "./actions";

const inputClass = "mt-1 block w-full rounded border border-slate-400 px-3 py-2";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
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
            Signing in as <strong>{state.email}</strong>. Enter the 6-digit code from your authenticator app, or one of your recovery codes.
          </p>
          <div>
            <label htmlFor="code" className="block text-sm font-medium">
              Authentication code
            </label>
            <input
              id="code"
              name="code"
              type="text"
              autoComplete="one-time-code"
              autoCapitalize="none"
              spellCheck={false}
              required
              autoFocus
              aria-invalid={!!state.fieldErrors?.code}
              aria-describedby={state.fieldErrors?.code ? "code-error" : undefined}
              className={inputClass}
            />
            {state.fieldErrors?.code ? (
              <p id="code-error" className="mt-1 text-sm text-red-700">
                {state.fieldErrors.code}
              </p>
            ) : null}
          </div>
          <button type="submit" disabled={pending} className="w-full rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60">
            {pending ? "Checking…" : "Verify and sign in"}
          </button>
          <p className="text-sm">
            {/* A full load: the form's state (the pending step) starts over. */}
            <a href="/login" className="text-blue-800 underline">
              Start again
            </a>
          </p>
        </>
      ) : (
        <>
          <div>
            <label htmlFor="email" className="block text-sm font-medium">
              Email
            </label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              required
              defaultValue={state.email}
              aria-invalid={!!state.fieldErrors?.email}
              aria-describedby={state.fieldErrors?.email ? "email-error" : undefined}
              className={inputClass}
            />
            {state.fieldErrors?.email ? (
              <p id="email-error" className="mt-1 text-sm text-red-700">
                {state.fieldErrors.email}
              </p>
            ) : null}
          </div>
          <div>
            <label htmlFor="password" className="block text-sm font-medium">
              Password
            </label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              aria-invalid={!!state.fieldErrors?.password}
              aria-describedby={state.fieldErrors?.password ? "password-error" : undefined}
              className={inputClass}
            />
            {state.fieldErrors?.password ? (
              <p id="password-error" className="mt-1 text-sm text-red-700">
                {state.fieldErrors.password}
              </p>
            ) : null}
          </div>
          <button type="submit" disabled={pending} className="w-full rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60">
            {pending ? "Signing in…" : "Sign in"}
          </button>
        </>
      )}
    </form>
  );
}
