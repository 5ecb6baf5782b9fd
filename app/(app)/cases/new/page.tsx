import { todayInPlanZone } from "@/lib/domain";
import type { Metadata } from "next";
import { CaseForm } from "@/components/case/case-form";
import { readRequestPrefill } from "@/lib/request-prefill";
import { requirePageAccess } from "@/lib/server/viewer";

export const metadata: Metadata = { title: "New request" };

/** The request form; an EHR's card links here with the order's phase, indication and CPT codes. */
export default async function NewCasePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageAccess("case.create");
  const { prefill, refused } = readRequestPrefill(await searchParams);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">New prior-authorization request</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        Implanted spinal drug delivery (policy PHARMACY 339.7). Fill in what you have: the panel on the right shows, as
        you type, which criteria of the policy are met and what is still needed. Save a draft at any time.
      </p>
      {refused.length ? (
        <div role="alert" className="max-w-3xl rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-medium">The link that opened this form was not understood, so the form starts empty:</p>
          <ul className="mt-1 list-disc pl-5">
            {refused.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <CaseForm today={todayInPlanZone()} prefill={prefill} />
    </div>
  );
}
