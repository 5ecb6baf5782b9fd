import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenProviderOrg, givenUser, insertCaseRowForTest } from "@/test/given";
import { documentedRequest } from "@/lib/policy/fixtures";
import { ForbiddenError, ValidationError } from "../errors";
import { listReviewQueue } from "./list-review-queue";

let handle: DatabaseHandle;
let nurse: Awaited<ReturnType<typeof givenUser>>;
let physician: Awaited<ReturnType<typeof givenUser>>;
const ids: Record<string, string> = {};
const NOW = new Date("2026-03-11T12:00:00Z");

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  const org = await givenProviderOrg(db);
  const provider = await givenUser(db, "provider", { organizationId: org.id });
  nurse = await givenUser(db, "nurse_reviewer");
  physician = await givenUser(db, "physician_reviewer");
  const make = async (
    name: string,
    opts: {
      submittedAt: string;
      urgency?: "standard" | "expedited";
      indication?: "spasticity";
      lob?: "medicare_advantage";
      assignee?: string;
      status?: "in_review";
    },
  ) => {
    const request = documentedRequest(opts.indication ?? "chronic_nonmalignant_pain", "trial");
    request.request.urgency = opts.urgency ?? "standard";
    if (opts.lob) request.member.lineOfBusiness = opts.lob;
    // Fixed past submission times (no service backdates a submission): a raw row.
    const made = await insertCaseRowForTest(db, {
      organizationId: org.id,
      createdBy: provider.id,
      request,
      submittedAt: new Date(opts.submittedAt),
      assigneeId: opts.assignee,
      status: opts.status,
    });
    ids[name] = made.case.id;
  };
  // Across the 2026-03-08 spring-forward in New York: a standard case submitted 10:00 EST on
  // 03-05 is due 10:00 EDT on 03-12 (14:00Z, 167 h later), before an expedited case due 14:30Z.
  await make("standardAcrossDst", { submittedAt: "2026-03-05T15:00:00Z" });
  await make("expedited", { submittedAt: "2026-03-09T14:30:00Z", urgency: "expedited" });
  await make("overdue", { submittedAt: "2026-03-01T12:00:00Z" });
  await make("spasticityMine", {
    submittedAt: "2026-03-06T12:00:00Z",
    indication: "spasticity",
    assignee: nurse.id,
    status: "in_review",
  });
  await make("notAddressed", { submittedAt: "2026-03-06T13:00:00Z", lob: "medicare_advantage" });
  for (let i = 0; i < 7; i++) await make(`bulk${i}`, { submittedAt: `2026-03-10T0${i}:00:00Z` });
});
afterAll(async () => handle.close());

const ref = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0];

describe("the review queue", () => {
  it("orders by due time, counting calendar days on the plan's clock across daylight saving", async () => {
    const { rows } = await listReviewQueue(ctxFor(handle.db, nurse), { limit: 100 }, NOW);
    const order = rows.map((r) => ref(r.id));
    expect(order.slice(0, 4)).toEqual(["overdue", "standardAcrossDst", "expedited", "spasticityMine"]);
    expect(rows.find((r) => r.id === ids.standardAcrossDst)!.dueAt.toISOString()).toBe("2026-03-12T14:00:00.000Z");
    expect(order).not.toContain("notAddressed");
  });

  it("filters: urgency, indication, assigned to me, unassigned, overdue", async () => {
    const ctx = ctxFor(handle.db, nurse);
    const names = async (f: object) => (await listReviewQueue(ctx, f, NOW)).rows.map((r) => ref(r.id));
    expect(await names({ urgency: "expedited" })).toEqual(["expedited"]);
    expect(await names({ indication: "spasticity" })).toEqual(["spasticityMine"]);
    expect(await names({ assigned: "me" })).toEqual(["spasticityMine"]);
    expect(await names({ assigned: "unassigned", overdue: true })).toEqual(["overdue"]);
    expect(await names({ status: "in_review" })).toEqual(["spasticityMine"]);
    expect(await names({ assigned: "unassigned", overdue: "true" })).toEqual(["overdue"]);
    expect((await names({ overdue: "false" })).length).toBe(11);
    const mine = (await listReviewQueue(ctx, { assigned: "me" }, NOW)).rows[0]!;
    expect(mine.assigneeName).toBe(nurse.name);
  });

  it("pages by keyset without gaps or repeats", async () => {
    const ctx = ctxFor(handle.db, nurse);
    const all = (await listReviewQueue(ctx, { limit: 100 }, NOW)).rows.map((r) => r.id);
    const paged: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listReviewQueue(ctx, { limit: 3, after }, NOW);
      paged.push(...page.rows.map((r) => r.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(paged).toEqual(all);
    expect(all).toHaveLength(11);
  });

  it("the physician-only view holds cases the policy does not address; nurses may not open it", async () => {
    const rows = (await listReviewQueue(ctxFor(handle.db, physician), { view: "physician" }, NOW)).rows;
    expect(rows.map((r) => ref(r.id))).toEqual(["notAddressed"]);
    await expect(listReviewQueue(ctxFor(handle.db, nurse), { view: "physician" }, NOW)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it("bad filters are refused with a message", async () => {
    await expect(listReviewQueue(ctxFor(handle.db, nurse), { urgency: "urgent" }, NOW)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(listReviewQueue(ctxFor(handle.db, nurse), { after: "yesterday" }, NOW)).rejects.toThrow(
      /page link is not valid/,
    );
  });

  it("a crafted page link is a message, never a database error", async () => {
    const ctx = ctxFor(handle.db, nurse);
    const id = ids.overdue!;
    for (const after of [
      `2026-13-01T00:00Z_${id}`,
      `2026-13-01T00:00:00.000Z_${id}`,
      `2026-02-30T00:00:00.000Z_${id}`,
      `2026-01-01T:Z_${id}`,
      `2026-01-01T25:00:00Z_${id}`,
      `2026-03-12T14:00:00.000Z_${"-".repeat(36)}`,
      `2026-03-12T14:00:00.000Z_${"g".repeat(8)}-aaaa-4aaa-8aaa-${"a".repeat(12)}`,
      "2026-03-12T14:00:00.000Z",
    ]) {
      const err = await listReviewQueue(ctx, { after }, NOW).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, after).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).message, after).toMatch(/page link is not valid/);
    }
    // A cursor as the queue writes it still works.
    const first = await listReviewQueue(ctx, { limit: 2 }, NOW);
    expect(first.nextCursor).not.toBeNull();
    const next = await listReviewQueue(ctx, { limit: 2, after: first.nextCursor! }, NOW);
    expect(next.rows).toHaveLength(2);
  });
});
