"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import * as Dialog from "@radix-ui/react-dialog";
import { withdrawCaseAction } from "@/app/(app)/cases/actions";

/** Withdraw with a confirmation: it cannot be undone. */
export function WithdrawButton({ caseId, version, reference }: { caseId: string; version: number; reference: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="rounded border border-red-700 px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50">Withdraw request</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-black/40" />
        <Dialog.Content className="fixed left-1/2 top-1/3 w-[28rem] max-w-[90vw] -translate-x-1/2 rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">Withdraw {reference}?</Dialog.Title>
          <Dialog.Description className="mt-2 text-sm">The review stops and the request cannot be reopened. To ask again, file a new request.</Dialog.Description>
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
                  const r = await withdrawCaseAction({ caseId, version });
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
