import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq, sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, caseCriteriaNotMet, cases } from "@/db/schema";
import { createTestDatabase, databaseRefusal } from "@/test/db";
import { ctxFor, findingsFor, givenAppealedCase, givenReviewTeam, givenUser } from "@/test/given";
import { C1, C2, givenAuditorSet } from "@/test/auditor-fixtures";
import { claimCase } from "../review/claim-case";
import { decideAppeal } from "../review/decide-appeal";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { listHistory } from "./list-history";
import { exportHistoryCsv } from "./export-history";
import { getCaseTimeline } from "./case-timeline";

let handle: DatabaseHandle;
let set: Awaited<ReturnType<typeof givenAuditorSet>>;
let auditor: Awaited<ReturnType<typeof givenUser>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  set = await givenAuditorSet(handle.db);
  auditor = await givenUser(handle.db, "auditor");
});
afterAll(async () => {
  await handle.close();
});

const keysOf = async (filter: Record<string, string>) => {
  const byId = Object.fromEntries(Object.entries(set.ids).map(([k, id]) => [id, k]));
  return (await listHistory(ctxFor(handle.db, auditor), filter)).rows.map((r) => byId[r.id]);
};
const lastEvent = async (action: string) =>
  (
    await handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, action))
      .orderBy(desc(auditEvents.seq))
      .limit(1)
  )[0];

describe("decision history", () => {
  it("lists every submitted case, newest decision first, undecided last", async () => {
    const keys = await keysOf({});
    expect(keys.slice(0, 6)).toEqual(["C", "E", "B", "H", "A", "D"]);
    expect(keys.slice(6).sort()).toEqual(["F", "G"]);
  });

  it("applies each filter", async () => {
    expect(await keysOf({ outcome: "denied" })).toEqual(["C", "B"]);
    expect(await keysOf({ late: "1" })).toEqual(["C", "E"]);
    expect(await keysOf({ disagreed: "1" })).toEqual(["C", "D"]);
    expect(await keysOf({ overturned: "1" })).toEqual(["E"]);
    expect(await keysOf({ reviewer: set.reviewers.P2.id })).toEqual(["E"]);
    expect(await keysOf({ criterion: C2 })).toEqual(["C", "E", "B"]);
    expect(await keysOf({ urgency: "expedited" })).toEqual(["E", "D"]);
    expect(await keysOf({ engine: "meets_criteria", org: set.org1.id })).toEqual(["C", "A"]);
    // Whole days in New York: D was decided on 2 March at 19:00 there, A and H on 3 March.
    expect(await keysOf({ from: "2026-03-03", to: "2026-03-03" })).toEqual(["H", "A"]);
    expect(await keysOf({ outcome: "open" })).toEqual(["F"]);
  });

  it("pages by keyset over every case exactly once", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await listHistory(ctxFor(handle.db, auditor), after ? { after } : {}, 3);
      seen.push(...page.rows.map((r) => r.id));
      after = page.next ?? undefined;
    } while (after);
    expect(seen).toEqual((await listHistory(ctxFor(handle.db, auditor), {})).rows.map((r) => r.id));
  });

  it("refuses bad filters with a message per field and lists nothing", async () => {
    const before = (await handle.db.select().from(auditEvents)).length;
    const bad = await listHistory(ctxFor(handle.db, auditor), { outcome: "maybe", org: "x" }).catch((e) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).issues).toEqual([
      { path: "outcome", message: "is not one of the listed choices" },
      { path: "org", message: "must be an organization from the list" },
    ]);
    const reversed = await listHistory(ctxFor(handle.db, auditor), { from: "2026-03-05", to: "2026-03-01" }).catch(
      (e) => e,
    );
    expect((reversed as ValidationError).issues).toEqual([
      { path: "to", message: "must not be before the start date" },
    ]);
    expect((await handle.db.select().from(auditEvents)).length).toBe(before); // nothing listed, nothing recorded as a view
  });

  it("audits each view with its filter", async () => {
    await listHistory(ctxFor(handle.db, auditor), { late: "1" });
    expect(await lastEvent("history.list")).toMatchObject({
      actorId: auditor.id,
      outcome: "ok",
      details: expect.objectContaining({ filter: { late: "1" } }),
    });
  });

  it("is closed to providers and reviewers (403, audited)", async () => {
    for (const user of [set.providers.p1, set.reviewers.N1, set.reviewers.P1]) {
      await expect(listHistory(ctxFor(handle.db, user), {})).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getCaseTimeline(ctxFor(handle.db, user), set.ids.A!)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(exportHistoryCsv(ctxFor(handle.db, user), {})).rejects.toBeInstanceOf(ForbiddenError);
      const [refusal] = await handle.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorId, user.id), eq(auditEvents.outcome, "refused")))
        .orderBy(desc(auditEvents.seq))
        .limit(1);
      expect(refusal?.action).toBe("audit.export");
    }
  });
});

