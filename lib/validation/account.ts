import { z } from "./zod";
import { LICENCE_TYPES } from "@/db/schema";
import { PERSON_ROLES } from "@/lib/domain";

export { LICENCE_TYPES };

export const MIN_PASSWORD_LENGTH = 12;

const email = z.string().trim().min(1, "Enter an email address.").max(254).email("Enter a valid email address.");
/** The new password's length; its strength is checked on the server (lib/password-strength). */
const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(200, "Use at most 200 characters.");
const token = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{20,100}$/, "This link is not valid.");
const uuid = z.string().uuid("Not a valid id.");

export const endSessionInput = z.object({ sessionId: z.string().min(8).max(100) });

export const acceptInvitationInput = z.object({ token, password: newPassword });
export const forgotPasswordInput = z.object({ email });
export const resetPasswordInput = z.object({ token, password: newPassword });
export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(200),
  newPassword,
});

/** NPI: 10 digits with the Luhn check digit over the prefix 80840 (CMS). */
function validNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi}`.split("").map(Number);
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits[i]!;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const orgName = z
  .string()
  .trim()
  .min(2, "Enter the organization's name (at least 2 characters).")
  .max(200, "Use at most 200 characters.");
export const createOrganizationInput = z.object({
  name: orgName,
  npi: z
    .string()
    .trim()
    .regex(/^\d{10}$/, "The NPI is 10 digits.")
    .refine(validNpi, "This NPI's check digit is wrong (check for a typo)."),
  tin: z
    .string()
    .trim()
    .regex(/^\d{2}-?\d{7}$/, "The TIN is 9 digits (12-3456789).")
    .transform((v) => v.replace("-", "")),
});
export const renameOrganizationInput = z.object({ organizationId: uuid, name: orgName });
export const setOrganizationActiveInput = z.object({ organizationId: uuid, active: z.boolean() });

export const inviteUserInput = z
  .object({
    email,
    name: z.string().trim().min(1, "Enter the person's name.").max(200),
    role: z.enum(PERSON_ROLES, { message: "Choose a role." }),
    organizationId: uuid.optional().or(z.literal("").transform(() => undefined)),
  })
  .refine((v) => v.role !== "provider" || !!v.organizationId, {
    path: ["organizationId"],
    message: "Choose the provider's organization.",
  });
export const invitationIdInput = z.object({ invitationId: uuid });
export const changeRoleInput = z.object({ userId: uuid, role: z.enum(PERSON_ROLES, { message: "Choose a role." }) });
export const setUserActiveInput = z.object({ userId: uuid, active: z.boolean() });
export const userIdInput = z.object({ userId: uuid });
/** The users list's search: part of a name or an email. */
export const accountSearchInput = z.object({
  q: z
    .string()
    .trim()
    .max(100, "Search with at most 100 characters.")
    .optional()
    .transform((v) => v || undefined),
});

const isoDate = z
  .string({ error: "Enter a date (YYYY-MM-DD)." })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date (YYYY-MM-DD).");
export const addCredentialInput = z.object({
  userId: uuid,
  licenceType: z.enum(LICENCE_TYPES, { message: "Choose RN, MD or DO." }),
  licenceNumber: z
    .string({ error: "Enter the licence number." })
    .trim()
    .min(2, "Enter the licence number.")
    .max(40, "Write the licence number in at most 40 characters."),
  state: z
    .string({ error: "Enter the two-letter state code." })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "Enter the two-letter state code."),
  specialty: z
    .string({ error: "Enter the specialty." })
    .trim()
    .min(2, "Enter the specialty.")
    .max(100, "Write the specialty in at most 100 characters."),
  validUntil: isoDate,
});
export const credentialIdInput = z.object({ credentialId: uuid });
/** Correcting a licence on file: its number, state and last valid day, checked as when it was added. */
export const editCredentialInput = addCredentialInput
  .pick({ licenceNumber: true, state: true, validUntil: true })
  .extend({ credentialId: uuid });
