import { z } from "./zod";

export const signInInput = z.object({
  email: z.string().trim().min(1, "Enter your email address.").max(254).email("Enter a valid email address."),
  password: z.string().min(1, "Enter your password.").max(200, "That password is too long."),
  /** The second factor, when the account has one (optional: the form asks for it in a second step). */
  code: z.string().trim().max(40, "That code is too long.").optional(),
});

/** The sign-in's second step: the signed statement from the first step and the code. */
export const pendingSignInInput = z.object({
  pending: z.string().min(20).max(1000),
  code: z
    .string()
    .trim()
    .min(1, "Enter the code from your authenticator app, or a recovery code.")
    .max(40, "That code is too long."),
});
