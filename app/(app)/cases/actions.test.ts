import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { count, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { cases } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { cnmpTrialRequest, ctxFor, givenProviderOrg, givenUser } from "@/test/given";
import type { ServiceContext } from "@/lib/server/context";
import { submitCase } from "@/lib/server/cases/submit-case";
import { parseInput } from "@/lib/server/parse-input";
import { submitCaseFormInput } from "@/lib/validation/case-input";

let provider: ServiceContext;
vi.mock("@/lib/server/viewer", () => ({ serviceContext: async () => provider }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
const { submitCaseAction } = await import("./actions");

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  const org = await givenProviderOrg(handle.db);
  provider = ctxFor(handle.db, await givenUser(handle.db, "provider", { organizationId: org.id }));
});
afterAll(() => handle?.close());

const caseCount = async () =>
  (
    await handle.db.select({ n: count() }).from(cases).where(eq(cases.organizationId, provider.viewer.organizationId))
  )[0]!.n;
const MEMBER_REFUSAL = "Enter the member’s ID and name before submitting.";

describe("submitting from the web form", () => {
  it.each([
    ["both missing", {}, ["memberId", "memberName"]],
    ["a blank ID", { memberId: "   ", memberName: "Pat Example" }, ["memberId"]],
    ["a name that is not text", { memberId: "N-10001", memberName: 42 }, ["memberName"]],
  ])("refuses %s with the form's message, naming the fields, and saves nothing", async (_what, member, paths) => {
    const before = await caseCount();
    const result = await submitCaseAction({ request: cnmpTrialRequest(), ...member });
    expect(result).toEqual({
      ok: false,
      code: "INVALID_INPUT",
      message: MEMBER_REFUSAL,
      issues: paths.map((path) => ({ path, message: "is required" })),
    });
    expect(await caseCount()).toBe(before);
  });

  it("the refusal is the web form's schema's: parsed alone it says the same", () => {
    expect(() => parseInput(submitCaseFormInput, { request: cnmpTrialRequest(), memberId: "N-10001" })).toThrow(
      expect.objectContaining({
        code: "INVALID_INPUT",
        userMessage: MEMBER_REFUSAL,
        issues: [{ path: "memberName", message: "is required" }],
      }),
    );
  });

  it("a member ID over 64 characters is refused by its length, not as missing", async () => {
    const result = await submitCaseAction({
      request: cnmpTrialRequest(),
      memberId: "N".repeat(65),
      memberName: "Pat Example",
    });
    expect(result).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      issues: [{ path: "memberId", message: "must be at most 64 characters" }],
    });
    expect((result as { message: string }).message).not.toBe(MEMBER_REFUSAL);
  });

  it("submits with the member named; the API's FORMAT body, without member fields, is still accepted by the service", async () => {
    const result = await submitCaseAction({
      request: cnmpTrialRequest(),
      memberId: " N-10001 ",
      memberName: "Pat Example",
    });
    expect(result).toMatchObject({ ok: true, data: { created: true } });
    const [row] = await handle.db
      .select({ memberId: cases.memberId })
      .from(cases)
      .where(eq(cases.id, (result as { data: { id: string } }).data.id));
    expect(row!.memberId).toBe("N-10001");
    expect((await submitCase(provider, { request: cnmpTrialRequest() })).created).toBe(true);
  });
});
