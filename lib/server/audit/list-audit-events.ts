import "server-only";
import { and, desc, eq, inArray, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditEvents, cases, users } from "@/db/schema";
import { requirePermission, type ServiceContext } from "../context";
import { ValidationError } from "../errors";

const auditFilterInput = z.object({
  action: z.string().trim().max(80).optional(),
  outcome: z.enum(["ok", "refused", "failed"]).optional(),
  caseId: z.uuid().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditFilter = z.input<typeof auditFilterInput>;

/** Newest first, keyset-paginated on the chain's sequence number. */
export async function listAuditEvents(ctx: ServiceContext, input: AuditFilter) {
  await requirePermission(ctx, "audit.read");
  const parsed = auditFilterInput.safeParse(input);
  if (!parsed.success)
    throw new ValidationError(
      "Those filters are not valid.",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  const filter = parsed.data;
  const where: SQL[] = [];
  if (filter.action) where.push(eq(auditEvents.action, filter.action));
  if (filter.outcome) where.push(eq(auditEvents.outcome, filter.outcome));
  if (filter.caseId) where.push(eq(auditEvents.caseId, filter.caseId));
  if (filter.before) where.push(lt(auditEvents.seq, filter.before));
  const rows = await ctx.db
    .select({
      seq: auditEvents.seq,
      at: auditEvents.at,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      actorRole: auditEvents.actorRole,
      actorEmail: users.email,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      caseId: auditEvents.caseId,
      /** The case's reference, shown instead of an id prefix. */
      caseReference: cases.reference,
      ip: auditEvents.ip,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .leftJoin(cases, eq(cases.id, auditEvents.caseId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditEvents.seq))
    .limit(filter.limit + 1);
  const hasMore = rows.length > filter.limit;
  const page = rows.slice(0, filter.limit);
  const people = await targetPeople(
    ctx,
    page.filter((e) => e.targetType === "user" && e.targetId).map((e) => e.targetId!),
  );
  return {
    // A target that is a person: their name and email (null when the account is unknown, e.g. a malformed id).
    events: page.map((e) => ({ ...e, targetUser: (e.targetType === "user" && people.get(e.targetId ?? "")) || null })),
    nextBefore: hasMore ? page[page.length - 1]!.seq : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The page's target accounts in one query (the plan's staff and the providers the auditor already sees as actors). */
async function targetPeople(ctx: ServiceContext, ids: string[]) {
  const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
  if (!wanted.length) return new Map<string, { name: string; email: string }>();
  const rows = await ctx.db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email }]));
}
