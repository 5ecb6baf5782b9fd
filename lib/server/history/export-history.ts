import "server-only";
import { sql } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import type { Db } from "@/db/client";
import { STATUS_LABELS, type CaseStatus } from "@/lib/domain";
import type { HistoryFilter } from "@/lib/validation/history";
import { recordAudit, requirePermission, type ServiceContext } from "../context";
import { historyRows, historySelect, type HistoryRow } from "./history-query";
import { parseHistoryFilter } from "./list-history";

const BATCH = 500;
const HISTORY_CSV_COLUMNS = [
  "reference",
  "organization",
  "indication",
  "phase",
  "urgency",
  "engine_outcome",
  "status",
  "reviewers",
  "submitted_at",
  "due_at",
  "decided_at",
  "timeliness",
  "appeal_outcome",
] as const;

const iso = (d: Date | null) => (d ? d.toISOString() : "");
export const timeliness = (r: Pick<HistoryRow, "decidedAt" | "dueAt">) =>
  !r.decidedAt || !r.dueAt ? "" : r.decidedAt > r.dueAt ? "late" : "on time";
export const appealOutcome = (status: string) =>
  status === "appeal_upheld"
    ? "upheld"
    : status === "appeal_overturned"
      ? "overturned"
      : status === "appeal_submitted" || status === "appeal_in_review"
        ? "pending"
        : "";

function csvRecord(r: HistoryRow) {
  return [
    r.reference,
    r.organization,
    r.indication ?? "",
    r.phase ?? "",
    r.urgency ?? "",
    r.engineOutcome ?? "",
    STATUS_LABELS[r.status as CaseStatus] ?? r.status,
    r.reviewers ?? "",
    iso(r.submittedAt),
    iso(r.dueAt),
    iso(r.decidedAt),
    timeliness(r),
    appealOutcome(r.status),
  ];
}

/**
 * The filtered history as CSV, streamed: a server-side cursor is read BATCH rows at a time and
 * each batch is written out (awaiting the reader) before the next is fetched, so memory stays
 * flat at any size. The export is audited with its filter before the first byte.
 */
export async function exportHistoryCsv(
  ctx: ServiceContext,
  raw: Record<string, string>,
): Promise<ReadableStream<Uint8Array>> {
  await requirePermission(ctx, "audit.export", { type: "history" });
  const { after: _ignored, ...filter } = parseHistoryFilter(raw);
  void _ignored;
  await recordAudit(ctx, { action: "history.export", targetType: "history", details: { filter, format: "csv" } });
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  void writeCsv(ctx.db, filter, async (chunk) => {
    await writer.ready;
    await writer.write(new TextEncoder().encode(chunk));
  }).then(
    () => writer.close(),
    (err) => writer.abort(err),
  );
  return readable;
}

/** Writes the CSV through `write`, one cursor batch at a time; answers the row count. */
export async function writeCsv(
  db: Db,
  filter: HistoryFilter,
  write: (chunk: string) => Promise<void>,
): Promise<number> {
  let count = 0;
  await write(stringify([[...HISTORY_CSV_COLUMNS]]));
  await db.transaction(async (tx) => {
    await tx.execute(sql`declare history_export no scroll cursor for ${historySelect(filter)}`);
    for (;;) {
      const rows = historyRows(await tx.execute(sql`fetch forward ${sql.raw(String(BATCH))} from history_export`));
      if (rows.length === 0) break;
      count += rows.length;
      await write(stringify(rows.map(csvRecord)));
    }
    await tx.execute(sql`close history_export`);
  });
  return count;
}
