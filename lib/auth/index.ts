import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { eq, sql } from "drizzle-orm";
import { getDb, inTransaction } from "@/db/client";
import { appendAudit } from "@/db/audit-chain";
import { recordSystemAudit } from "@/lib/server/context";
import { organizations, users, userSessions } from "@/db/schema";
import { signInInput } from "@/lib/validation/auth";
import { verifyPassword } from "@/lib/passwords";
import { requestMetaFrom } from "@/lib/client-address";
import { shouldRecordRefusal } from "@/lib/server/rate-limit";
import { signInAllowed } from "@/lib/server/auth/sign-in-throttle";
import { revokeSession, sessionIsLive } from "@/lib/server/auth/sessions";
import { authConfig } from "./config";
import { resolveAuthSecret } from "./secret";

function requestMeta(request: Request | undefined) {
  return request ? requestMetaFrom(request.headers) : { ip: null, userAgent: null };
}

/** The calling request's address and agent, from Next's request scope (none outside a request). */
async function currentRequestMeta() {
  try {
    const { headers } = await import("next/headers");
    return requestMetaFrom(await headers());
  } catch {
    return { ip: null, userAgent: null };
  }
}

/** Raised instead of checking the password when an account or address is being guessed at. */
export class SignInThrottled extends CredentialsSignin {
  code = "throttled";
}

// A fixed hash so an unknown email costs the same time as a wrong password.
const TIMING_DUMMY_HASH = "$2b$11$7pPzMCFHrh1iek3ZOA9l4OtCsyYp.sjiTR/lH4W7VdP3zXccsmUXe";

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: resolveAuthSecret(),
  callbacks: {
    ...authConfig.callbacks,
    // Every read of the session (pages, actions, GET /api/auth/session) re-checks the sign-in: a
    // revoked, over-age or deactivated one ends here and Auth.js clears the cookie instead of
    // re-issuing it, so a copied cookie cannot be kept alive by polling.
    async jwt(params) {
      const token = authConfig.callbacks.jwt(params);
      if (params.user) return token;
      return (await sessionIsLive(await getDb(), token)) ? token : null;
    },
  },
  events: {
    // Every sign-out, the app's own and Auth.js's built-in POST /api/auth/signout, revokes the
    // session on the server: the cookie may have been copied.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (!token) return;
      const db = await getDb();
      const meta = await currentRequestMeta();
      await inTransaction(db, async (tx) => {
        if (!(await revokeSession(tx, token))) return;
        await appendAudit(tx, { userId: token.uid as string, role: (token.role as string) ?? null, organizationId: (token.organizationId as string) ?? null, ...meta }, {
          action: "auth.sign_out",
          targetType: "user",
          targetId: token.uid as string,
        });
      });
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const parsed = signInInput.safeParse(credentials);
        if (!parsed.success) throw new CredentialsSignin();
        const { email, password } = parsed.data;
        const db = await getDb();
        const meta = requestMeta(request);
        if (!(await signInAllowed(email, meta.ip))) {
          // Sampled like the API's refusals: a flood of throttled attempts must not flood the audit chain.
          if (await shouldRecordRefusal("auth.sign_in:throttled", meta.ip))
            await recordSystemAudit(db, meta, { action: "auth.sign_in", outcome: "refused", targetType: "user", details: { reason: "too many attempts" } });
          throw new SignInThrottled();
        }
        const [found] = await db
          .select({ user: users, organizationActive: organizations.active })
          .from(users)
          .innerJoin(organizations, eq(organizations.id, users.organizationId))
          .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
          .limit(1);
        const user = found?.user;
        const valid = await verifyPassword(password, user?.passwordHash ?? TIMING_DUMMY_HASH);
        if (!user || !valid || !user.active || !found.organizationActive) {
          await recordSystemAudit(db, { userId: user?.id, role: user?.role, organizationId: user?.organizationId, ...meta }, {
            action: "auth.sign_in",
            outcome: "failed",
            targetType: "user",
            details: { reason: !user ? "unknown account" : !valid ? "wrong password" : !user.active ? "account disabled" : "organization deactivated" },
          });
          throw new CredentialsSignin();
        }
        const sessionId = crypto.randomUUID();
        await db.transaction(async (tx) => {
          await tx.insert(userSessions).values({ id: sessionId, userId: user.id, ip: meta.ip, userAgent: meta.userAgent });
        });
        await recordSystemAudit(db, { userId: user.id, role: user.role, organizationId: user.organizationId, ...meta }, { action: "auth.sign_in", targetType: "user", targetId: user.id });
        return { id: user.id, name: user.name, email: user.email, role: user.role, organizationId: user.organizationId, sessionId };
      },
    }),
  ],
}));
