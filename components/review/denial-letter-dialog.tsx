"use client";
// The "sign and send this denial?" dialog with the letter preview. Loaded on demand by
// review-workspace.tsx (next/dynamic), so Radix Dialog is not in the page's first-load JS.
import * as Dialog from "@radix-ui/react-dialog";

export interface LetterPreview {
  decision: "denied" | "appeal_upheld";
  outside: boolean;
  paragraphs: { text: string; style: string }[];
}

export function DenialLetterDialog({
  preview,
  pending,
  onCancel,
  onConfirm,
}: {
  preview: LetterPreview;
  pending: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  return (
    <Dialog.Root open onOpenChange={(open) => (!open ? onCancel() : undefined)}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-black/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 max-h-[85vh] w-[min(48rem,95vw)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="text-xl font-semibold">Sign and send this denial?</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-700">This is the letter the provider will receive. A signed determination cannot be changed.</Dialog.Description>
          <div className="mt-3 space-y-1.5 rounded border border-slate-300 bg-slate-50 p-3 text-sm" data-testid="letter-preview">
            {preview.paragraphs.map((p, i) =>
              p.style === "title" ? (
                <p key={i} className="text-base font-semibold">
                  {p.text}
                </p>
              ) : p.style === "heading" ? (
                <p key={i} className="pt-2 font-semibold">
                  {p.text}
                </p>
              ) : p.style === "quote" ? (
                <blockquote key={i} className="border-l-4 border-amber-400 pl-3 italic">
                  {p.text}
                </blockquote>
              ) : (
                <p key={i}>{p.text}</p>
              ),
            )}
          </div>
          <div className="mt-4 flex justify-end gap-2">
            <Dialog.Close asChild>
              <button type="button" className="rounded border border-slate-500 px-3 py-1.5">
                Cancel
              </button>
            </Dialog.Close>
            <button type="button" disabled={pending} onClick={onConfirm} className="rounded bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 disabled:opacity-60">
              {preview.decision === "appeal_upheld" ? "Sign: uphold the denial" : "Sign and send the denial"}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
