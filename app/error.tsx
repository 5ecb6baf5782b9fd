"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto mt-16 max-w-xl px-4">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2">Nothing was changed. {error.digest ? `Reference: ${error.digest}.` : null}</p>
      <button type="button" onClick={reset} className="mt-4 rounded border border-slate-400 px-3 py-1">
        Try again
      </button>
    </main>
  );
}
