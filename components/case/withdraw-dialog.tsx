"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { withdrawCaseAction } from "@/app/(app)/cases/actions";
import { WITHDRAW_REASONS, WITHDRAW_REASON_LABELS, type WithdrawReason } from "@/lib/domain";

/**
 * The withdrawal's confirmation (an alert dialog: it cannot be undone) that names the case and
 * the reason. Loaded by WithdrawButton when first opened; focus goes back to that button on close.
 */
export function WithdrawDialog({
  caseId,
  version,
  reference,
  open,
  setOpen,
  returnFocus,
}: {
  caseId: string;
  version: number;
  reference: string;
  open: boolean;
  setOpen: (open: boolean) => void;
  returnFocus: () => void;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState<WithdrawReason | "">("");
  const [pending, start] = useTransition();
  return (
    <AlertDialog.Root open={open} onOpenChange={setOpen}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <AlertDialog.Content
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            returnFocus();
          }}
          className="fixed left-1/2 top-1/3 z-50 w-[28rem] max-w-[90vw] -translate-x-1/2 rounded-lg bg-white p-5 shadow-xl"
        >
          <AlertDialog.Title className="text-lg font-semibold">Withdraw {reference}?</AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm">
            Request {reference} will be withdrawn: its review stops, no decision is made, and it cannot be reopened. To
            ask again, file a new request.
          </AlertDialog.Description>
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
            <AlertDialog.Cancel className="rounded border border-slate-500 px-3 py-1.5 text-sm">
              Keep the request
            </AlertDialog.Cancel>
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
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
