import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { cases, determinations } from "@/db/schema";
import { createTestDatabase, onPostgres } from "@/test/db";
import { ctxFor, findingsFor, givenClaimedCase, givenSubmittedCase, givenUser } from "@/test/given";
import { ConflictError } from "../errors";
import { approveCase } from "./approve-case";
import { claimCase } from "./claim-case";
import { denyCase } from "./deny-case";

// On PostgreSQL these calls really race on separate connections; on PGlite (one connection) they
// serialize. Either way exactly one may win.
let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle.close());

describe(`concurrent decisions (${onPostgres() ? "PostgreSQL" : "PGlite"})`, () => {
  it("50 concurrent approve/deny calls on one case make exactly one determination", async () => {
    const db = handle.db;
    const physician = await givenUser(db, "physician_reviewer");
    const made = await givenClaimedCase(ctxFor(db, physician));
    const claim = { version: made.case.version };
    const approve = {
      caseId: made.case.id,
      version: claim.version,
      findings: findingsFor(made.result),
      rationale: "Every criterion is met.",
    };
    const deny = {
      caseId: made.case.id,
      version: claim.version,
      findings: findingsFor(made.result, { "cnmp.trial.etiology": { status: "not_met" } }),
      rationale: "The etiology of the pain is not documented.",
    };
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 ? approveCase(ctxFor(db, physician), approve) : denyCase(ctxFor(db, physician), deny),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(ConflictError);
      expect((r.reason as Error).message).toMatch(/Decided by/);
    }
    expect(await db.select().from(determinations).where(eq(determinations.caseId, made.case.id))).toHaveLength(1);
    const [after] = await db.select().from(cases).where(eq(cases.id, made.case.id));
    expect(after!.version).toBe(claim.version + 1);
  });

  it("of 20 reviewers claiming one case at once, exactly one gets it and the others learn who", async () => {
    const db = handle.db;
    const made = await givenSubmittedCase(db);
    const reviewers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => givenUser(db, i % 2 ? "nurse_reviewer" : "physician_reviewer")),
    );
    const results = await Promise.allSettled(
      reviewers.map((r) => claimCase(ctxFor(db, r), { caseId: made.case.id, version: made.case.version })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [after] = await db.select().from(cases).where(eq(cases.id, made.case.id));
    const winner = reviewers.find((r) => r.id === after!.assigneeId)!;
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(lost).toHaveLength(19);
    for (const r of lost) expect((r.reason as Error).message).toContain(`Claimed by ${winner.name}`);
  });
});
