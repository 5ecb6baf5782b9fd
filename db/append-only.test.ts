import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "./client";
import { createTestDatabase, databaseRefusal } from "@/test/db";
import { makeUser } from "@/test/factories";
import { cases, determinationFindings, determinations } from "./schema";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe("determinations are append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE on determinations and findings", async () => {
    const provider = await makeUser(handle.db, "provider");
    const physician = await makeUser(handle.db, "physician_reviewer");
    const [c] = await handle.db
      .insert(cases)
      .values({ reference: "PA-TEST-1", organizationId: provider.organizationId, createdBy: provider.id, request: {}, status: "denied" })
      .returning();
    const [d] = await handle.db
      .insert(determinations)
      .values({ caseId: c!.id, kind: "initial", decision: "denied", reviewerId: physician.id, reviewerRole: "physician_reviewer", policyVersion: "339.7", rationale: "test", signature: "x" })
      .returning();
    await handle.db.insert(determinationFindings).values({ determinationId: d!.id, criterionId: "c1", status: "not_met", citationAnchor: "a", citationQuote: "q", evidence: [] });

    expect(await databaseRefusal(handle.db.execute(sql`update determinations set decision = 'approved'`))).toMatch(/append-only/);
    expect(await databaseRefusal(handle.db.execute(sql`delete from determinations`))).toMatch(/append-only/);
    expect(await databaseRefusal(handle.db.execute(sql`truncate determinations cascade`))).toMatch(/append-only/);
    expect(await databaseRefusal(handle.db.execute(sql`update determination_findings set status = 'met'`))).toMatch(/append-only/);
    expect(await databaseRefusal(handle.db.execute(sql`delete from determination_findings`))).toMatch(/append-only/);
    const [still] = await handle.db.select().from(determinations);
    expect(still!.decision).toBe("denied");
  });
});
