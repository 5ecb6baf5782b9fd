import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { caseEscalations, cases, determinations, reviewDrafts } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { seedDemoCases } from "@/db/demo-cases";
import { verifyAuditChain } from "@/db/audit-chain";
import { createTestDatabase } from "@/test/db";
import { REVIEWER_DEMO } from "./reviewer-cases";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db, { seedCases: seedDemoCases });
}, 120_000);
afterAll(async () => handle.close());

describe("reviewer demo cases", () => {
  it("cover every reviewer state, with signed determinations and an intact audit chain", async () => {
    const rows = await handle.db.select().from(cases);
    const statuses = new Set(rows.map((r) => r.status));
    for (const s of ["submitted", "in_review", "pending_information", "approved", "denied", "appeal_submitted"])
      expect(statuses).toContain(s);
    expect(rows.some((r) => r.physicianOnly && r.escalatedAt)).toBe(true);
    // The escalation reason is in the append-only escalations table, never in a reviewer's draft.
    const [escalatedCase] = rows.filter((r) => r.reference === REVIEWER_DEMO.escalated);
    const escalations = await handle.db
      .select()
      .from(caseEscalations)
      .where(eq(caseEscalations.caseId, escalatedCase!.id));
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.reason).toMatch(/Life expectancy/);
    const drafts = await handle.db.select().from(reviewDrafts);
    expect(drafts.some((d) => "escalationReason" in d.content)).toBe(false);
    expect(rows.some((r) => r.engineOutcome === "not_addressed_by_policy")).toBe(true);
    expect(rows.some((r) => r.dueAt && r.dueAt < new Date() && r.status === "submitted")).toBe(true);
    const [appeal] = rows.filter((r) => r.reference === REVIEWER_DEMO.appeal);
    expect(appeal!.status).toBe("appeal_submitted");
    const ds = await handle.db.select().from(determinations).where(eq(determinations.caseId, appeal!.id));
    expect(ds).toHaveLength(1);
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });
});
