import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle, Db } from "@/db/client";
import { users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenPlanOrg, givenUser } from "@/test/given";
import { ValidationError } from "../errors";
import { listAccounts, setUserActive } from "./accounts";

let handle: DatabaseHandle;
let db: Db;
let admin: typeof users.$inferSelect;
let admin2: typeof users.$inferSelect;
beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  const plan = await givenPlanOrg(db);
  admin = await givenUser(db, "admin", { organizationId: plan.id, name: "Ada Admin" });
  admin2 = await givenUser(db, "admin", { organizationId: plan.id, name: "Bea Boss" });
});
afterAll(async () => handle?.close());

describe("listAccounts: search", () => {
  it("finds by part of the name or the email, in any case; % and _ match only themselves", async () => {
    const plan = await givenPlanOrg(db);
    const nora = await givenUser(db, "nurse_reviewer", {
      organizationId: plan.id,
      name: "Nora Nightingale",
      email: "nora.n@plan.example",
    });
    const percy = await givenUser(db, "physician_reviewer", {
      organizationId: plan.id,
      name: "Percy 100% Sure",
      email: "percy_s@plan.example",
    });
    const ctx = ctxFor(db, admin);
    const ids = async (q: string) => (await listAccounts(ctx, { q })).map((u) => u.id);
    expect(await ids("NIGHTIN")).toEqual([nora.id]);
    expect(await ids("nora.n@plan")).toEqual([nora.id]);
    expect(await ids("100%")).toEqual([percy.id]);
    expect(await ids("y_s")).toEqual([percy.id]);
    expect(await ids("_")).toEqual([percy.id]);
    expect(await ids("nobody-has-this")).toEqual([]);
    // No search (or only spaces): everyone.
    expect((await ids("  ")).length).toBeGreaterThanOrEqual(4);
    expect((await listAccounts(ctx)).length).toBeGreaterThanOrEqual(4);
  });

  it("refuses a search longer than 100 characters with a plain message", async () => {
    const err = await listAccounts(ctxFor(db, admin), { q: "x".repeat(101) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues?.[0]?.message).toBe("Search with at most 100 characters.");
  });
});

describe("listAccounts: deactivated accounts", () => {
  it("says when and by whom, from the latest deactivation (not an earlier one undone since)", async () => {
    const plan = await givenPlanOrg(db);
    const nurse = await givenUser(db, "nurse_reviewer", { organizationId: plan.id, email: "dee@plan.example" });
    await setUserActive(ctxFor(db, admin), { userId: nurse.id, active: false });
    await setUserActive(ctxFor(db, admin), { userId: nurse.id, active: true });
    await setUserActive(ctxFor(db, admin2), { userId: nurse.id, active: false });

    const [row] = await listAccounts(ctxFor(db, admin), { q: "dee@plan.example" });
    expect(row!.active).toBe(false);
    expect(row!.deactivated?.by).toBe("Bea Boss");
    expect(row!.deactivated?.at).toBeInstanceOf(Date);

    // Active again: no deactivation shown.
    await setUserActive(ctxFor(db, admin), { userId: nurse.id, active: true });
    const [again] = await listAccounts(ctxFor(db, admin), { q: "dee@plan.example" });
    expect(again!.deactivated).toBeNull();
  });

  it("leaves when and by whom empty for an account created deactivated (no event to read)", async () => {
    const plan = await givenPlanOrg(db);
    await givenUser(db, "auditor", { organizationId: plan.id, email: "never@plan.example", active: false });
    const [row] = await listAccounts(ctxFor(db, admin), { q: "never@plan.example" });
    expect(row!.active).toBe(false);
    expect(row!.deactivated).toBeNull();
  });
});
