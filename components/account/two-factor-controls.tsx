"use client";
import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/server/errors";

/**
 * Confirms enrolment with a code from the app, then shows the ten recovery codes once. The page
 * is refreshed only when the person says they kept them (a refresh would show the enrolled state
 * and the codes would be gone for good).
 */
export function ConfirmEnrollmentForm({
  action,
}: {
  action: (fd: FormData) => Promise<ActionResult<{ recoveryCodes: string[] }>>;
}) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const id = useId();
  if (codes) {
    return (
      <div
        role="status"
        className="space-y-3 rounded border border-green-700 bg-green-50 p-4 text-sm"
        data-testid="recovery-codes"
      >
        <p className="font-semibold text-green-900">Two-factor sign-in is on.</p>
        <p>
          These are your <strong>recovery codes</strong>. Each works once, in place of a code from the app, if you lose
          your device. Keep them somewhere safe now: they are not shown again.
        </p>
        <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-x-8 gap-y-1 font-mono text-base sm:w-96">
          {codes.map((c) => (
            <li key={c} data-testid="recovery-code">
              {c}
            </li>
          ))}
        </ul>
        <button
          type="button"
          onClick={() => router.refresh()}
          className="rounded bg-blue-800 px-3 py-1.5 text-sm font-semibold text-white"
        >
          I have saved my recovery codes
        </button>
      </div>
    );
  }
  return (
    <form
      method="post"
      aria-label="Confirm two-factor sign-in"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        start(async () => {
          const r = await action(data);
          if (r.ok) {
            setCodes(r.data.recoveryCodes);
            setError(null);
          } else setError(r.message);
        });
      }}
    >
      <div>
        <label htmlFor={`${id}-code`} className="block text-sm font-medium">
          Code from the app
        </label>
        <input
          id={`${id}-code`}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
          className="mt-1 w-32 rounded border border-slate-400 px-2 py-1.5 font-mono text-sm"
        />
      </div>
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-blue-800 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60"
      >
        {pending ? "Checking…" : "Turn on two-factor sign-in"}
      </button>
      {error ? (
        <p id={`${id}-error`} role="alert" className="basis-full text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </form>
  );
}
