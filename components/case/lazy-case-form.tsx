"use client";
// The request form loaded only where it is shown: a submitted case's page renders it only to
// answer a request for information (then it is server-rendered and its code loads with the page)
// or, for an appeal, once the provider opens the appeal form. A case page that only shows the
// case therefore carries none of the form's code.
import dynamic from "next/dynamic";
import { useState, type ComponentProps } from "react";

const CaseForm = dynamic(() => import("./case-form").then((m) => m.CaseForm), {
  loading: () => <p className="text-sm text-slate-700">Loading the form…</p>,
});

export function LazyCaseForm(props: ComponentProps<typeof CaseForm>) {
  return <CaseForm {...props} />;
}

/** A closed <details> whose form (and its code) is loaded when it is first opened. */
export function CaseFormOnOpen({ summary, ...props }: ComponentProps<typeof CaseForm> & { summary: string }) {
  const [opened, setOpened] = useState(false);
  return (
    <details onToggle={(e) => (e.currentTarget.open ? setOpened(true) : undefined)}>
      <summary className="cursor-pointer text-sm font-medium text-blue-900">{summary}</summary>
      <div className="mt-3">{opened ? <CaseForm {...props} /> : null}</div>
    </details>
  );
}
