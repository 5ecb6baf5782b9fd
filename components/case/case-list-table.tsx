import Link from "next/link";
import { DataTable, Td } from "@/components/ui/data-table";
import {
  formatPlanDateTime,
  INDICATION_LABELS,
  isOpenForReview,
  isWithdrawn,
  labelOf,
  OUTCOME_PROVIDER_LABELS,
  STATUS_LABELS,
} from "@/lib/domain";
import { describeTimeLeft } from "@/lib/due-time";
import type { OrganizationCaseRow } from "@/lib/server/cases/list-organization-cases";

/** One row of the provider's case list, as listOrganizationCases returns it. */
export type CaseListRow = Omit<OrganizationCaseRow, "createdAt">;

const DECISION_LABELS: Record<string, string> = {
  approved: "Approved",
  denied: "Denied",
  appeal_upheld: "Denial upheld on appeal",
  appeal_overturned: "Approved on appeal",
};

/** The provider's case table (server page and the search results share it). */
export function CaseListTable({ rows, now = new Date() }: { rows: CaseListRow[]; now?: Date }) {
  return (
    <DataTable
      caption="Cases of your organization, newest first"
      headers={[
        "Reference",
        "Member",
        "Status",
        "Urgency",
        "Indication",
        "Phase",
        "Policy check",
        "Submitted",
        "Due",
        "Decision",
      ]}
    >
      {rows.map((c) => {
        const due = c.dueAt && !c.decidedAt && isOpenForReview(c.status) ? describeTimeLeft(c.dueAt, now) : null;
        return (
          <tr key={c.id}>
            <Td>
              <Link href={`/cases/${c.id}`} className="whitespace-nowrap font-medium text-blue-800 underline">
                {c.reference}
              </Link>
            </Td>
            <Td>{c.memberName ?? "—"}</Td>
            <Td>{STATUS_LABELS[c.status]}</Td>
            <Td>{c.urgency === "expedited" ? <strong>Expedited</strong> : c.urgency ? "Standard" : "—"}</Td>
            <Td>{c.indication ? labelOf(INDICATION_LABELS, c.indication) : "—"}</Td>
            <Td>{c.phase === "implant" ? "Implantation" : c.phase === "trial" ? "Trial" : "—"}</Td>
            <Td>{c.engineOutcome ? (labelOf(OUTCOME_PROVIDER_LABELS, c.engineOutcome) ?? c.engineOutcome) : "—"}</Td>
            <Td>{c.submittedAt ? formatPlanDateTime(c.submittedAt) : "Not yet"}</Td>
            <Td>
              {c.dueAt && !isWithdrawn(c.status) ? formatPlanDateTime(c.dueAt) : "—"}
              {due ? (
                <span className={`block text-xs ${due.overdue ? "font-semibold text-red-800" : "text-slate-700"}`}>
                  {due.text}
                </span>
              ) : null}
            </Td>
            <Td>{c.decision ? (DECISION_LABELS[c.decision] ?? c.decision) : "—"}</Td>
          </tr>
        );
      })}
    </DataTable>
  );
}
