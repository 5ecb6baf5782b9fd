/** The cookie that carries a just-created account's email to the sign-in form (set on accepting an invitation). */
export const SIGN_IN_EMAIL_COOKIE = "pa_sign_in_email";

/** The cookie's value when it is a plausible email address, otherwise nothing (it pre-fills an input, nothing more). */
export function signInEmailFromCookie(value: string | undefined): string | undefined {
  if (!value || value.length > 254) return undefined;
  return /^[^\s@]+@[^\s@]+$/.test(value) ? value : undefined;
}
