import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations, users, userSessions } from "@/db/schema";
import { verifyPassword } from "@/lib/passwords";
import { pendingSignInInput, signInInput } from "@/lib/validation/auth";
import { recordSystemAudit } from "@/lib/server/context";
import { shouldRecordRefusal } from "@/lib/server/rate-limit";
import { signInAllowed, signInLimiters, signInSucceeded } from "./sign-in-throttle";
import { consumeSecondFactor, issuePendingSignIn, pendingSignInAccount, readPendingSignIn } from "./two-factor-sign-in";
import { hasTwoFactor } from "./two-factor-settings";

// A fixed hash so an unknown email costs the same time as a wrong password.
const TIMING_DUMMY_HASH = "$2b$11$7pPzMCFHrh1iek3ZOA9l4OtCsyYp.sjiTR/lH4W7VdP3zXccsmUXe";

export interface SignInMeta {
  ip: string | null;
  userAgent: string | null;
}

export type SignedInUser = {
  id: string;
  name: string;
  email: string;
  role: (typeof users.$inferSelect)["role"];
  organizationId: string;
  sessionId: string;
};

/**
 * The outcome of one sign-in attempt. `code_required`: the password was right and the account
 * signs in with a second factor; `pending` is the signed statement the code step sends back.
 */
export type SignInOutcome =
  | { kind: "signed_in"; user: SignedInUser }
  | { kind: "code_required"; pending: string }
  | { kind: "failed" }
  | { kind: "bad_code"; pending: string }
  | { kind: "expired" }
  | { kind: "throttled" };

async function findAccount(db: Db, where: { email: string } | { id: string }) {
  const [found] = await db
    .select({ user: users, organizationActive: organizations.active })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where("email" in where ? eq(sql`lower(${users.email})`, where.email.toLowerCase()) : eq(users.id, where.id))
    .limit(1);
  return found ?? null;
}

async function refuseThrottled(db: Db, meta: SignInMeta): Promise<SignInOutcome> {
  // Sampled like the API's refusals: a flood of throttled attempts must not flood the audit chain.
  if (await shouldRecordRefusal("auth.sign_in:throttled", meta.ip))
    await recordSystemAudit(db, meta, {
      action: "auth.sign_in",
      outcome: "refused",
      targetType: "user",
      details: { reason: "too many attempts" },
    });
  return { kind: "throttled" };
}

async function openSession(
  db: Db,
  user: typeof users.$inferSelect,
  meta: SignInMeta,
  secondFactor: string | null,
  limiters?: ReturnType<typeof signInLimiters>,
): Promise<SignInOutcome> {
  await signInSucceeded(user.email, limiters);
  const sessionId = crypto.randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(userSessions).values({ id: sessionId, userId: user.id, ip: meta.ip, userAgent: meta.userAgent });
  });
  await recordSystemAudit(
    db,
    { userId: user.id, role: user.role, organizationId: user.organizationId, ...meta },
    {
      action: "auth.sign_in",
      targetType: "user",
      targetId: user.id,
      details: secondFactor ? { secondFactor } : undefined,
    },
  );
  return {
    kind: "signed_in",
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      organizationId: user.organizationId,
      sessionId,
    },
  };
}

/** The second factor for an account whose password was proven: a session, or a failed code (audited, no secret recorded). */
async function secondStep(
  db: Db,
  user: typeof users.$inferSelect,
  code: string,
  meta: SignInMeta,
  pending: string,
  epochSeconds?: number,
  limiters?: ReturnType<typeof signInLimiters>,
): Promise<SignInOutcome> {
  const actor = {
    userId: user.id,
    role: user.role,
    organizationId: user.organizationId,
    ip: meta.ip,
    userAgent: meta.userAgent,
  };
  const use = await consumeSecondFactor(db, user.id, code, epochSeconds, actor);
  if (!use) {
    await recordSystemAudit(db, actor, {
      action: "auth.two_factor",
      outcome: "failed",
      targetType: "user",
      targetId: user.id,
      details: { reason: "wrong or reused code" },
    });
    // The same statement again (its 5 minutes do not restart): another try, within the throttle.
    return { kind: "bad_code", pending };
  }
  return openSession(db, user, meta, use.method, limiters);
}

/**
 * Auth.js's `authorize` for the credentials provider. Two shapes of credentials:
 * email + password (+ an optional code), and the code step: `pending` (from the first step) + code.
 * Every attempt, either step, counts toward the same per-address and per-account throttle.
 */
export async function authenticate(
  db: Db,
  credentials: unknown,
  meta: SignInMeta,
  options: { limiters?: ReturnType<typeof signInLimiters>; epochSeconds?: number } = {},
): Promise<SignInOutcome> {
  const step2 = pendingSignInInput.safeParse(credentials);
  if (step2.success) {
    const uid = pendingSignInAccount(step2.data.pending);
    const found = uid ? await findAccount(db, { id: uid }) : null;
    if (!found) return { kind: "expired" };
    if (!(await signInAllowed(found.user.email, meta.ip, options.limiters))) return refuseThrottled(db, meta);
    const { user } = found;
    if (!readPendingSignIn(step2.data.pending, user) || !user.active || !found.organizationActive)
      return { kind: "expired" };
    return secondStep(db, user, step2.data.code, meta, step2.data.pending, options.epochSeconds, options.limiters);
  }
  const parsed = signInInput.safeParse(credentials);
  if (!parsed.success) return { kind: "failed" };
  const { email, password, code } = parsed.data;
  if (!(await signInAllowed(email, meta.ip, options.limiters))) return refuseThrottled(db, meta);
  const found = await findAccount(db, { email });
  const user = found?.user;
  const valid = await verifyPassword(password, user?.passwordHash ?? TIMING_DUMMY_HASH);
  if (!user || !valid || !user.active || !found.organizationActive) {
    await recordSystemAudit(
      db,
      { userId: user?.id, role: user?.role, organizationId: user?.organizationId, ...meta },
      {
        action: "auth.sign_in",
        outcome: "failed",
        targetType: "user",
        details: {
          reason: !user
            ? "unknown account"
            : !valid
              ? "wrong password"
              : !user.active
                ? "account disabled"
                : "organization deactivated",
        },
      },
    );
    return { kind: "failed" };
  }
  if (await hasTwoFactor(db, user.id)) {
    if (!code) return { kind: "code_required", pending: issuePendingSignIn(user) };
    return secondStep(db, user, code, meta, issuePendingSignIn(user), options.epochSeconds, options.limiters);
  }
  return openSession(db, user, meta, null, options.limiters);
}
