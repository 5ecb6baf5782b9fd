// `npm run bench`: runs every benchmark in turn and prints its lines. Add a bench by adding its
// function to BENCHES.

import { benchPolicy } from "./policy-bench";
import { benchQueue } from "./queue-bench";
import { benchAuditVerify } from "./audit-verify-bench";
import { benchHistory } from "./history-bench";
import { benchSubmissions } from "./submission-bench";
import { benchFhirSubmit } from "./fhir-bench";
import { benchWebhooks } from "./webhook-bench";

const BENCHES: { name: string; run: () => Promise<string[]> }[] = [
  { name: "policy", run: benchPolicy },
  { name: "submissions", run: benchSubmissions },
  { name: "queue", run: benchQueue },
  { name: "history", run: benchHistory },
  { name: "audit verify", run: benchAuditVerify },
  { name: "fhir-submit", run: benchFhirSubmit },
  { name: "webhooks", run: benchWebhooks },
];

for (const bench of BENCHES) {
  const started = performance.now();
  const lines = await bench.run();
  for (const line of lines) console.log(line);
  console.log(`  (${bench.name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
