import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { organizations, users } from "@/db/schema";
import type { ServiceContext, Viewer } from "../context";

/**
 * The policy engine as an actor: the signer of automated approvals, named as such on every page,
 * letter, CSV and audit event. A row of `users` (determinations and audit events name a user),
 * in the plan's organization, with role `policy_engine`: no permission, inactive and with a
 * password hash that matches nothing, so no one can sign in with it (sign-in refuses inactive
 * accounts; bcrypt never matches "!"). Created on first use, with a fixed id, so any number of
 * instances agree on it without coordination.
 */
export const POLICY_ENGINE_USER_ID = "00000000-0000-4000-8000-000000000339";
const POLICY_ENGINE_EMAIL = "policy-engine@portal.invalid";
export const POLICY_ENGINE_NAME = "Policy engine";

export async function policyEngineViewer(tx: Tx): Promise<Viewer> {
  const existing = await findEngine(tx);
  if (existing) return existing;
  const [plan] = await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.kind, "plan"))
    .orderBy(asc(organizations.createdAt))
    .limit(1);
  const organizationId =
    plan?.id ??
    (
      await tx
        .insert(organizations)
        .values({ name: "Health plan", slug: "health-plan", kind: "plan" })
        .onConflictDoNothing()
        .returning({ id: organizations.id })
    )[0]?.id;
  if (!organizationId) throw new Error("The plan's organization could not be created for the policy engine.");
  await tx
    .insert(users)
    .values({
      id: POLICY_ENGINE_USER_ID,
      email: POLICY_ENGINE_EMAIL,
      name: POLICY_ENGINE_NAME,
      passwordHash: "!",
      role: "policy_engine",
      organizationId,
      active: false,
    })
    .onConflictDoNothing();
  const created = await findEngine(tx);
  if (!created) throw new Error("The policy engine's account could not be created.");
  return created;
}

async function findEngine(tx: Tx): Promise<Viewer | undefined> {
  const [row] = await tx
    .select({
      userId: users.id,
      role: users.role,
      organizationId: users.organizationId,
      name: users.name,
      email: users.email,
    })
    .from(users)
    .where(eq(users.id, POLICY_ENGINE_USER_ID));
  return row;
}

/** The context the engine acts in: the request's database and origin, the engine as the actor. */
export function engineContext(ctx: ServiceContext, engine: Viewer): ServiceContext {
  return { db: ctx.db, viewer: engine, ip: ctx.ip, userAgent: ctx.userAgent, via: "system" };
}
