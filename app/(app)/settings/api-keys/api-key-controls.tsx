"use client";
import { useState, useTransition } from "react";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";
import { OneTimeSecret } from "@/components/ui/one-time-secret";

export function CreateApiKeyForm() {
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-3">
      <form
        method="post"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const r = await createApiKeyAction({ name });
            if (!r.ok) return setError(r.issues?.[0] ? `Name ${r.issues[0].message}.` : r.message);
            setError(null);
            setName("");
            setCreated(r.data);
          });
        }}
      >
        <div>
          <label htmlFor="key-name" className="block text-sm font-medium">
            Name of the new key
          </label>
          <input
            id="key-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. EHR integration"
            className="w-72 rounded border border-slate-400 px-2 py-1.5 text-sm"
            aria-describedby={error ? "key-error" : undefined}
          />
        </div>
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-blue-800 px-4 py-2 text-sm font-semibold text-white disabled:opacity-60"
        >
          Create key
        </button>
      </form>
      {error ? (
        <p id="key-error" role="alert" className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {created ? (
        <div role="status" className="rounded border border-green-500 bg-green-50 p-3 text-sm">
          <p className="font-semibold">Key “{created.name}” created. Copy it now: it will not be shown again.</p>
          <OneTimeSecret value={created.key} label="the API key" testId="new-api-key" />
        </div>
      ) : null}
    </div>
  );
}

export function RevokeApiKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        disabled={pending}
        className="rounded border border-red-700 px-2 py-1 text-xs font-medium text-red-800 disabled:opacity-60"
        onClick={() => {
          if (!window.confirm(`Revoke “${name}”? Systems using it will be refused at once.`)) return;
          start(async () => {
            const r = await revokeApiKeyAction({ keyId });
            if (!r.ok) setError(r.message);
          });
        }}
      >
        Revoke<span className="sr-only"> {name}</span>
      </button>
      {error ? <span className="ml-2 text-xs text-red-800">{error}</span> : null}
    </>
  );
}
