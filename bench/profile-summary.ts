// Summarizes a V8 CPU profile (BENCH_CPU_PROF=<folder> npm run bench writes the portal's):
// self time by package / source area, the top functions by self time and by inclusive time
// (time with the function anywhere on the stack), and the call paths that lead to the hottest
// self time (bottom-up).
//   npx tsx bench/profile-summary.ts <file.cpuprofile> [--from=<s>] [--to=<s>] [--callers=<regex>] [--top=<n>]
// --from/--to: only samples in that window (seconds after the profile started; leaves out the
// server's start-up and the idle tail). --callers: the call paths (innermost first) of every
// function whose "name area" matches, with their share.
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const file = args.find((a) => !a.startsWith("--"))!;
const from = Number(option("from") ?? 0) * 1e6;
const to = Number(option("to") ?? Infinity) * 1e6;
const topN = Number(option("top") ?? 30);
const profile = JSON.parse(readFileSync(file, "utf8")) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
};

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  const nm = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (nm) return nm[1]!;
  const chunk = url.match(/\.next[^/]*\/server\/(.*)/);
  if (chunk) return `app chunk ${chunk[1]!.replace(/\[[^\]]*\]|_[0-9a-z]{8,}\._?/g, "").slice(0, 60)}`;
  if (url.startsWith("node:")) return url;
  return url.replace(/^file:\/\//, "").replace(process.cwd(), ".");
}
const fileOf = (url: string, fn: string) => {
  const a = area(url, fn);
  // A package's file as well (next's runtime is several minified files).
  const file = url.match(/node_modules\/(?:@[^/]+\/)?[^/]+\/(?:dist\/)?(.*)$/)?.[1];
  return file ? `${a}/${file.replace(/^compiled\//, "").slice(-50)}` : a;
};
const fnKey = (n: Node) =>
  `${n.callFrame.functionName || "(anonymous)"} ${fileOf(n.callFrame.url, n.callFrame.functionName)}:${n.callFrame.lineNumber + 1}`;

// Self time per node within the window.
const selfUs = new Map<number, number>();
let t = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  t += dt;
  if (t < from || t > to) return;
  selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
});
if (args.includes("--timeline")) {
  // Busy share per 5-second slice, to choose --from/--to.
  const busy = new Map<number, [number, number]>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    const slot = Math.floor(at / 5e6);
    const b = busy.get(slot) ?? [0, 0];
    b[1] += dt;
    if (!["(idle)", "(program)"].includes(byId.get(id)!.callFrame.functionName)) b[0] += dt;
    busy.set(slot, b);
  });
  console.log(
    "busy per 5 s: " + [...busy].map(([slot, [b, all]]) => `${slot * 5}s ${Math.round((100 * b) / all)}%`).join(", "),
  );
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idle = [...selfUs]
  .filter(([id]) => ["(idle)", "(program)"].includes(byId.get(id)!.callFrame.functionName))
  .reduce((a, [, us]) => a + us, 0);

const byArea = new Map<string, number>();
const byFn = new Map<string, number>();
const inclusive = new Map<string, number>();
const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us);
const stackOf = (id: number) => {
  const out: Node[] = [];
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) out.push(byId.get(cur)!);
  return out; // innermost first
};
for (const [id, us] of selfUs) {
  if (!us) continue;
  const n = byId.get(id)!;
  add(byArea, area(n.callFrame.url, n.callFrame.functionName), us);
  add(byFn, fnKey(n), us);
  for (const k of new Set(stackOf(id).map(fnKey))) add(inclusive, k, us);
}
const pct = (us: number, of = total) => `${((100 * us) / of).toFixed(1).padStart(5)} %`;
const top = (m: Map<string, number>, k: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([name, us]) => `${pct(us)}  ${pct(us, total - idle)} busy  ${name}`);
console.log(`total sampled ${(total / 1e6).toFixed(1)} s, busy ${((total - idle) / 1e6).toFixed(1)} s`);
console.log("self time by area:\n" + top(byArea, 25).join("\n"));
console.log("\ntop functions (self):\n" + top(byFn, topN).join("\n"));
console.log("\ntop functions (inclusive):\n" + top(inclusive, topN).join("\n"));

const callers = option("callers");
if (callers) {
  const re = new RegExp(callers);
  const paths = new Map<string, number>();
  let matched = 0;
  for (const [id, us] of selfUs) {
    const stack = stackOf(id);
    const at = stack.findIndex((n) => re.test(fnKey(n)));
    if (at < 0) continue;
    matched += us;
    add(
      paths,
      stack
        .slice(at, at + 14)
        .map(fnKey)
        .join("\n      <- "),
      us,
    );
  }
  console.log(`\ncall paths of /${callers}/ (${pct(matched)} of all, inclusive):`);
  for (const [p, us] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${pct(us)}  ${p}\n`);
}
