import type { Metadata } from "next";
import { verifyAuditChainAsAuditor } from "@/lib/server/audit/verify-audit-chain";
import { describeCheckpoint } from "@/lib/audit/verify-trail";
import { requirePageAccess } from "@/lib/server/viewer";

export const metadata: Metadata = { title: "Verify the audit chain" };

const KIND_LABEL = {
  altered: "altered",
  removed: "removed",
  inserted: "inserted",
  reordered: "reordered",
  tail_removed: "newest events removed",
  checkpoint: "checkpoint signature invalid",
} as const;

export default async function VerifyPage() {
  const ctx = await requirePageAccess("audit.verify");
  const result = await verifyAuditChainAsAuditor(ctx);
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold">Verify the audit chain</h1>
      {result.ok ? (
        <p role="status" className="rounded border border-green-400 bg-green-50 p-3 text-green-900">
          Intact, {result.checked.toLocaleString("en-US")} events: every event matches its hash and links to the one
          before it ({result.ms} ms).
        </p>
      ) : (
        <p role="alert" className="rounded border border-red-400 bg-red-50 p-3 text-red-900">
          Broken at event #{result.firstProblem?.seq} ({KIND_LABEL[result.firstProblem!.kind]}):{" "}
          {result.firstProblem?.problem}. {result.checked.toLocaleString("en-US")} events before it are intact.
        </p>
      )}
      <p>{describeCheckpoint(result.checkpoint)}</p>
      <p
        role={result.signatures.ok ? undefined : "alert"}
        className={result.signatures.ok ? "" : "font-semibold text-red-800"}
      >
        {result.signatures.ok
          ? `Determinations: all ${result.signatures.checked.toLocaleString("en-US")} signatures recomputed and valid.`
          : `Determination ${result.signatures.firstProblem!.determinationId} no longer matches its signature.`}
      </p>
      <p className="text-sm text-slate-700">
        Each event stores the hash of the one before it and of its own content; the database refuses changes and
        deletions of events. Every hour the chain&apos;s head is signed with a key the database does not hold and kept
        in the database and in an anchor folder outside it, so removed newest events are found too. The same check runs
        from the command line: <code>npm run audit:verify</code>.
      </p>
    </div>
  );
}
