import "server-only";
import { desc } from "drizzle-orm";
import { outbox } from "@/db/schema";
import { requirePermission, type ServiceContext } from "../context";

/** The admin's Outbox page: recent messages; a held message's text (with its link) stays readable. */
export async function listOutbox(ctx: ServiceContext, limit = 100) {
  await requirePermission(ctx, "outbox.read");
  const rows = await ctx.db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(limit);
  return rows.map((r) => {
    const email = "subject" in r.payload ? r.payload : undefined;
    return {
      id: r.id,
      channel: r.channel,
      kind: r.kind,
      recipient: r.recipient,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt,
      subject: email?.subject ?? "",
      text: r.status === "held" || r.status === "pending" ? (email?.text ?? "") : null,
    };
  });
}
