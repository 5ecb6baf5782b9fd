import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { recordSystemAudit } from "@/lib/server/context";
import { users } from "@/db/schema";
import { signInInput } from "@/lib/validation/auth";
import { verifyPassword } from "@/lib/passwords";
import { requestMetaFrom } from "@/lib/client-address";
import { createRateLimiter, type RateLimiter } from "@/lib/server/rate-limit";
import { authConfig } from "./config";
import { resolveAuthSecret } from "./secret";

function requestMeta(request: Request | undefined) {
  return request ? requestMetaFrom(request.headers) : { ip: null, userAgent: null };
}

/** Raised instead of checking the password when an account or address is being guessed at. */
export class SignInThrottled extends CredentialsSignin {
  code = "throttled";
}

// Guessing passwords: 10 tries in a burst per account, then one a minute; an address (which many
// people behind one office gateway may share) gets 300, then one a second. Per instance.
const globalLimits = globalThis as unknown as { __signInPerAccount?: RateLimiter; __signInPerAddress?: RateLimiter };
const perAccount = (globalLimits.__signInPerAccount ??= createRateLimiter({ capacity: 10, refillPerSecond: 1 / 60 }));
const perAddress = (globalLimits.__signInPerAddress ??= createRateLimiter({ capacity: 300, refillPerSecond: 1 }));

// A fixed hash so an unknown email costs the same time as a wrong password.
const TIMING_DUMMY_HASH = "$2b$11$7pPzMCFHrh1iek3ZOA9l4OtCsyYp.sjiTR/lH4W7VdP3zXccsmUXe";

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: resolveAuthSecret(),
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const parsed = signInInput.safeParse(credentials);
        if (!parsed.success) throw new CredentialsSignin();
        const { email, password } = parsed.data;
        const db = await getDb();
        const meta = requestMeta(request);
        if (!perAccount.take(email.toLowerCase()) || !perAddress.take(meta.ip ?? "unknown")) {
          await recordSystemAudit(db, meta, { action: "auth.sign_in", outcome: "refused", targetType: "user", details: { reason: "too many attempts" } });
          throw new SignInThrottled();
        }
        const [user] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase())).limit(1);
        const valid = await verifyPassword(password, user?.passwordHash ?? TIMING_DUMMY_HASH);
        if (!user || !valid || !user.active) {
          await recordSystemAudit(db, { userId: user?.id, role: user?.role, organizationId: user?.organizationId, ...meta }, {
            action: "auth.sign_in",
            outcome: "failed",
            targetType: "user",
            details: { reason: !user ? "unknown account" : !user.active ? "account disabled" : "wrong password" },
          });
          throw new CredentialsSignin();
        }
        await recordSystemAudit(db, { userId: user.id, role: user.role, organizationId: user.organizationId, ...meta }, { action: "auth.sign_in", targetType: "user", targetId: user.id });
        return { id: user.id, name: user.name, email: user.email, role: user.role, organizationId: user.organizationId };
      },
    }),
  ],
}));
