// The one table `npm run bench` prints (and writes to bench/results/latest.json): every figure
// beside its floor (the same work done by the blank reference app or by raw SQL, in the same run),
// the ratio, the target and whether it was met. Timings never decide a test; this is a report.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface BenchRow {
  /** What was measured. */
  work: string;
  /** The portal's figure, formatted, and its number (for the JSON). */
  portal: string;
  portalValue?: number;
  /** The floor beside it (the blank app, raw SQL, a JSON round trip), when there is one. */
  floor?: string;
  floorValue?: number;
  /** portal ÷ floor: for throughput higher is better; for times (p95 ÷ raw SQL p95) lower is better. */
  ratio?: number;
  target: string;
  /** undefined: nothing to meet (informational). */
  met?: boolean;
  /** Anything the reader needs (counts, what was checked). */
  note?: string;
}

const rows: BenchRow[] = [];

export function addRow(row: BenchRow): void {
  rows.push(row);
  const ratio = row.ratio === undefined ? "" : ` (${row.ratio.toFixed(2)}x)`;
  console.error(
    `  · ${row.work}: ${row.portal}${row.floor ? ` vs ${row.floor}` : ""}${ratio} — ${row.met === undefined ? "info" : row.met ? "met" : "MISSED"}`,
  );
}

export const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

export function printTable(meta: Record<string, unknown>): string {
  const cols = ["work", "portal", "floor", "ratio", "target", "met"] as const;
  const cells = rows.map((r) => ({
    work: r.work,
    portal: r.portal,
    floor: r.floor ?? "—",
    ratio: r.ratio === undefined ? "—" : r.ratio.toFixed(2),
    target: r.target,
    met: r.met === undefined ? "—" : r.met ? "met" : "MISSED",
  }));
  const width = Object.fromEntries(
    cols.map((c) => [c, Math.max(c.length, ...cells.map((x) => x[c].length))]),
  ) as Record<(typeof cols)[number], number>;
  const line = (x: Record<(typeof cols)[number], string>) =>
    `| ${cols.map((c) => x[c].padEnd(width[c])).join(" | ")} |`;
  const out = [
    line(Object.fromEntries(cols.map((c) => [c, c])) as Record<(typeof cols)[number], string>),
    `|${cols.map((c) => "-".repeat(width[c] + 2)).join("|")}|`,
    ...cells.map(line),
  ];
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.work}: ${r.note}`);
  const text = [...out, "", ...notes].join("\n");
  const file = path.resolve("bench/results/latest.json");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...meta, rows }, null, 2));
  return `${text}\n\n(written to ${path.relative(process.cwd(), file)})`;
}
