import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { count, inArray } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { attachments, auditEvents, cases, determinations } from "@/db/schema";
import { verifyAuditChain } from "@/db/audit-chain";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenProviderOrg, givenUser, givenSubmittedCase } from "@/test/given";
import { createApiKey } from "@/lib/server/api-keys/create-api-key";
import type { ServiceContext } from "./context";

/**
 * Malformed, oversized, wrongly typed and hostile values against the JSON API and the server
 * actions: every answer is a clear refusal (4xx / a non-internal error code), never a 5xx, and the
 * database is unchanged (row counts; the audit chain still verifies).
 */
let current: ServiceContext | null = null;
vi.mock("@/lib/server/viewer", () => ({ serviceContext: async () => current }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const RUNS = 150;
let inputs = 0;
let handle: DatabaseHandle;
let apiKey: string;
let provider: ServiceContext;
let physician: ServiceContext;
let caseId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
  // The limiter would answer 429 to a fuzzer long before it ran out of inputs.
  const { createLimiter } = await import("./rate-limit");
  ((globalThis as unknown as { __limiters?: Map<string, unknown> }).__limiters ??= new Map()).set(
    "api",
    createLimiter({ name: "fuzz", points: 1_000_000, durationSeconds: 60, store: { kind: "memory" } }),
  );
  const org = await givenProviderOrg(handle.db);
  provider = ctxFor(handle.db, await givenUser(handle.db, "provider", { organizationId: org.id }));
  physician = ctxFor(handle.db, await givenUser(handle.db, "physician_reviewer"));
  apiKey = (await createApiKey(provider, { name: "fuzz" })).key;
  caseId = (await givenSubmittedCase(provider.db, { provider: provider })).case.id;
});
afterAll(async () => {
  console.log(`fuzzing: ${inputs} inputs ran`);
  await handle?.close();
});

const tally = async () => {
  const rows = await Promise.all(
    [cases, determinations, attachments].map(async (t) => (await handle.db.select({ n: count() }).from(t))[0]!.n),
  );
  return rows;
};

// Hostile strings and values mixed into arbitrary JSON.
const hostile = fc.oneof(
  fc.constantFrom(
    "'; drop table cases; --",
    "<script>alert(1)</script>",
    "\u202e\u0000\uffff",
    "../../etc/passwd",
    "NaN",
    "1e309",
    "__proto__",
    "constructor",
    "9".repeat(400),
  ),
  fc.string({ maxLength: 2000 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: "small" },
    hostile,
    fc.array(tie("any"), { maxLength: 5 }),
    fc.dictionary(
      fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.constantFrom("__proto__", "member", "request", "clinical", "cptCodes", "memberId", "caseId", "version"),
      ),
      tie("any"),
      { maxKeys: 6 },
    ),
  ),
})).any;
// Values shaped like the real inputs, with hostile leaves.
const shaped = fc.record(
  {
    memberId: value,
    memberName: value,
    caseId: fc.oneof(fc.constant(undefined), fc.uuid(), value),
    version: value,
    request: fc.oneof(value, fc.record({ member: value, request: value, clinical: value })),
  },
  { requiredKeys: [] },
);

describe("fuzzing the JSON API", () => {
  for (const [path, load] of [
    ["/api/v1/evaluate", () => import("@/app/api/v1/evaluate/route")],
    ["/api/v1/cases", () => import("@/app/api/v1/cases/route")],
  ] as const) {
    it(`POST ${path}: every malformed body is a 4xx, nothing is stored`, async () => {
      const route = await load();
      const before = await tally();
      await fc.assert(
        fc.asyncProperty(fc.oneof(value, shaped), fc.boolean(), async (body, asText) => {
          inputs++;
          const text = asText ? String(JSON.stringify(body) ?? "").slice(0, -1) : JSON.stringify(body ?? null);
          const res = await route.POST(
            new Request(`http://localhost${path}`, {
              method: "POST",
              headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
              body: text,
            }),
            { params: Promise.resolve({}) },
          );
          fc.pre(res.status >= 300); // a body that happens to be valid is not a case of this property
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          const answer = await res.json();
          expect(answer.error.message.length).toBeGreaterThan(5);
        }),
        { numRuns: RUNS },
      );
      if (path === "/api/v1/evaluate") expect(await tally()).toEqual(before);
    });
  }

  it("GET /api/v1/cases/{id} with hostile ids: 4xx", async () => {
    const route = await import("@/app/api/v1/cases/[id]/route");
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.uuid()), async (id) => {
        inputs++;
        const res = await route.GET(
          new Request(`http://localhost/api/v1/cases/x`, { headers: { authorization: `Bearer ${apiKey}` } }),
          { params: Promise.resolve({ id }) },
        );
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("fuzzing the server actions", () => {
  it("every action, as the provider and as a physician, answers arbitrary input with a clear refusal and changes nothing", async () => {
    const caseActions = await import("@/app/(app)/cases/actions");
    const reviewActions = await import("@/app/(app)/review/[caseId]/actions");
    const keyActions = await import("@/app/(app)/settings/api-keys/actions");
    const actions = Object.entries({ ...caseActions, ...reviewActions, ...keyActions }).filter(
      ([, f]) => typeof f === "function",
    ) as [string, (i: unknown) => Promise<{ ok: boolean; code?: string; message?: string; data?: { id?: string } }>][];
    const before = await tally();
    const drafts = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...actions),
        fc.constantFrom(provider, physician),
        fc.oneof(
          value,
          shaped,
          shaped.map((s) => ({ ...s, caseId })),
        ),
        async ([name, action], who, input) => {
          inputs++;
          current = who;
          const result = await action(input);
          if (result.ok && name === "saveDraftAction") drafts.add(result.data!.id!);
          // Only reads and a provider's draft may succeed on arbitrary input; a refusal explains itself.
          const acceptable = result.ok
            ? ["searchCasesAction", "saveDraftAction", "createApiKeyAction"].includes(name)
            : result.code !== "INTERNAL" && result.message!.length > 5;
          expect(acceptable, `${name} answered ${JSON.stringify(result)}`).toBe(true);
        },
      ),
      // One valid draft as a known case: it must be the only kind of row the run adds.
      {
        numRuns: RUNS * 4,
        examples: [
          [actions.find(([name]) => name === "saveDraftAction")!, provider, { memberName: "Fuzz Draft", request: {} }],
        ],
      },
    );
    const [c0, d0, a0] = before;
    const [c1, d1, a1] = await tally();
    expect(d1).toBe(d0);
    expect(a1).toBe(a0);
    // The only rows added are the drafts the fuzzer saved, and they are still drafts.
    expect(c1! - c0!).toBe(drafts.size);
    expect(drafts.size).toBeGreaterThanOrEqual(1);
    expect(
      (
        await handle.db
          .select({ status: cases.status })
          .from(cases)
          .where(inArray(cases.id, [...drafts]))
      ).filter((c) => c.status === "draft"),
    ).toHaveLength(drafts.size);
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
    const { n } = (await handle.db.select({ n: count() }).from(auditEvents))[0]!;
    expect(n).toBeGreaterThan(0);
  });
});
