import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { count, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, cases, determinations, apiKeys } from "@/db/schema";
import type { Role } from "@/db/schema";
import { can, PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenProviderOrg, givenUser, cnmpTrialRequest, givenSubmittedCase, givenPlanOrg } from "@/test/given";
import { createApiKey } from "@/lib/server/api-keys/create-api-key";
import { WITHDRAW_REASONS } from "@/lib/domain";
import type { ServiceContext } from "./context";
import { UnauthenticatedError } from "./errors";

/**
 * Every server action, called directly (as a forged POST would) by every principal with the id
 * of a case belonging to organization A: anonymous, each role, and a provider of organization B.
 * Expected from the RBAC table: a principal whose role lacks the action's permission, and the
 * other organization's provider, is refused (401/403/404), the refusal is audited and nothing
 * changes; a permitted principal is never refused for its role.
 */
let current: ServiceContext | null = null;
vi.mock("@/lib/server/viewer", () => ({
  serviceContext: async () => {
    if (!current) throw new UnauthenticatedError("Your session has ended. Sign in again.");
    return current;
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const caseActions = await import("@/app/(app)/cases/actions");
const reviewActions = await import("@/app/(app)/review/[caseId]/actions");
const keyActions = await import("@/app/(app)/settings/api-keys/actions");

type Action = (input: unknown) => Promise<{ ok: boolean; code?: string }>;
/** Each action and the permission its service checks (lib/auth/permissions.ts). */
const ACTIONS: [string, Action, Permission][] = [
  ["searchCasesAction", caseActions.searchCasesAction, "case.list_own"],
  ["saveDraftAction", caseActions.saveDraftAction, "case.create"],
  ["submitCaseAction", caseActions.submitCaseAction, "case.create"],
  ["withdrawCaseAction", caseActions.withdrawCaseAction, "case.withdraw"],
  ["respondAction", caseActions.respondAction, "case.respond"],
  ["fileAppealAction", caseActions.fileAppealAction, "case.appeal"],
  ["claimCaseAction", reviewActions.claimCaseAction, "case.claim"],
  ["releaseCaseAction", reviewActions.releaseCaseAction, "case.claim"],
  ["saveReviewDraftAction", reviewActions.saveReviewDraftAction, "case.claim"],
  ["pendCaseAction", reviewActions.pendCaseAction, "case.pend"],
  ["approveCaseAction", reviewActions.approveCaseAction, "case.approve"],
  ["denyCaseAction", reviewActions.denyCaseAction, "case.deny"],
  ["escalateCaseAction", reviewActions.escalateCaseAction, "case.escalate"],
  ["decideUnaddressedCaseAction", reviewActions.decideUnaddressedCaseAction, "case.decide_unaddressed"],
  ["decideAppealAction", reviewActions.decideAppealAction, "appeal.decide"],
  ["previewDenialLetterAction", reviewActions.previewDenialLetterAction, "case.deny"],
  ["createApiKeyAction", keyActions.createApiKeyAction, "apikey.manage"],
  ["revokeApiKeyAction", keyActions.revokeApiKeyAction, "apikey.manage"],
];
const ROLES = ["provider", "nurse_reviewer", "physician_reviewer", "auditor", "admin"] as const satisfies readonly Role[];
type Principal = "anonymous" | Role | "provider of another organization";
const PRINCIPALS: Principal[] = ["anonymous", ...ROLES, "provider of another organization"];
const REFUSED = ["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"];

let handle: DatabaseHandle;
let contexts: Record<Principal, ServiceContext | null>;
let ownerCtx: ServiceContext;
let keyOfA: string;
let apiKeyOfB: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
  const orgA = await givenProviderOrg(handle.db);
  const plan = await givenPlanOrg(handle.db);
  ownerCtx = ctxFor(handle.db, await givenUser(handle.db, "provider", { organizationId: orgA.id }));
  const otherProvider = ctxFor(handle.db, await givenUser(handle.db, "provider"));
  contexts = { anonymous: null, "provider of another organization": otherProvider } as Record<Principal, ServiceContext | null>;
  for (const role of ROLES) contexts[role] = role === "provider" ? ctxFor(handle.db, await givenUser(handle.db, "provider", { organizationId: orgA.id })) : ctxFor(handle.db, await givenUser(handle.db, role, { organizationId: plan.id }));
  await createApiKey(ownerCtx, { name: "EHR" });
  apiKeyOfB = (await createApiKey(otherProvider, { name: "EHR" })).key;
  keyOfA = (await handle.db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.organizationId, orgA.id)))[0]!.id;
});
afterAll(() => handle?.close());

const tally = async () => {
  const [c] = await handle.db.select({ n: count() }).from(cases);
  const [d] = await handle.db.select({ n: count() }).from(determinations);
  const [k] = await handle.db.select({ n: count() }).from(apiKeys).where(eq(apiKeys.id, keyOfA));
  const [r] = await handle.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.outcome, "refused"));
  return { cases: c!.n, determinations: d!.n, key: k!.n, refused: r!.n };
};

/** A forged input: organization A's case id wherever an id goes, plausible values elsewhere. */
const forged = (action: string, caseId: string) => ({
  caseId,
  id: keyOfA,
  keyId: keyOfA,
  version: 1,
  expectedVersion: 1,
  note: "Records attached for the matrix.",
  reason: action === "withdrawCaseAction" ? WITHDRAW_REASONS[0] : "Forged request for the authorization matrix.",
  rationale: "Forged request for the authorization matrix.",
  response: "Forged response.",
  findings: [],
  decision: "approve",
  name: "Forged key",
  memberId: "FORGED-1",
  memberName: "Forged Member",
  request: cnmpTrialRequest(),
  q: "",
});

