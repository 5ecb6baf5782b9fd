"use client";
// The withdraw button; its confirmation dialog (and the dialog library) loads when first opened,
// so a case page that is only read carries none of it.
import dynamic from "next/dynamic";
import { useRef, useState } from "react";

const WithdrawDialog = dynamic(() => import("./withdraw-dialog").then((m) => m.WithdrawDialog), { ssr: false });

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
      {loaded ? <WithdrawDialog caseId={caseId} version={version} reference={reference} open={open} setOpen={setOpen} returnFocus={() => button.current?.focus()} /> : null}
    </>
  );
}
