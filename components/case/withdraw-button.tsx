"use client";
// The withdraw button; its confirmation dialog (and the dialog library) loads when first opened,
// so a case page that is only read carries none of it.
import { lazy, Suspense, useRef, useState } from "react";

const WithdrawDialog = lazy(() => import("./withdraw-dialog").then((m) => ({ default: m.WithdrawDialog })));

export function WithdrawButton({ caseId, version, reference }: { caseId: string; version: number; reference: string }) {
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        className="rounded border border-red-700 px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50"
        onClick={() => {
          setLoaded(true);
          setOpen(true);
        }}
      >
        Withdraw request
      </button>
      {loaded ? (
        <Suspense fallback={null}>
          <WithdrawDialog
            caseId={caseId}
            version={version}
            reference={reference}
            open={open}
            setOpen={setOpen}
            returnFocus={() => button.current?.focus()}
          />
        </Suspense>
      ) : null}
    </>
  );
}
