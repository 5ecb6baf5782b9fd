import type { Metadata } from "next";
import Link from "next/link";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SIGN_IN_EMAIL_COOKIE, signInEmailFromCookie } from "@/lib/auth/sign-in-email";
import { LANDING_PAGE } from "@/lib/auth/permissions";
import { demoModeEnabled } from "@/lib/auth/secret";
import { currentViewer } from "@/lib/server/viewer";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; notice?: string }>;
}) {
  const viewer = await currentViewer();
  if (viewer) redirect(LANDING_PAGE[viewer.role]);
  const { callbackUrl, notice } = await searchParams;
  // Just after accepting an invitation: the new account's email (see acceptInvitationAction).
  const email = signInEmailFromCookie((await cookies()).get(SIGN_IN_EMAIL_COOKIE)?.value);
  const noticeText =
    notice === "account-ready"
      ? "Your account is ready. Sign in with your new password."
      : notice === "password-reset"
        ? "Your password was changed. Sign in with the new one."
        : null;
  return (
    <main className="mx-auto mt-16 max-w-md px-4">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <p className="mt-1 text-slate-700">
        Prior authorization for implanted spinal drug delivery systems (PHARMACY 339.7).
      </p>
      {noticeText ? (
        <p role="status" className="mt-4 rounded border border-green-600 bg-green-50 px-3 py-2 text-sm text-green-900">
          {noticeText}
        </p>
      ) : null}
      <div className="mt-6 rounded-lg border border-slate-300 bg-white p-6 shadow-sm">
        <LoginForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : "/"} initialEmail={email} />
        <p className="mt-4 text-sm">
          <Link href="/forgot-password" className="text-blue-800 underline">
            Forgot your password?
          </Link>
        </p>
      </div>
      {demoModeEnabled() ? (
        <p className="mt-4 text-sm text-slate-700">
          Demo instance: accounts such as <code>provider@northside.demo</code> or <code>nurse@plan.demo</code>, password{" "}
          <code>portal-demo-339</code> (see the README).
        </p>
      ) : null}
      <footer className="mt-8 border-t border-slate-300 pt-3 text-sm text-slate-700">
        <Link href="/prior-authorization-metrics" className="text-blue-800 underline">
          Prior-authorization metrics
        </Link>{" "}
        (published yearly, no sign-in needed)
      </footer>
    </main>
  );
}
