import { z } from "./zod";
import { GRANTABLE_SCOPES } from "@/lib/fhir/smart-scopes";

const uuid = z.uuid({ error: "Not a valid id." });

/** Private key members of a JWK (RFC 7517/7518): a registration carries public keys only. */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const;

/** An inline JWKS as pasted by an administrator: JSON with 1–10 public RSA or EC keys, each with a `kid`. */
const jwksText = z
  .string()
  .max(20_000, { error: "is longer than 20,000 characters" })
  .transform((text, ctx) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: "custom", message: 'is not JSON; paste the EHR\'s JWKS ({"keys": [...]})' });
      return z.NEVER;
    }
    const keys = (parsed as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys) || keys.length === 0 || keys.length > 10) {
      ctx.addIssue({ code: "custom", message: 'must be a JWKS: {"keys": [...]} with 1 to 10 keys' });
      return z.NEVER;
    }
    for (const [i, key] of keys.entries()) {
      const k = key as Record<string, unknown> | null;
      const where = `key ${i + 1}`;
      if (!k || typeof k !== "object") ctx.addIssue({ code: "custom", message: `${where} is not a JSON object` });
      else if (PRIVATE_MEMBERS.some((m) => m in k))
        ctx.addIssue({
          code: "custom",
          message: `${where} contains a private key; register the public key only (never share the private key)`,
        });
      else if (k.kty !== "RSA" && k.kty !== "EC")
        ctx.addIssue({ code: "custom", message: `${where} must be an RSA or EC key (kty "RSA" or "EC")` });
      else if (typeof k.kid !== "string" || !k.kid)
        ctx.addIssue({ code: "custom", message: `${where} needs a "kid" (key id) that the EHR's assertions name` });
    }
    return { keys: keys as Record<string, unknown>[] };
  });

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `is longer than ${max} characters` })
    .optional()
    .transform((v) => (v ? v : undefined));

/** An EHR registered for a provider organization (admin form, server action and tests share it). */
export const registerEhrClientInput = z
  .object({
    organizationId: z.uuid({ error: "choose the practice and the person responsible" }),
    name: z.string().trim().min(1, { error: "enter a name people will recognise" }).max(120),
    actingUserId: z.uuid({ error: "choose the practice and the person responsible" }),
    jwksUrl: optionalText(2000).pipe(
      z.url({ protocol: /^https?$/, error: "enter the full https:// address of the EHR's JWKS" }).optional(),
    ),
    jwks: z
      .string()
      .optional()
      .transform((v) => (v && v.trim() ? v.trim() : undefined))
      .pipe(jwksText.optional()),
    cdsHooksIssuer: optionalText(500),
    scopes: z
      .array(z.enum(GRANTABLE_SCOPES, { error: "is not a scope this server grants" }))
      .min(1, { error: "choose at least one scope" })
      .max(GRANTABLE_SCOPES.length),
  })
  .superRefine((v, ctx) => {
    if (!v.jwksUrl === !v.jwks)
      ctx.addIssue({
        code: "custom",
        path: ["jwksUrl"],
        message: "give either the address of the EHR's JWKS or the JWKS itself (one of the two)",
      });
  });
export type RegisterEhrClientInput = z.input<typeof registerEhrClientInput>;

export const ehrClientIdInput = z.object({ ehrClientId: uuid });

export const allowApiKeysOnFhirInput = z.object({
  allowed: z.enum(["on", "off"], { error: 'choose "on" or "off"' }),
});

export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** A SMART Backend Services token request (application/x-www-form-urlencoded fields). */
export const tokenRequestInput = z.object({
  grant_type: z.literal("client_credentials", { error: 'grant_type must be "client_credentials"' }),
  client_assertion_type: z.literal(CLIENT_ASSERTION_TYPE, {
    error: `client_assertion_type must be "${CLIENT_ASSERTION_TYPE}"`,
  }),
  client_assertion: z
    .string({ error: "client_assertion is required (a JWT signed with the client's private key)" })
    .min(1, { error: "client_assertion is required (a JWT signed with the client's private key)" })
    .max(16_000, { error: "client_assertion is too long" }),
  scope: z
    .string({ error: "scope is required (e.g. system/Claim.write system/Claim.read)" })
    .trim()
    .min(1, { error: "scope is required (e.g. system/Claim.write system/Claim.read)" })
    .max(2000, { error: "scope is too long" }),
});
