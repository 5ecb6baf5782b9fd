// The EHR's side of SMART Backend Services and signed CDS Hooks, for trying the portal from a shell:
//   npm run smart:keygen -- --out ehr.private.jwk.json [--alg ES384|RS384] [--kid K]
//       writes a private key (mode 600) and prints the public JWKS to register.
//   npm run smart:token -- --client-id ID --key ehr.private.jwk.json [--token-url URL] [--scope "…"] [--assertion-only]
//       signs a client assertion and exchanges it for an access token (prints the JSON answer).
//   npm run smart:token -- --hook-jwt --iss ISSUER --aud SERVICE_URL --key ehr.private.jwk.json
//       prints a signed CDS Hooks JWT for one call to SERVICE_URL.
import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import { z } from "zod";

const keygenArgs = z.object({
  out: z.string({ error: "--out FILE is required (where the private key goes)" }).min(1),
  alg: z.enum(["ES384", "RS384"], { error: "--alg must be ES384 or RS384" }).default("ES384"),
  kid: z.string().min(1).max(100).optional(),
});
const tokenArgs = z.object({
  key: z.string({ error: "--key FILE is required (the private JWK)" }).min(1),
  "client-id": z.string().min(1).optional(),
  "token-url": z.url({ error: "--token-url must be a full address" }).default("http://localhost:3000/oauth/token"),
  scope: z
    .string()
    .min(1)
    .default(
      "system/Claim.write system/Claim.read system/Questionnaire.read system/Subscription.write system/Subscription.read",
    ),
  "assertion-only": z.boolean().default(false),
  "hook-jwt": z.boolean().default(false),
  iss: z.string().min(1).optional(),
  aud: z.url({ error: "--aud must be the hook service's full address" }).optional(),
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function parse<S extends z.ZodType>(schema: S, values: unknown): z.infer<S> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) fail(parsed.error.issues.map((i) => i.message).join("\n"));
  return parsed.data;
}

async function keygen(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: "string" }, alg: { type: "string" }, kid: { type: "string" } },
  });
  const args = parse(keygenArgs, values);
  const { privateKey, publicKey } = await generateKeyPair(args.alg, { extractable: true, modulusLength: 2048 });
  const kid = args.kid ?? `ehr-${new Date().toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`;
  const meta = { kid, alg: args.alg, use: "sig" };
  writeFileSync(args.out, `${JSON.stringify({ ...(await exportJWK(privateKey)), ...meta }, null, 2)}\n`, {
    mode: 0o600,
  });
  console.error(`private key written to ${args.out} (keep it secret); the public key set to register:`);
  console.log(JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), ...meta }] }, null, 2));
}

async function sign(jwk: JWK, claims: Record<string, unknown>) {
  if (!jwk.kid || (jwk.alg !== "ES384" && jwk.alg !== "RS384")) fail("the key needs a kid and alg ES384 or RS384");
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...claims, jti: randomUUID() })
    .setProtectedHeader({ alg: jwk.alg, kid: jwk.kid, typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + 240)
    .sign(await importJWK(jwk, jwk.alg));
}

async function token(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      key: { type: "string" },
      "client-id": { type: "string" },
      "token-url": { type: "string" },
      scope: { type: "string" },
      "assertion-only": { type: "boolean" },
      "hook-jwt": { type: "boolean" },
      iss: { type: "string" },
      aud: { type: "string" },
    },
  });
  const args = parse(tokenArgs, values);
  let jwk: JWK;
  try {
    jwk = JSON.parse(readFileSync(args.key, "utf8")) as JWK;
  } catch {
    fail(`${args.key} cannot be read as a JSON private key`);
  }
  if (args["hook-jwt"]) {
    if (!args.iss || !args.aud)
      fail("--hook-jwt needs --iss (the registered CDS Hooks issuer) and --aud (the service URL)");
    console.log(await sign(jwk, { iss: args.iss, aud: args.aud }));
    return;
  }
  const clientId = args["client-id"] ?? fail("--client-id is required");
  const assertion = await sign(jwk, { iss: clientId, sub: clientId, aud: args["token-url"] });
  if (args["assertion-only"]) {
    console.log(assertion);
    return;
  }
  const res = await fetch(args["token-url"], {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
      scope: args.scope,
    }),
  });
  console.log(await res.text());
  if (!res.ok) process.exit(1);
}

const [command, ...rest] = process.argv.slice(2);
if (command === "keygen") await keygen(rest);
else if (command === "token") await token(rest);
else fail("usage: smart.ts keygen --out FILE | smart.ts token --client-id ID --key FILE [...]");
