import "server-only";
import { and, asc, inArray, eq } from "drizzle-orm";
import { organizations, users } from "@/db/schema";
import { historyFilterSchema, type HistoryFilter } from "@/lib/validation/history";
import { recordAudit, requirePermission, type ServiceContext } from "../context";
import { ValidationError } from "../errors";
import { cursorOf, HISTORY_PAGE_SIZE, historyRows, historySelect } from "./history-query";

/** Validates a filter from a query string; bad values get a message per field. */
export function parseHistoryFilter(raw: Record<string, string>): HistoryFilter {
  const parsed = historyFilterSchema.safeParse(raw);
  if (!parsed.success)
    throw new ValidationError(
      "Those filters are not valid.",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  return parsed.data;
}

/** A page of the decision history, newest decision first; the view is audited with its filter. */
export async function listHistory(ctx: ServiceContext, raw: Record<string, string>, pageSize = HISTORY_PAGE_SIZE) {
  await requirePermission(ctx, "audit.read", { type: "history" });
  const filter = parseHistoryFilter(raw);
  // Who searched what is committed before the page is answered, but it does not wait for the
  // query nor the query for it: both run at once (the audited append on its own connection,
  // group-committed with concurrent views) and the page waits for both. If either fails, nothing
  // is answered. (So the event names the filter, not how many rows the page had.)
  const [result] = await Promise.all([
    ctx.db.execute(historySelect(filter, pageSize + 1)),
    recordAudit(ctx, { action: "history.list", targetType: "history", details: { filter } }),
  ]);
  const rows = historyRows(result);
  const page = rows.slice(0, pageSize);
  return { filter, rows: page, next: rows.length > pageSize ? cursorOf(page[page.length - 1]!) : null };
}

/** The choices for the organization and reviewer filters. */
export async function historyFilterChoices(ctx: ServiceContext) {
  await requirePermission(ctx, "audit.read", { type: "history" });
  const [orgs, reviewers] = await Promise.all([
    ctx.db
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(eq(organizations.kind, "provider"))
      .orderBy(asc(organizations.name)),
    ctx.db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(inArray(users.role, ["nurse_reviewer", "physician_reviewer"])))
      .orderBy(asc(users.name)),
  ]);
  return { orgs, reviewers };
}
