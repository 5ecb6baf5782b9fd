// Child of history-bench: the CSV export of every submitted case into a counting sink, in its own
// process so the peak memory reported is the export's.
import { register } from "node:module";
import { pathToFileURL } from "node:url";

register(
  `data:text/javascript,${encodeURIComponent(`export async function resolve(s, c, n) { if (s === "server-only") return { url: ${JSON.stringify(pathToFileURL(`${process.cwd()}/node_modules/server-only/empty.js`).href)}, shortCircuit: true }; return n(s, c); }`)}`,
);
const { openDatabase } = await import("../db/client");
const { writeCsv } = await import("../lib/server/history/export-history");
const handle = await openDatabase({ url: process.env.BENCH_HISTORY_DATABASE_URL! });
const baseline = process.memoryUsage().rss;
const t = performance.now();
let bytes = 0;
const rows = await writeCsv(handle.db, {}, async (chunk) => {
  bytes += Buffer.byteLength(chunk);
});
const seconds = (performance.now() - t) / 1000;
await handle.close();
console.log(
  `CSV export of ${rows.toLocaleString("en-US")} rows (${(bytes / 1e6).toFixed(1)} MB): ${seconds.toFixed(1)} s; peak RSS of the process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (${(baseline / 1e6).toFixed(0)} MB before the export)`,
);
