"use client";
import Link from "next/link";
import { Td } from "@/components/ui/data-table";
import { ClaimButton } from "./claim-button";

/** One queue row, already formatted on the server: only the strings the row shows. */
export interface QueueRowView {
  id: string;
  reference: string;
  version: number;
  organizationName: string;
  overdue: boolean;
  timeLeft: string;
  due: string;
  status: string;
  statusNote: string | null;
  request: string;
  outcome: string;
  /** null: unassigned. */
  assignee: string | null;
  action: "claim" | "release" | null;
}

/** The queue's rows as one client component, so the page serialises each row's data once. */
export function QueueRows({ rows }: { rows: QueueRowView[] }) {
  return (
    <>
      {rows.map((c) => (
        <tr key={c.id} data-testid="queue-row" className={c.overdue ? "bg-red-50" : undefined}>
          <Td>
            <Link href={`/review/${c.id}`} className="whitespace-nowrap font-medium text-blue-800 underline">
              {c.reference}
            </Link>
            <div className="text-xs text-slate-600">{c.organizationName}</div>
          </Td>
          <Td className="whitespace-nowrap">
            <span className={c.overdue ? "font-semibold text-red-800" : undefined}>
              {c.overdue ? "Overdue: " : ""}
              {c.timeLeft}
            </span>
            <div className="text-xs text-slate-600">Due {c.due}</div>
          </Td>
          <Td>
            {c.status}
            {c.statusNote ? <div className="text-xs text-amber-800">{c.statusNote}</div> : null}
          </Td>
          <Td>{c.request}</Td>
          <Td>{c.outcome}</Td>
          <Td>{c.assignee ?? <span className="text-slate-600">Unassigned</span>}</Td>
          <Td>
            {c.action ? (
              <ClaimButton caseId={c.id} version={c.version} mode={c.action} reference={c.reference} />
            ) : null}
          </Td>
        </tr>
      ))}
    </>
  );
}
