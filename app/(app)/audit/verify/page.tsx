import type { Metadata } from "next";
import { verifyAuditChainAsAuditor } from "@/lib/server/audit/verify-audit-chain";
import { requirePageAccess } from "@/lib/server/viewer";

export const metadata: Metadata = { title: "Verify the audit chain" };

export default async function VerifyPage() {
  const ctx = await requirePageAccess("audit.verify");
  const result = await verifyAuditChainAsAuditor(ctx);
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold">Verify the audit chain</h1>
      {result.ok ? (
        <p role="status" className="rounded border border-green-400 bg-green-50 p-3 text-green-900">
          Intact: all {result.checked.toLocaleString("en-US")} events match their hashes and links ({result.ms} ms).
        </p>
      ) : (
        <p role="alert" className="rounded border border-red-400 bg-red-50 p-3 text-red-900">
          Broken at event #{result.firstProblem?.seq}: {result.firstProblem?.problem}. {result.checked.toLocaleString("en-US")} events before it are intact.
        </p>
      )}
      <p className="text-sm text-slate-700">Each event stores the hash of the one before it and of its own content; the database refuses changes and deletions of events.</p>
    </div>
  );
}
