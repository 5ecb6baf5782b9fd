import { z } from "./zod";

/** A code as typed: 6 digits from the app, or a recovery code (10 letters/digits, any dashes or spaces). */
export const secondFactorCode = z
  .string()
  .trim()
  .min(1, "Enter the code from your authenticator app, or a recovery code.")
  .max(40, "That code is too long.")
  .transform((v) => v.replace(/[\s-]/g, "").toLowerCase());

export const confirmEnrollmentInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code your authenticator app shows."),
});

export const disableTwoFactorInput = z
  .object({
    code: z.string().trim().max(40).optional().default(""),
    password: z.string().max(200).optional().default(""),
  })
  .refine((v) => v.code !== "" || v.password !== "", {
    message: "Enter a current code or your password.",
    path: ["code"],
  });

export const requireStaffTwoFactorInput = z.object({
  required: z.enum(["on", "off"], { message: "Choose on or off." }),
});
