import "server-only";
import { asc, eq } from "drizzle-orm";
import { organizations, users } from "@/db/schema";
import { requirePermission, type ServiceContext } from "../context";

export async function listUsers(ctx: ServiceContext) {
  await requirePermission(ctx, "users.manage");
  return ctx.db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, active: users.active, organization: organizations.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .orderBy(asc(organizations.name), asc(users.email));
}
