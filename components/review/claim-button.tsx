"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { claimCaseAction, releaseCaseAction } from "@/app/(app)/review/[caseId]/actions";

/** Claim or release one case; a lost race shows who has it instead. */
export function ClaimButton({
  caseId,
  version,
  mode,
  reference,
  openAfterClaim = true,
  onRefused,
}: {
  caseId: string;
  version: number;
  mode: "claim" | "release";
  reference: string;
  openAfterClaim?: boolean;
  /** Given: the refusal is shown by the caller, and the page reloads to show who holds the case. */
  onRefused?: (message: string) => void;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex flex-col gap-1">
      <button
        type="button"
        disabled={pending}
        aria-label={`${mode === "claim" ? "Claim" : "Release"} case ${reference}`}
        className={
          mode === "claim"
            ? "rounded bg-blue-700 px-3 py-1 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60"
            : "rounded border border-slate-500 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-60"
        }
        onClick={() =>
          start(async () => {
            setError(null);
            const result = await (mode === "claim" ? claimCaseAction : releaseCaseAction)({ caseId, version });
            if (!result.ok && onRefused) {
              onRefused(result.message);
              router.refresh();
            } else if (!result.ok) setError(result.message);
            else if (mode === "claim" && openAfterClaim) router.push(`/review/${caseId}`);
            else router.refresh();
          })
        }
      >
        {pending ? "Working…" : mode === "claim" ? "Claim" : "Release"}
      </button>
      {error ? (
        <span role="alert" className="max-w-xs text-xs text-red-800">
          {error}
        </span>
      ) : null}
    </span>
  );
}
