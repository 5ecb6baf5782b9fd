// Benchmark of lib/policy: evaluate without parsing, parse + evaluate, and a JSON round trip of
// the same requests for scale. `npm run bench` runs it with the others (bench/run.ts);
// `npx tsx bench/policy-bench.ts` runs it alone.
// Targets (PRODUCT.md and the module's brief): >= 100,000 evaluations/s without parsing on one
// core, no slower than JSON.parse(JSON.stringify(request)); >= 20,000/s with parsing.

import { pathToFileURL } from "node:url";
import { evaluate, parsePolicyRequest, type PolicyRequest } from "@/lib/policy";
import { variedRequests } from "@/lib/policy/fixtures";
import { addRow } from "./report";

const REQUESTS = 2_000;
const MIN_MS = 300;
const ROUNDS = 3;

let sink = 0; // keeps results alive so the work cannot be optimized away

/** Operations per second of `fn` over `inputs`: whole passes for at least MIN_MS, median of ROUNDS. */
function rate<T>(inputs: readonly T[], fn: (input: T) => unknown): number {
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let ops = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      for (let i = 0; i < inputs.length; i++) {
        const out = fn(inputs[i]!);
        if (out !== undefined) sink++;
      }
      ops += inputs.length;
      elapsed = performance.now() - start;
    } while (elapsed < MIN_MS);
    rates.push((ops * 1000) / elapsed);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)]!;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

export async function benchPolicy(): Promise<string[]> {
  const raw = variedRequests(REQUESTS); // every indication, phase and outcome
  const parsed: PolicyRequest[] = raw.map((r) => {
    const p = parsePolicyRequest(r);
    if (!p.ok) throw new Error(`benchmark request is invalid: ${p.error.message}`);
    return p.data;
  });
  const outcomes = new Map<string, number>();
  for (const r of parsed) {
    const o = evaluate(r).outcome;
    outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
  }

  // Warm up every path once before measuring.
  rate(parsed.slice(0, 200), (r) => evaluate(r));
  rate(raw.slice(0, 200), (r) => JSON.parse(JSON.stringify(r)));

  const evaluateOnly = rate(parsed, (r) => evaluate(r));
  const parseAndEvaluate = rate(raw, (r) => {
    const p = parsePolicyRequest(r);
    return p.ok ? evaluate(p.data) : p;
  });
  const jsonRoundTrip = rate(raw, (r) => JSON.parse(JSON.stringify(r)));

  const check = (ok: boolean) => (ok ? "ok" : "MISSED");
  addRow({
    work: "evaluate in process (parse + evaluate), one core",
    portal: `${fmt(parseAndEvaluate)} /s`,
    portalValue: parseAndEvaluate,
    floor: `${fmt(jsonRoundTrip)} /s JSON round trip`,
    floorValue: jsonRoundTrip,
    ratio: parseAndEvaluate / jsonRoundTrip,
    target: "≥ 20,000/s",
    met: parseAndEvaluate >= 20_000,
    note: `evaluate without parsing ${fmt(evaluateOnly)}/s (${(evaluateOnly / jsonRoundTrip).toFixed(2)}x the JSON round trip of the same ${REQUESTS} requests; target ≥ 100,000/s and ≥ 1x)`,
  });
  return [
    `policy: ${REQUESTS} varied requests (${[...outcomes].map(([o, n]) => `${o} ${n}`).join(", ")})`,
    `  evaluate (no parsing)     ${fmt(evaluateOnly).padStart(11)} /s   target >= 100,000/s: ${check(evaluateOnly >= 100_000)}`,
    `  parse + evaluate          ${fmt(parseAndEvaluate).padStart(11)} /s   target >= 20,000/s: ${check(parseAndEvaluate >= 20_000)}`,
    `  JSON round trip           ${fmt(jsonRoundTrip).padStart(11)} /s   (JSON.parse(JSON.stringify(request)), for scale)`,
    `  evaluate / JSON round trip = ${(evaluateOnly / jsonRoundTrip).toFixed(2)}x   target >= 1: ${check(evaluateOnly >= jsonRoundTrip)}`,
    `  parse+evaluate / JSON round trip = ${(parseAndEvaluate / jsonRoundTrip).toFixed(2)}x`,
  ].concat(sink === 0 ? ["  (no work was measured)"] : []);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await benchPolicy()) console.log(line);
}
