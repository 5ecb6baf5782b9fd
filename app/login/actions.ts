"use server";
import { cookies } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { SIGN_IN_EMAIL_COOKIE } from "@/lib/auth/sign-in-email";
import { AuthError, CredentialsSignin } from "next-auth";
import { SecondFactorRejected, SecondFactorRequired, signIn } from "@/lib/auth";
import { pendingSignInInput, signInInput } from "@/lib/validation/auth";
import { toActionResult } from "@/lib/server/errors";

export interface SignInState {
  message?: string;
  fieldErrors?: { email?: string; password?: string; code?: string };
  email?: string;
  /** Set once the password was right and the account asks for a second factor: the form shows the code step. */
  pending?: string;
}

/** Only same-site paths may be a destination after sign-in. */
function safeDestination(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "";
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/";
}

export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  // The email carried from an accepted invitation has served once the form is sent: not kept for
  // the next person at this browser.
  (await cookies()).delete({ name: SIGN_IN_EMAIL_COOKIE, path: "/login" });
  const email = String(formData.get("email") ?? "");
  const pending = formData.get("pending");
  let credentials: Record<string, string>;
  if (typeof pending === "string" && pending) {
    const parsed = pendingSignInInput.safeParse({ pending, code: formData.get("code") ?? "" });
    if (!parsed.success)
      return {
        message: "Enter the code from your authenticator app, or a recovery code.",
        fieldErrors: { code: "Enter a code." },
        email,
        pending,
      };
    credentials = parsed.data;
  } else {
    const parsed = signInInput.safeParse({ email, password: formData.get("password") ?? "" });
    if (!parsed.success) {
      const fieldErrors: SignInState["fieldErrors"] = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as "email" | "password";
        fieldErrors[key] ??= issue.message;
      }
      return { message: "Check the highlighted fields.", fieldErrors, email };
    }
    credentials = { email: parsed.data.email, password: parsed.data.password };
  }
  try {
    await signIn("credentials", { ...credentials, redirectTo: safeDestination(formData.get("callbackUrl")) });
    return {};
  } catch (err) {
    unstable_rethrow(err);
    if (err instanceof SecondFactorRequired) return { email, pending: err.pending };
    if (err instanceof SecondFactorRejected)
      return {
        message: "That code is not correct, or it was already used. Enter the current code.",
        fieldErrors: { code: "Not correct." },
        email,
        pending: err.pending,
      };
    if (err instanceof CredentialsSignin && err.code === "throttled")
      return { message: "Too many sign-in attempts. Wait a few minutes, then try again.", email };
    if (err instanceof CredentialsSignin && err.code === "expired")
      return { message: "The sign-in took too long. Enter your password again.", email };
    if (err instanceof AuthError) return { message: "The email or password is not correct.", email };
    return { message: toActionResult(err).message, email };
  }
}
