"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import * as Dialog from "@radix-ui/react-dialog";
import { withdrawCaseAction } from "@/app/(app)/cases/actions";
import { WITHDRAW_REASONS, WITHDRAW_REASON_LABELS, type WithdrawReason } from "@/lib/domain";

/** Withdraw with a confirmation: it cannot be undone. */
export function WithdrawButton({ caseId, version, reference }: { caseId: string; version: number; reference: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState<WithdrawReason | "">("");
  const [pending, start] = useTransition();
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="rounded border border-red-700 px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50">Withdraw request</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-black/40" />
        <Dialog.Content className="fixed left-1/2 top-1/3 w-[28rem] max-w-[90vw] -translate-x-1/2 rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">Withdraw {reference}?</Dialog.Title>
          <Dialog.Description className="mt-2 text-sm">The review stops and the request cannot be reopened. To ask again, file a new request.</Dialog.Description>
          <label className="mt-3 block text-sm font-medium" htmlFor="withdraw-reason">
            Reason
          </label>
          <select
            id="withdraw-reason"
            className="mt-1 w-full rounded border border-slate-500 px-2 py-1.5 text-sm"
            value={reason}
            onChange={(e) => setReason(e.target.value as WithdrawReason | "")}
          >
            <option value="">Choose a reason…</option>
            {WITHDRAW_REASONS.map((r) => (
              <option key={r} value={r}>
                {WITHDRAW_REASON_LABELS[r]}
              </option>
            ))}
          </select>
          {error ? (
            <p role="alert" className="mt-2 text-sm text-red-800">
              {error}
            </p>
          ) : null}
          <div className="mt-4 flex justify-end gap-2">
            <Dialog.Close className="rounded border border-slate-500 px-3 py-1.5 text-sm">Keep the request</Dialog.Close>
            <button
              type="button"
              disabled={pending}
              className="rounded bg-red-700 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60"
              onClick={() =>
                start(async () => {
                  if (!reason) return setError("Choose why you are withdrawing the request.");
                  const r = await withdrawCaseAction({ caseId, version, reason });
                  if (!r.ok) return setError(r.message);
                  setOpen(false);
                  router.refresh();
                })
              }
            >
              Withdraw
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
