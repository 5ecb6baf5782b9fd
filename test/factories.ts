import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { organizations, reviewerCredentials, users, type Role } from "@/db/schema";
import type { ServiceContext, Viewer } from "@/lib/server/context";

const unique = () => randomBytes(4).toString("hex");

// A fixed bcrypt hash (of "factory-password") keeps factories fast; tests of sign-in hash their own.
export const FACTORY_PASSWORD = "factory-password";
export const FACTORY_PASSWORD_HASH = "$2b$04$L62ANObgiOrcJ0/1.1SXwudaQpwgKkf5BBSvCGcuGUwwT9S.e3rNy";

export async function makeOrganization(db: Db, overrides: Partial<typeof organizations.$inferInsert> = {}) {
  const slug = overrides.slug ?? `org-${unique()}`;
  const [org] = await db
    .insert(organizations)
    .values({ name: `Organization ${slug}`, slug, kind: "provider", ...overrides })
    .returning();
  return org!;
}

/**
 * A user; a physician reviewer also gets a current MD licence (denials and appeal decisions need
 * one) unless `licence: false` or another `validUntil` is asked for.
 */
export async function makeUser(db: Db, role: Role, overrides: Partial<typeof users.$inferInsert> = {}, options: { licence?: false | { validUntil: string } } = {}) {
  const organizationId =
    overrides.organizationId ?? (await makeOrganization(db, { kind: role === "provider" ? "provider" : "plan" })).id;
  const [user] = await db
    .insert(users)
    .values({
      email: `${role}-${unique()}@example.test`,
      name: `Test ${role}`,
      passwordHash: FACTORY_PASSWORD_HASH,
      role,
      organizationId,
      ...overrides,
    })
    .returning();
  if (role === "physician_reviewer" && options.licence !== false) {
    await db.insert(reviewerCredentials).values({ userId: user!.id, licenceType: "MD", licenceNumber: `MD-${unique()}`, state: "NY", specialty: "Pain medicine", validUntil: options.licence?.validUntil ?? "2099-12-31" });
  }
  return user!;
}

export function viewerOf(user: typeof users.$inferSelect): Viewer {
  return { userId: user.id, role: user.role, organizationId: user.organizationId, name: user.name, email: user.email };
}

export function ctxFor(db: Db, user: typeof users.$inferSelect, via: ServiceContext["via"] = "web"): ServiceContext {
  return { db, viewer: viewerOf(user), ip: "127.0.0.1", userAgent: "vitest", via };
}
