import "server-only";
import { verifyAuditChain } from "@/db/audit-chain";
import { audit, requirePermission, withTransaction, type ServiceContext } from "../context";

/** Recomputes the whole chain; the verification itself is recorded. */
export async function verifyAuditChainAsAuditor(ctx: ServiceContext) {
  await requirePermission(ctx, "audit.verify");
  const started = performance.now();
  const result = await verifyAuditChain(ctx.db);
  const ms = Math.round(performance.now() - started);
  await withTransaction(ctx, (tx) =>
    audit(tx, ctx, { action: "audit.verify", details: { ok: result.ok, checked: result.checked, firstProblemSeq: result.firstProblem?.seq ?? null } }),
  );
  return { ...result, ms };
}
