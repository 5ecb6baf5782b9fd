import { createHash } from "node:crypto";
import { count } from "drizzle-orm";
import type { Db } from "./client";
import { apiKeys, ehrClients, organizations, portalSettings, reviewerCredentials, users, type Role } from "./schema";
import { GRANTABLE_SCOPES } from "@/lib/fhir/smart-scopes";
import { appendAudit } from "./audit-chain";
import { hashPassword } from "@/lib/passwords";
import { DEMO_PASSWORD } from "@/lib/auth/secret";

const DEMO_ORGANIZATIONS = [
  {
    slug: "northside",
    name: "Northside Pain Clinic",
    kind: "provider" as const,
    apiKey: "pa_demo_northside_key",
    npi: "1234567893",
    tin: "111111111",
  },
  {
    slug: "lakeview",
    name: "Lakeview Neurosurgery",
    kind: "provider" as const,
    apiKey: "pa_demo_lakeview_key",
    npi: "1245319599",
    tin: "222222222",
  },
  { slug: "plan", name: "Oxford Health Plan (demo)", kind: "plan" as const, apiKey: null, npi: null, tin: null },
];

const DEMO_USERS: { email: string; name: string; role: Role; org: string }[] = [
  { email: "provider@northside.demo", name: "Dana Northside", role: "provider", org: "northside" },
  { email: "provider@lakeview.demo", name: "Lee Lakeview", role: "provider", org: "lakeview" },
  { email: "nurse@plan.demo", name: "Nora Nurse, RN", role: "nurse_reviewer", org: "plan" },
  { email: "physician@plan.demo", name: "Dr. Paul Physician", role: "physician_reviewer", org: "plan" },
  { email: "physician2@plan.demo", name: "Dr. Priya Second", role: "physician_reviewer", org: "plan" },
  { email: "auditor@plan.demo", name: "Avery Auditor", role: "auditor", org: "plan" },
  { email: "admin@plan.demo", name: "Ada Admin", role: "admin", org: "plan" },
];

const DEMO_CREDENTIALS = [
  { email: "nurse@plan.demo", type: "RN" as const, number: "RN-DEMO-1001", specialty: "Utilization review" },
  {
    email: "physician@plan.demo",
    type: "MD" as const,
    number: "MD-DEMO-2001",
    specialty: "Anesthesiology / pain medicine",
  },
  {
    email: "physician2@plan.demo",
    type: "DO" as const,
    number: "DO-DEMO-2002",
    specialty: "Physical medicine and rehabilitation",
  },
];

/**
 * The demo EHR of Northside (SMART Backend Services and signed CDS Hooks). Its private key is
 * examples/smart/demo-ehr-northside.private.jwk.json: demo data only, like the demo passwords.
 */
export const DEMO_EHR = {
  clientId: "ehr_demo_northside",
  name: "Northside Epic (demo)",
  cdsHooksIssuer: "https://ehr.northside.demo",
  publicJwk: {
    kty: "EC",
    crv: "P-384",
    x: "jF9uoYSeC5ia5b_VY_HmvSkr6tHEPZNRdl1XhLBC7iKscS9eYWrRrGMu0KSYMwKU",
    y: "BM4TJMSoKoK9O9zRVRgqvrxe322tBfoy5rGVSCEqfELB14oTEWEMq1UNbB1Wz_jE",
    kid: "northside-demo-2026",
    alg: "ES384",
    use: "sig",
  },
};

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export async function databaseIsEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0) === 0;
}

export interface DemoSeedHooks {
  /** Later features add demo cases here (every provider- and reviewer-visible state). */
  seedCases?: (db: Db, ids: DemoIds) => Promise<void>;
}

export interface DemoIds {
  orgs: Record<string, string>;
  users: Record<string, string>;
}

/** Demo organizations, accounts (password `portal-demo-339`), API keys, then demo cases. */
export async function seedDemoData(db: Db, hooks: DemoSeedHooks = {}): Promise<DemoIds> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids: DemoIds = { orgs: {}, users: {} };
  await db.transaction(async (tx) => {
    for (const org of DEMO_ORGANIZATIONS) {
      const [row] = await tx
        .insert(organizations)
        .values({ slug: org.slug, name: org.name, kind: org.kind, npi: org.npi, tin: org.tin })
        .returning({ id: organizations.id });
      ids.orgs[org.slug] = row!.id;
    }
    for (const u of DEMO_USERS) {
      const [row] = await tx
        .insert(users)
        .values({
          email: u.email,
          name: u.name,
          role: u.role,
          organizationId: ids.orgs[u.org]!,
          passwordHash,
          isDemo: true,
        })
        .returning({ id: users.id });
      ids.users[u.email] = row!.id;
    }
    // Reviewers' licences (demo numbers), current for years so the demo physicians can deny and decide appeals.
    for (const c of DEMO_CREDENTIALS) {
      await tx.insert(reviewerCredentials).values({
        userId: ids.users[c.email]!,
        licenceType: c.type,
        licenceNumber: c.number,
        state: "NY",
        specialty: c.specialty,
        validUntil: "2030-12-31",
      });
    }
    for (const org of DEMO_ORGANIZATIONS) {
      if (!org.apiKey) continue;
      await tx.insert(apiKeys).values({
        organizationId: ids.orgs[org.slug]!,
        name: "Demo key",
        prefix: org.apiKey.slice(0, 12),
        keyHash: hashApiKey(org.apiKey),
      });
    }
    await tx.insert(ehrClients).values({
      organizationId: ids.orgs.northside!,
      name: DEMO_EHR.name,
      clientId: DEMO_EHR.clientId,
      jwks: { keys: [DEMO_EHR.publicJwk] },
      cdsHooksIssuer: DEMO_EHR.cdsHooksIssuer,
      scopes: [...GRANTABLE_SCOPES],
      actingUserId: ids.users["provider@northside.demo"]!,
    });
    // The demo also lets the demo API keys open /fhir (the migration setting; off unless turned on),
    // and approves clean chronic non-malignant pain requests automatically (off unless turned on).
    const demoSettings = {
      allowApiKeysOnFhir: true,
      automatedApproval: {
        trial: ["chronic_nonmalignant_pain" as const],
        implant: ["chronic_nonmalignant_pain" as const],
      },
    };
    await tx
      .insert(portalSettings)
      .values({ id: 1, ...demoSettings })
      .onConflictDoUpdate({ target: portalSettings.id, set: demoSettings });
    await appendAudit(
      tx,
      { userId: null, role: "system", organizationId: null },
      { action: "system.seed_demo", details: { users: DEMO_USERS.length } },
    );
  });
  if (hooks.seedCases) await hooks.seedCases(db, ids);
  return ids;
}
