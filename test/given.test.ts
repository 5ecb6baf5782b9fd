// The factories themselves: each state is the one it names, and every determination they make
// (through the decision services, or signDetermination for the auditor's fixed set) verifies
// exactly as `npm run audit:verify` checks it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { appeals, auditEvents, determinations } from "@/db/schema";
import { verifyDeterminationSignatures } from "@/lib/audit/determination-signatures";
import type { ServiceContext } from "@/lib/server/context";
import { createTestDatabase } from "./db";
import { givenAuditorSet } from "./auditor-fixtures";
import {
  ctxFor,
  givenApprovedCase,
  givenAppealedCase,
  givenDecidedAppeal,
  givenDeniedCase,
  givenPendedCase,
  givenReviewTeam,
  givenSubmittedCase,
} from "./given";

let handle: DatabaseHandle;
let nurse: ServiceContext, physician: ServiceContext, physician2: ServiceContext;

beforeAll(async () => {
  handle = await createTestDatabase();
  const team = await givenReviewTeam(handle.db);
  [nurse, physician, physician2] = [
    ctxFor(handle.db, team.nurse),
    ctxFor(handle.db, team.physician),
    ctxFor(handle.db, team.physician2),
  ];
});
afterAll(() => handle?.close());

const actionsOf = async (caseId: string) =>
  (
    await handle.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.caseId, caseId))
      .orderBy(asc(auditEvents.seq))
  ).map((e) => e.action);

describe("given* states", () => {
  it("are reached through the services, with their audit events", async () => {
    const submitted = await givenSubmittedCase(handle.db);
    expect(submitted.case).toMatchObject({ status: "submitted", assigneeId: null, version: 1 });
    expect(submitted.snapshot.caseId).toBe(submitted.case.id);
    expect(await actionsOf(submitted.case.id)).toEqual(["case.submit"]);

    const pended = await givenPendedCase(nurse);
    expect(pended.case).toMatchObject({ status: "pending_information", assigneeId: nurse.viewer.userId });
    expect(await actionsOf(pended.case.id)).toEqual(["case.submit", "case.claim", "case.pend"]);

    const appealed = await givenAppealedCase(physician);
    expect(appealed.case).toMatchObject({ status: "appeal_submitted", assigneeId: null });
    const [appeal] = await handle.db.select().from(appeals).where(eq(appeals.id, appealed.appealId));
    expect(appeal!.deniedDeterminationId).toBe(appealed.determinationId);
    expect(await actionsOf(appealed.case.id)).toEqual(["case.submit", "case.claim", "case.deny", "case.appeal"]);
  });
});

describe("determinations made by the factories", () => {
  it("all carry a signature that verifies, and the count covers every factory", async () => {
    const before = (await handle.db.select({ id: determinations.id }).from(determinations)).length;
    const approved = await givenApprovedCase(nurse);
    const denied = await givenDeniedCase(physician);
    const overturned = await givenDecidedAppeal(physician, physician2);
    const upheld = await givenDecidedAppeal(physician, physician2, { decision: "appeal_upheld" });
    await givenAuditorSet(handle.db);

    expect(approved.case.status).toBe("approved");
    expect(denied.case.status).toBe("denied");
    expect(overturned.case.status).toBe("appeal_overturned");
    expect(upheld.case.status).toBe("appeal_upheld");
    const [appealDecision] = await handle.db
      .select()
      .from(determinations)
      .where(eq(determinations.id, overturned.determinationId));
    expect(appealDecision).toMatchObject({
      kind: "appeal",
      supersedesId: overturned.deniedDeterminationId,
      reviewerId: physician2.viewer.userId,
    });

    // 1 approval + 1 denial + 2 × (denial + appeal decision) + the auditor set's 7.
    const all = await handle.db.select({ id: determinations.id }).from(determinations);
    expect(all).toHaveLength(before + 1 + 1 + 4 + 7);
    expect(await verifyDeterminationSignatures(handle.db)).toEqual({ ok: true, checked: all.length });
  });
});
