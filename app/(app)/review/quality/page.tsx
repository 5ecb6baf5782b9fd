import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, Td } from "@/components/ui/data-table";
import { formatPlanDateTime, INDICATION_HEADINGS, labelOf, PHASE_LABELS, URGENCY_LABELS } from "@/lib/domain";
import { listQualityReviewQueue } from "@/lib/server/automation/quality-review";
import { requirePageAccess } from "@/lib/server/viewer";

export const metadata: Metadata = { title: "Quality review of automated approvals" };

export default async function QualityReviewQueuePage() {
  const ctx = await requirePageAccess("qa.review", { type: "quality_review_queue" });
  const { rows, limit } = await listQualityReviewQueue(ctx);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Quality review of automated approvals</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        The policy engine approves clean requests on submission. A share of those approvals, set by the plan, is drawn
        for a person to check afterwards. Open one, read each criterion with the engine&apos;s finding and the
        policy&apos;s words, and say whether you agree with every finding or which ones you find otherwise and why. Your
        review never changes the approval: it measures the engine.
      </p>
      <DataTable
        caption="Automated approvals drawn for quality review and not yet reviewed, oldest first"
        headers={["Case", "Request", "Approved", "Action"]}
      >
        {rows.map((r) => (
          <tr key={r.determinationId}>
            <Td className="font-mono">{r.reference}</Td>
            <Td>
              {[
                labelOf(URGENCY_LABELS, r.urgency),
                labelOf(INDICATION_HEADINGS, r.indication),
                labelOf(PHASE_LABELS, r.phase),
              ]
                .filter(Boolean)
                .join(" · ")}
            </Td>
            <Td>{formatPlanDateTime(r.decidedAt)}</Td>
            <Td>
              <Link href={`/review/quality/${r.determinationId}`} className="text-blue-800 underline">
                Review {r.reference}
              </Link>
            </Td>
          </tr>
        ))}
      </DataTable>
      {rows.length === 0 ? <p>No automated approval is waiting for quality review.</p> : null}
      {rows.length >= limit ? (
        <p className="text-sm text-slate-700">
          The {limit} oldest are shown; the next ones appear as these are reviewed.
        </p>
      ) : null}
    </div>
  );
}
