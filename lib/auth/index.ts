import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { appendAudit } from "@/db/audit-chain";
import { requestMetaFrom } from "@/lib/client-address";
import { authenticate } from "@/lib/server/auth/sign-in";
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
class SignInThrottled extends CredentialsSignin {
  code = "throttled";
}

/**
 * The password was right and the account has a second factor: the form asks for the code and
 * sends `pending` back with it (a signed, 5-minute statement; see lib/server/auth/two-factor.ts).
 * The code in the URL of Auth.js's own error redirect is only "code_required", never the statement.
 */
export class SecondFactorRequired extends CredentialsSignin {
  code = "code_required";
  constructor(readonly pending: string) {
    super();
  }
}

/** A wrong or reused code: the form asks again (same statement). */
export class SecondFactorRejected extends CredentialsSignin {
  code = "bad_code";
  constructor(readonly pending: string) {
    super();
  }
}

/** The second step came too late (over 5 minutes), or the password changed meanwhile: start again. */
class SignInStepExpired extends CredentialsSignin {
  code = "expired";
}

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
      await db.transaction(async (tx) => {
        if (!(await revokeSession(tx, token))) return;
        await appendAudit(
          tx,
          {
            userId: token.uid as string,
            role: (token.role as string) ?? null,
            organizationId: (token.organizationId as string) ?? null,
            ...meta,
          },
          {
            action: "auth.sign_out",
            targetType: "user",
            targetId: token.uid as string,
          },
        );
      });
    },
  },
  providers: [
    Credentials({
      credentials: {
        email: { label: "Email" },
        password: { label: "Password", type: "password" },
        code: { label: "Authentication code" },
        pending: { label: "Pending sign-in" },
      },
      async authorize(credentials, request) {
        const outcome = await authenticate(await getDb(), credentials, requestMeta(request));
        switch (outcome.kind) {
          case "signed_in":
            return outcome.user;
          case "throttled":
            throw new SignInThrottled();
          case "code_required":
            throw new SecondFactorRequired(outcome.pending);
          case "bad_code":
            throw new SecondFactorRejected(outcome.pending);
          case "expired":
            throw new SignInStepExpired();
          default:
            throw new CredentialsSignin();
        }
      },
    }),
  ],
}));