describe("CSV export", () => {
  it("streams the filtered set with a header, and is audited with its filter", async () => {
    const stream = await exportHistoryCsv(ctxFor(handle.db, auditor), {
      outcome: "denied",
      after: "open_00000000-0000-0000-0000-000000000000",
    });
    const text = await new Response(stream).text();
    const lines = text.trim().split("\n");
    expect(lines[0]).toBe(
      "reference,organization,indication,phase,urgency,engine_outcome,status,reviewers,submitted_at,due_at,decided_at,timeliness,appeal_outcome",
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("Alpha Pain Clinic");
    expect(lines[1]).toMatch(
      /,Denied,Paul Physician,2026-03-02T14:00:00.000Z,2026-03-09T14:00:00.000Z,2026-03-10T22:00:00.000Z,late,$/,
    );
    expect(await lastEvent("history.export")).toMatchObject({
      actorId: auditor.id,
      details: expect.objectContaining({ filter: { outcome: "denied" }, format: "csv" }),
    });
  });
});

describe("case timeline", () => {
  it("shows the case's records and events in order, signatures recomputed, refusals included, and audits the view", async () => {
    // A provider of the other organization tries to open E: refused, and it shows on the timeline.
    const outsider = await givenUser(handle.db, "provider", { organizationId: set.org1.id });
    const { getCaseInScope } = await import("../cases/get-case-in-scope");
    await expect(getCaseInScope(ctxFor(handle.db, outsider), set.ids.E!)).rejects.toBeInstanceOf(NotFoundError);
    const { case: c, entries } = await getCaseTimeline(ctxFor(handle.db, auditor), set.ids.E!);
    expect(c.status).toBe("appeal_overturned");
    const decisions = entries.filter((e) => e.kind === "determination");
    expect(decisions.map((d) => [d.decision, d.signatureValid])).toEqual([
      ["denied", true],
      ["appeal_overturned", true],
    ]);
    expect(decisions[0]!.findings.map((f) => f.citationAnchor).every(Boolean)).toBe(true);
    expect(entries[0]!.kind).toBe("snapshot");
    for (let i = 1; i < entries.length; i++)
      expect(entries[i]!.at.getTime()).toBeGreaterThanOrEqual(entries[i - 1]!.at.getTime());
    expect(entries.some((e) => e.kind === "event" && e.outcome === "refused" && e.who === outsider.name)).toBe(true);
    expect(await lastEvent("history.case_view")).toMatchObject({ actorId: auditor.id, caseId: set.ids.E });
  });

  it("answers an unknown or malformed case with an audited 404", async () => {
    await expect(
      getCaseTimeline(ctxFor(handle.db, auditor), "00000000-0000-4000-8000-000000000000"),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(getCaseTimeline(ctxFor(handle.db, auditor), "not-a-case")).rejects.toBeInstanceOf(NotFoundError);
    expect(await lastEvent("history.case_view")).toMatchObject({ outcome: "refused" });
  });
});

describe("criterion found not met", () => {
  it("pages by keyset over the matching cases exactly once, in decision order", async () => {
    const byId = Object.fromEntries(Object.entries(set.ids).map(([k, id]) => [id, k]));
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await listHistory(
        ctxFor(handle.db, auditor),
        after ? { criterion: C2, after } : { criterion: C2 },
        1,
      );
      seen.push(...page.rows.map((r) => byId[r.id]!));
      after = page.next ?? undefined;
    } while (after);
    expect(seen).toEqual(["C", "E", "B"]);
    expect((await listHistory(ctxFor(handle.db, auditor), { criterion: C2, after: `open_${set.ids.F}` })).rows).toEqual(
      [],
    );
  });

  it("counts initial and appeal findings, written by the database with each decision; the case once, at its latest decision time", async () => {
    const db = handle.db;
    const team = await givenReviewTeam(db);
    const denier = ctxFor(db, team.physician);
    const appealer = ctxFor(db, team.physician2);
    const appealed = await givenAppealedCase(denier, { findings: { [C1]: { status: "not_met" } } });
    const claim = await claimCase(appealer, { caseId: appealed.case.id, version: appealed.case.version });
    await decideAppeal(appealer, {
      caseId: appealed.case.id,
      version: claim.version,
      decision: "appeal_upheld",
      findings: findingsFor(appealed.result, { [C2]: { status: "not_met" } }),
      rationale: "The records on appeal still leave the therapy undocumented.",
    });
    const [decided] = await db.select().from(cases).where(eq(cases.id, appealed.case.id));
    // Found not met at the denial (C1) and only on appeal (C2): listed under both, once, at the appeal's time.
    for (const criterion of [C1, C2]) {
      const rows = (await listHistory(ctxFor(db, auditor), { criterion })).rows.filter((r) => r.id === decided!.id);
      expect(rows.map((r) => r.decidedAt)).toEqual([decided!.decidedAt]);
    }
    // The denial's row stays (append-only); only the one at the case's current time matches.
    const lookup = await db
      .select()
      .from(caseCriteriaNotMet)
      .where(and(eq(caseCriteriaNotMet.caseId, decided!.id), eq(caseCriteriaNotMet.criterionId, C1)));
    expect(lookup.map((l) => l.decidedAt.getTime()).sort()).toEqual(
      [appealed.case.decidedAt!.getTime(), decided!.decidedAt!.getTime()].sort(),
    );
    expect(await databaseRefusal(db.execute(sql`delete from case_criteria_not_met`))).toMatch(/append-only/);
  });
});
