import "server-only";
import { verifyAuditTrail } from "@/lib/audit/verify-trail";
import { verifyDeterminationSignatures } from "@/lib/audit/determination-signatures";
import { audit, requirePermission, withTransaction, type ServiceContext } from "../context";

/** The same check as `npm run audit:verify`; the verification itself is recorded. */
export async function verifyAuditChainAsAuditor(ctx: ServiceContext) {
  await requirePermission(ctx, "audit.verify");
  const started = performance.now();
  const result = await verifyAuditTrail(ctx.db);
  const signatures = await verifyDeterminationSignatures(ctx.db);
  const ms = Math.round(performance.now() - started);
  await withTransaction(ctx, (tx) =>
    audit(tx, ctx, {
      action: "audit.verify",
      details: {
        ok: result.ok,
        checked: result.checked,
        firstProblemSeq: result.firstProblem?.seq ?? null,
        kind: result.firstProblem?.kind ?? null,
        signaturesOk: signatures.ok,
        signatures: signatures.checked,
      },
    }),
  );
  return { ...result, signatures, ms };
}
