import { todayInPlanZone } from "@/lib/domain";
import type { Metadata } from "next";
import { CaseForm } from "@/components/case/case-form";
import { requirePageAccess } from "@/lib/server/viewer";

export const metadata: Metadata = { title: "New request" };

export default async function NewCasePage() {
  await requirePageAccess("case.create");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">New prior-authorization request</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        Implanted spinal drug delivery (policy PHARMACY 339.7). Fill in what you have: the panel on the right shows, as you type, which criteria of the policy are met and what is still needed. Save a draft at any time.
      </p>
      <CaseForm today={todayInPlanZone()} />
    </div>
  );
}
