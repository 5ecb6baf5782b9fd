import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, cases } from "@/db/schema";
import { canTransition } from "@/lib/case-lifecycle";
import { CASE_STATUSES, type CaseStatus } from "@/lib/domain";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenUser, insertCaseRowForTest, givenReviewTeam, type GivenUser } from "@/test/given";
import { withTransaction } from "../context";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { lifecycleRefusal, lockCase, moveCase } from "./move-case";
import { engineContext, policyEngineViewer } from "../automation/policy-engine-actor";

let handle: DatabaseHandle;
let db: DatabaseHandle["db"];
let provider: GivenUser, nurse: GivenUser, physician: GivenUser;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  ({ provider, nurse, physician } = await givenReviewTeam(db));
});
afterAll(() => handle.close());

// moveCase is tested from every status, so the starting row is written directly: no service
// reaches all eleven statuses on demand (and walking there through them would test them, not this).
const caseAt = async (status: CaseStatus, assigneeId: string | null = null) =>
  (
    await insertCaseRowForTest(db, {
      organizationId: provider.organizationId,
      createdBy: provider.id,
      status,
      assigneeId,
    })
  ).case;
const rowOf = async (id: string) => (await db.select().from(cases).where(eq(cases.id, id)))[0]!;
const movesAudited = async (id: string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.caseId, id), eq(auditEvents.action, "test.move")));

const ALL_PAIRS = CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => [from, to] as const));
// A person's moves; the policy engine has one more (submitted → approved, automated approval).
const ALLOWED = ALL_PAIRS.filter(([from, to]) => canTransition(from, to));
const REFUSED = ALL_PAIRS.filter(([from, to]) => !canTransition(from, to));

describe("moveCase: the lifecycle table is the only way a status changes", () => {
  it("has 18 allowed moves and refuses the other 103", () => {
    expect(ALLOWED).toHaveLength(18);
    expect(REFUSED).toHaveLength(CASE_STATUSES.length ** 2 - 18);
  });

  it("lets only the policy engine approve a submitted case (automated approval)", async () => {
    const before = await caseAt("submitted");
    const ctx = ctxFor(db, physician);
    const engineMove = withTransaction(ctx, async (tx) => {
      const engine = engineContext(ctx, await policyEngineViewer(tx));
      return moveCase(engine, tx, before, { status: "approved" }, { action: "test.move", caseId: before.id });
    });
    expect(await engineMove).toMatchObject({ status: "approved", version: before.version + 1 });
    const [event] = await movesAudited(before.id);
    expect(event).toMatchObject({ actorRole: "policy_engine", details: { from: "submitted", to: "approved" } });
  });

  it.each(ALLOWED)("allows %s → %s: one version on, audited with from and to", async (from, to) => {
    const before = await caseAt(from);
    const ctx = ctxFor(db, physician);
    const after = await withTransaction(ctx, (tx) =>
      moveCase(
        ctx,
        tx,
        before,
        { status: to },
        { action: "test.move", targetType: "case", targetId: before.id, caseId: before.id },
      ),
    );
    expect(after).toMatchObject({ status: to, version: before.version + 1 });
    const events = await movesAudited(before.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ from, to });
  });

  it.each(REFUSED)("refuses %s → %s and changes nothing", async (from, to) => {
    const before = await caseAt(from);
    const ctx = ctxFor(db, physician);
    const attempt = withTransaction(ctx, (tx) =>
      moveCase(ctx, tx, before, { status: to }, { action: "test.move", caseId: before.id }),
    );
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow(lifecycleRefusal(from, to));
    expect(await rowOf(before.id)).toMatchObject({ status: from, version: before.version });
    expect(await movesAudited(before.id)).toHaveLength(0);
  });
});

describe("moveCase and lockCase: who got there first", () => {
  it("of two moves from the same read, the second learns who holds the case, and nothing of it is written", async () => {
    const before = await caseAt("submitted");
    const first = ctxFor(db, physician);
    await withTransaction(first, (tx) =>
      moveCase(
        first,
        tx,
        before,
        { status: "in_review", assigneeId: physician.id, claimedAt: new Date() },
        { action: "test.move", caseId: before.id },
      ),
    );
    const second = ctxFor(db, nurse);
    const late = withTransaction(second, (tx) =>
      moveCase(
        second,
        tx,
        before,
        { status: "in_review", assigneeId: nurse.id, claimedAt: new Date() },
        { action: "test.move", caseId: before.id },
      ),
    );
    await expect(late).rejects.toThrow(
      /^Claimed by Dr\. One at [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M ET\. Your notes are kept\.$/,
    );
    expect(await rowOf(before.id)).toMatchObject({ assigneeId: physician.id, version: before.version + 1 });
    expect(await movesAudited(before.id)).toHaveLength(1);
  });

  it("a stale version names the change; a custom message when the service gives one", async () => {
    const c = await caseAt("submitted");
    const ctx = ctxFor(db, physician);
    await expect(
      withTransaction(ctx, (tx) =>
        lockCase(ctx, tx, { caseId: c.id, version: c.version + 5 }, { action: "case.claim", statuses: ["submitted"] }),
      ),
    ).rejects.toThrow(
      'This case changed since you opened it (it is now "Submitted"). Reload to see it. Your notes are kept.',
    );
    await expect(
      withTransaction(ctx, (tx) =>
        lockCase(
          ctx,
          tx,
          { caseId: c.id, version: c.version + 5 },
          { action: "case.claim", staleVersion: "Reload, please." },
        ),
      ),
    ).rejects.toThrow("Reload, please.");
    const locked = await withTransaction(ctx, (tx) =>
      lockCase(ctx, tx, { caseId: c.id, version: c.version }, { action: "case.claim", statuses: ["submitted"] }),
    );
    expect(locked.id).toBe(c.id);
  });

  it("deciding an unclaimed case asks to claim it first; a physician-only case is refused to a nurse", async () => {
    const c = await caseAt("submitted");
    const ctx = ctxFor(db, physician);
    await expect(
      withTransaction(ctx, (tx) =>
        lockCase(
          ctx,
          tx,
          { caseId: c.id, version: c.version },
          { action: "case.approve", statuses: ["in_review"], mustHold: true },
        ),
      ),
    ).rejects.toThrow("Claim this case before deciding it.");
    const appeal = await caseAt("appeal_submitted");
    const nurseCtx = ctxFor(db, nurse);
    await expect(
      withTransaction(nurseCtx, (tx) =>
        lockCase(
          nurseCtx,
          tx,
          { caseId: appeal.id, version: appeal.version },
          { action: "case.claim", physicianRouting: true },
        ),
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a case out of the viewer's scope is a 404", async () => {
    const c = await caseAt("submitted");
    const other = await givenUser(db, "provider");
    const ctx = ctxFor(db, other);
    await expect(
      withTransaction(ctx, (tx) =>
        lockCase(ctx, tx, { caseId: c.id, version: c.version }, { action: "case.withdraw" }),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
