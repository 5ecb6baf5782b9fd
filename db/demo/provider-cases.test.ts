import { afterAll, beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { cases, evaluationSnapshots } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { seedDemoData } from "@/db/seed";
import { seedProviderDemoCases } from "./provider-cases";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle?.close());

it("seeds every pre-decision state for both organizations, with evaluation snapshots", async () => {
  const ids = await seedDemoData(handle.db, { seedCases: seedProviderDemoCases });
  for (const slug of ["northside", "lakeview"]) {
    const rows = await handle.db
      .select({ id: cases.id, status: cases.status })
      .from(cases)
      .where(eq(cases.organizationId, ids.orgs[slug]!));
    expect(new Set(rows.map((r) => r.status))).toEqual(
      new Set(["draft", "submitted", "in_review", "pending_information", "withdrawn"]),
    );
  }
  const snaps = await handle.db.select({ id: evaluationSnapshots.id }).from(evaluationSnapshots);
  expect(snaps.length).toBe(12);
});