describe(`authorization matrix: ${PRINCIPALS.length} principals × ${ACTIONS.length} server actions`, () => {
  const cells = ACTIONS.flatMap(([name, action, permission]) => PRINCIPALS.map((principal) => [name, principal, action, permission] as const));
  it.each(cells)("%s by %s", async (_name, principal, action, permission) => {
    const target = (await givenSubmittedCase(ownerCtx.db, { provider: ownerCtx })).case;
    current = contexts[principal];
    const role: Role | null = principal === "anonymous" ? null : principal === "provider of another organization" ? "provider" : principal;
    // The other organization's provider holds the provider's permissions but never A's case.
    const owned = ["withdrawCaseAction", "respondAction", "fileAppealAction", "revokeApiKeyAction"].includes(_name);
    const mustRefuse = !can(role, permission) || (principal === "provider of another organization" && owned);
    const before = await tally();
    const result = await action(forged(_name, target.id));
    const after = await tally();
    if (mustRefuse) {
      expect(result.ok, JSON.stringify(result)).toBe(false);
      expect(REFUSED).toContain(result.code);
      expect({ ...after, refused: before.refused }).toEqual(before);
      if (principal !== "anonymous") expect(after.refused).toBeGreaterThan(before.refused);
    } else {
      expect(result.code ?? "OK").not.toBe("FORBIDDEN");
    }
  });

  it("covers every permission an action checks", () => {
    for (const [, , permission] of ACTIONS) expect(Object.keys(PERMISSIONS)).toContain(permission);
  });
});

describe("authorization matrix: 4 API callers × 5 API endpoints", () => {
  const evaluateRoute = () => import("@/app/api/v1/evaluate/route");
  const casesRoute = () => import("@/app/api/v1/cases/route");
  const caseRoute = () => import("@/app/api/v1/cases/[id]/route");
  const attachmentsRoute = () => import("@/app/api/v1/cases/[id]/attachments/route");
  const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  type Call = (key: string | null, caseId: string) => Promise<Response>;
  const auth = (key: string | null): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});
  const ENDPOINTS: [string, Call, "any" | "owner"][] = [
    ["POST /api/v1/evaluate", async (key) => (await evaluateRoute()).POST(new Request("http://localhost/api/v1/evaluate", { method: "POST", headers: { ...auth(key), "content-type": "application/json" }, body: JSON.stringify(cnmpTrialRequest()) }), { params: Promise.resolve({}) }), "any"],
    ["POST /api/v1/cases", async (key) => (await casesRoute()).POST(new Request("http://localhost/api/v1/cases", { method: "POST", headers: { ...auth(key), "content-type": "application/json" }, body: JSON.stringify({ memberId: "M-1", memberName: "Matrix Member", request: cnmpTrialRequest() }) }), { params: Promise.resolve({}) }), "any"],
    ["GET /api/v1/cases", async (key) => (await casesRoute()).GET(new Request("http://localhost/api/v1/cases", { headers: auth(key) }), { params: Promise.resolve({}) }), "any"],
    ["GET /api/v1/cases/{id}", async (key, id) => (await caseRoute()).GET(new Request(`http://localhost/api/v1/cases/${id}`, { headers: auth(key) }), { params: Promise.resolve({ id }) }), "owner"],
    [
      "POST /api/v1/cases/{id}/attachments",
      async (key, id) => {
        const form = new FormData();
        form.set("file", new Blob([PDF], { type: "application/pdf" }), "r.pdf");
        const body = new Response(form);
        const bytes = new Uint8Array(await body.arrayBuffer());
        return (await attachmentsRoute()).POST(
          new Request(`http://localhost/api/v1/cases/${id}/attachments`, { method: "POST", headers: { ...auth(key), "content-type": body.headers.get("content-type")!, "content-length": String(bytes.length) }, body: bytes }),
          { params: Promise.resolve({ id }) },
        );
      },
      "owner",
    ],
  ];
  const CALLERS = ["no key", "a made-up key", "another organization's key", "the organization's key"] as const;
  const cells = ENDPOINTS.flatMap(([name, call, scope]) => CALLERS.map((caller) => [name, caller, call, scope] as const));
  it.each(cells)("%s with %s", async (_name, caller, call, scope) => {
    const target = (await givenSubmittedCase(ownerCtx.db, { provider: ownerCtx })).case;
    const key = caller === "no key" ? null : caller === "a made-up key" ? "pa_made_up_0000000000" : caller === "another organization's key" ? apiKeyOfB : (await createApiKey(ownerCtx, { name: "EHR matrix" })).key; // fresh: the action matrix revokes A's first key
    const before = await tally();
    const res = await call(key, target.id);
    if (caller === "no key" || caller === "a made-up key") expect(res.status).toBe(401);
    else if (caller === "another organization's key" && scope === "owner") {
      expect(res.status).toBe(404);
      expect((await tally()).refused).toBeGreaterThan(before.refused);
    } else expect(res.status).toBeLessThan(300);
    if (res.status >= 400) expect({ ...(await tally()), refused: 0 }).toEqual({ ...before, refused: 0 });
  });
});
