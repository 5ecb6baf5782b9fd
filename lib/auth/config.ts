import type { NextAuthConfig } from "next-auth";
import type { Role } from "@/db/schema";

declare module "next-auth" {
  interface User {
    role?: Role;
    organizationId?: string;
    /** The sign-in's row in user_sessions, created by authorize(). */
    sessionId?: string;
  }
  interface Session {
    user: { id: string; role: Role; organizationId: string; name?: string | null; email?: string | null };
    /** This sign-in's id, kept across token refreshes; a sign-out revokes it. */
    sessionId?: string;
  }
}

/** The part of the Auth.js configuration that needs no database and no Node APIs. */
export const authConfig = {
  pages: { signIn: "/login" },
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  trustHost: process.env.AUTH_TRUST_HOST === "true" || process.env.NODE_ENV !== "production",
  providers: [],
  logger: {
    // A wrong password is expected and already in the audit trail; anything else is logged by
    // kind only (Auth.js messages may carry what someone typed).
    error(error) {
      const name = (error as { type?: string }).type ?? error.name;
      if (name === "CredentialsSignin") return;
      console.error(`[auth] ${name}`);
    },
    warn(code) {
      console.warn(`[auth] warning ${code}`);
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.organizationId = user.organizationId;
        // Kept across token refreshes (unlike jti), so a sign-out can revoke this session.
        token.sid = user.sessionId ?? crypto.randomUUID();
        // When this sign-in happened: the absolute lifetime counts from here (iat moves on every refresh).
        token.authTime = Math.floor(Date.now() / 1000);
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.uid as string;
      session.user.role = token.role as Role;
      session.user.organizationId = token.organizationId as string;
      session.sessionId = token.sid as string | undefined;
      return session;
    },
  },
} satisfies NextAuthConfig;
