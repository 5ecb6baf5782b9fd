"use server";
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth";
import { signInInput } from "@/lib/validation/auth";
import { rethrowIfNavigation, toActionResult } from "@/lib/server/errors";

export interface SignInState {
  message?: string;
  fieldErrors?: { email?: string; password?: string };
  email?: string;
}

/** Only same-site paths may be a destination after sign-in. */
function safeDestination(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "";
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/";
}

export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "");
  const parsed = signInInput.safeParse({ email, password: formData.get("password") ?? "" });
  if (!parsed.success) {
    const fieldErrors: SignInState["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as "email" | "password";
      fieldErrors[key] ??= issue.message;
    }
    return { message: "Check the highlighted fields.", fieldErrors, email };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeDestination(formData.get("callbackUrl")) });
    return {};
  } catch (err) {
    rethrowIfNavigation(err);
    if (err instanceof CredentialsSignin && err.code === "throttled") return { message: "Too many sign-in attempts. Wait a few minutes, then try again.", email };
    if (err instanceof AuthError) return { message: "The email or password is not correct.", email };
    return { message: toActionResult(err).message, email };
  }
}
