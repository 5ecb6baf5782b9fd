"use client";
// The request form loaded only where it is shown: a case's page renders it for a draft, to answer
// a request for information (server-rendered, its code loads while the page hydrates) or, for an
// appeal, once the provider opens the appeal form. A case page that only shows the case therefore
// carries none of the form's code. React.lazy, not next/dynamic: no loader runtime in first load.
import { lazy, Suspense, useState, type ComponentProps } from "react";
import type { CaseForm as CaseFormComponent } from "./case-form";

const CaseForm = lazy(() => import("./case-form").then((m) => ({ default: m.CaseForm })));
type Props = ComponentProps<typeof CaseFormComponent>;

const loading = <p className="text-sm text-slate-700">Loading the form…</p>;

export function LazyCaseForm(props: Props) {
  return (
    <Suspense fallback={loading}>
      <CaseForm {...props} />
    </Suspense>
  );
}

/** A closed <details> whose form (and its code) is loaded when it is first opened. */
export function CaseFormOnOpen({ summary, ...props }: Props & { summary: string }) {
  const [opened, setOpened] = useState(false);
  return (
    <details onToggle={(e) => (e.currentTarget.open ? setOpened(true) : undefined)}>
      <summary className="cursor-pointer text-sm font-medium text-blue-900">{summary}</summary>
      <div className="mt-3">{opened ? <LazyCaseForm {...props} /> : null}</div>
    </details>
  );
}
