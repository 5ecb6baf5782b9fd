// Publishing the yearly public metrics (CMS-0057-F): versions, reasons, identical figures refused,
// roles, the minimum group size at its boundary, concurrent publications, and the public downloads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq, sql } from "drizzle-orm";
import type { DatabaseHandle, Db } from "@/db/client";
import { auditEvents, cases, publishedMetrics } from "@/db/schema";
import { createTestDatabase, databaseRefusal } from "@/test/db";
import { ctxFor, givenProviderOrg, givenUser, insertCaseRowForTest } from "@/test/given";
import { ConflictError, ForbiddenError, ValidationError } from "../errors";
import * as downloadRoute from "@/app/prior-authorization-metrics/[file]/route";
import {
  computePublicFigures,
  getPublishedYear,
  publishMetrics,
  setMetricsSettings,
} from "./public-metrics";

let handle: DatabaseHandle;
let db: Db;
let auditor: Awaited<ReturnType<typeof givenUser>>;
let admin: Awaited<ReturnType<typeof givenUser>>;
let provider: Awaited<ReturnType<typeof givenUser>>;
const NOW = new Date("2026-12-06T12:00:00Z");
const YEAR = 2025;

/** `n` requests submitted in `year` and decided 24 h later (New York mid-year, far from the year's edges). */
async function givenDecided(n: number, urgency: "standard" | "expedited", status: "approved" | "denied" = "approved", year = YEAR) {
  for (let i = 0; i < n; i++) {
    const submittedAt = new Date(`${year}-06-15T14:00:00Z`);
    const made = await insertCaseRowForTest(db, { organizationId: provider.organizationId, createdBy: provider.id, submittedAt });
    await db
      .update(cases)
      .set({ urgency, status, decidedAt: new Date(submittedAt.getTime() + 24 * 3_600_000) })
      .where(eq(cases.id, made.case.id));
  }
}

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
  auditor = await givenUser(db, "auditor");
  admin = await givenUser(db, "admin");
  const org = await givenProviderOrg(db, { name: "Gamma Pain Clinic" });
  provider = await givenUser(db, "provider", { organizationId: org.id, name: "Prudence Provider" });
});
afterAll(async () => {
  await handle.close();
});

const versionsOf = async (year: number) =>
  (await db.select().from(publishedMetrics).where(eq(publishedMetrics.year, year)).orderBy(publishedMetrics.version)).map((r) => r.version);
const lastAudit = async (action: string) =>
  (await db.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(desc(auditEvents.seq)).limit(1))[0];

describe("minimum group size", () => {
  it("suppresses a group smaller than the minimum, and shows one exactly at it", async () => {
    await givenDecided(11, "standard", "approved", 2023);
    await givenDecided(10, "expedited", "denied", 2023);
    const f = await computePublicFigures(db, 2023, 11);
    expect(f.standard).toMatchObject({ suppressed: false, reason: null, requestsDecided: 11, approvedPercent: 100, deniedPercent: 0, averageHoursToDecision: 24, medianHoursToDecision: 24, automatedApprovals: 0 });
    expect(f.expedited).toEqual({
      urgency: "expedited",
      suppressed: true,
      reason: "Not shown: fewer than 11 requests",
      requestsDecided: null,
      approvedPercent: null,
      deniedPercent: null,
      approvedAfterAppealPercent: null,
      approvedAfterExtensionPercent: null,
      averageHoursToDecision: null,
      medianHoursToDecision: null,
      automatedApprovals: null,
    });
    expect((await computePublicFigures(db, 2023, 12)).standard.suppressed).toBe(true);
    expect((await computePublicFigures(db, 2023, 10)).expedited).toMatchObject({ suppressed: false, requestsDecided: 10, deniedPercent: 100 });
  });

  it("is set by administrators only (1 to 1000), audited, and used by the next publication", async () => {
    await expect(setMetricsSettings(ctxFor(db, auditor), { minimumGroupSize: "5" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await lastAudit("metrics.settings")).toMatchObject({ outcome: "refused", actorId: auditor.id });
    for (const bad of ["0", "1001", "2.5", "many", ""])
      await expect(setMetricsSettings(ctxFor(db, admin), { minimumGroupSize: bad })).rejects.toThrow(/whole number from 1 to 1000/);
    await setMetricsSettings(ctxFor(db, admin), { minimumGroupSize: "10" });
    expect((await lastAudit("admin.settings.update"))?.details).toMatchObject({ before: { minimumGroupSize: 11 }, after: { minimumGroupSize: 10 } });
    const published = await publishMetrics(ctxFor(db, admin), { year: "2023", expectedVersion: "0" }, NOW);
    const row = (await getPublishedYear(db, 2023, published.version))!;
    expect(row.shown.figures.minimumGroupSize).toBe(10);
    expect(row.shown.figures.expedited.suppressed).toBe(false);
    await setMetricsSettings(ctxFor(db, admin), { minimumGroupSize: "11" });
  });
});

describe("publishing a year", () => {
  it("refuses roles without metrics.publish, and audits the refusal", async () => {
    for (const role of ["provider", "nurse_reviewer", "physician_reviewer"] as const) {
      const user = role === "provider" ? provider : await givenUser(db, role);
      await expect(publishMetrics(ctxFor(db, user), { year: String(YEAR), expectedVersion: "0" }, NOW)).rejects.toBeInstanceOf(ForbiddenError);
      expect(await lastAudit("metrics.publish")).toMatchObject({ outcome: "refused", actorId: user.id });
    }
    expect(await versionsOf(YEAR)).toEqual([]);
  });

  it("publishes completed years only", async () => {
    for (const year of ["2026", "2027"])
      await expect(publishMetrics(ctxFor(db, auditor), { year, expectedVersion: "0" }, NOW)).rejects.toThrow(/Only completed years can be published: 2025 or earlier\./);
    await expect(publishMetrics(ctxFor(db, auditor), { year: "", expectedVersion: "0" }, NOW)).rejects.toThrow(/choose a calendar year/i);
    await expect(publishMetrics(ctxFor(db, auditor), { year: "2026", expectedVersion: "0" }, NOW)).rejects.toBeInstanceOf(ValidationError);
    expect(await versionsOf(2026)).toEqual([]);
  });

  it("versions a year: a reason for every new version, identical figures refused, older versions kept", async () => {
    await givenDecided(12, "standard");
    const v1 = await publishMetrics(ctxFor(db, auditor), { year: String(YEAR), expectedVersion: "0" }, NOW);
    expect(v1.version).toBe(1);
    expect((await lastAudit("metrics.publish"))).toMatchObject({ outcome: "ok", targetId: v1.id, details: expect.objectContaining({ year: YEAR, version: 1, minimumGroupSize: 11 }) });

    // Again without a reason (or a too short one): refused, nothing stored.
    await expect(publishMetrics(ctxFor(db, auditor), { year: String(YEAR), expectedVersion: "1" }, NOW)).rejects.toThrow(/already published \(version 1\)\. Say why/);
    await expect(publishMetrics(ctxFor(db, auditor), { year: String(YEAR), expectedVersion: "1", reason: "typo" }, NOW)).rejects.toThrow(/at least 10 characters/);
    await expect(publishMetrics(ctxFor(db, auditor), { year: String(YEAR), expectedVersion: "1", reason: "x".repeat(501) }, NOW)).rejects.toThrow(/at most 500 characters/);
    // The same figures with a reason: refused in plain words.
    await expect(publishMetrics(ctxFor(db, admin), { year: String(YEAR), expectedVersion: "1", reason: "Checking the figures again." }, NOW)).rejects.toThrow(
      "The figures for 2025 are the same as in the published version 1: there is nothing new to publish.",
    );
    expect(await versionsOf(YEAR)).toEqual([1]);

    // A late decision changes the figures: version 2 with its reason; version 1 stays as it was.
    // One request more would be singled out by comparing the versions: the group is hidden in 2.
    await givenDecided(1, "standard", "denied");
    const v2 = await publishMetrics(ctxFor(db, admin), { year: String(YEAR), expectedVersion: "1", reason: "A denial decided late was missing." }, NOW);
    expect(v2.version).toBe(2);
    const latest = (await getPublishedYear(db, YEAR))!;
    expect(latest.shown).toMatchObject({ version: 2, reason: "A denial decided late was missing." });
    expect(latest.shown.figures.standard).toMatchObject({
      suppressed: true,
      requestsDecided: null,
      averageHoursToDecision: null,
      reason: "Not shown: fewer than 11 requests changed since version 1, so comparing the two would single them out",
    });
    expect(latest.versions.map((v) => v.version)).toEqual([2, 1]);
    expect((await getPublishedYear(db, YEAR, 1))!.shown.figures.standard).toMatchObject({ requestsDecided: 12, approvedPercent: 100 });
    expect(await getPublishedYear(db, YEAR, 3)).toBeNull();
  });

  it("refuses a publication made on an out-of-date page", async () => {
    await expect(publishMetrics(ctxFor(db, auditor), { year: String(YEAR), expectedVersion: "1", reason: "Publishing what I saw." }, NOW)).rejects.toBeInstanceOf(ConflictError);
  });

  it("gives two simultaneous publications of a year different versions: one wins, the other is told", async () => {
    await givenDecided(11, "expedited", "approved", 2024);
    const results = await Promise.allSettled([
      publishMetrics(ctxFor(db, auditor), { year: "2024", expectedVersion: "0" }, NOW),
      publishMetrics(ctxFor(db, admin), { year: "2024", expectedVersion: "0" }, NOW),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConflictError);
    expect((refused.reason as Error).message).toMatch(/Someone published 2024 while you were on this page/);
    expect(await versionsOf(2024)).toEqual([1]);
    // The database itself refuses a second row with the same year and version.
    expect(
      await databaseRefusal(db.insert(publishedMetrics).values({ year: 2024, version: 1, figures: {}, minimumGroupSize: 11, publishedBy: admin.id })),
    ).toMatch(/published_metrics_year_version|duplicate key/);
  });

  it("keeps every published version unchanged (append-only in the database)", async () => {
    expect(await databaseRefusal(db.update(publishedMetrics).set({ reason: "rewritten" }).where(eq(publishedMetrics.year, YEAR)))).toMatch(/append-only|not allowed|reject/i);
    expect(await databaseRefusal(db.delete(publishedMetrics).where(eq(publishedMetrics.year, YEAR)))).toMatch(/append-only|not allowed|reject/i);
    expect(await databaseRefusal(db.execute(sql`truncate published_metrics`))).toMatch(/append-only|not allowed|reject/i);
  });
});

describe("public downloads", () => {
  const get = (file: string, query = "") =>
    downloadRoute.GET(new Request(`http://portal.test/prior-authorization-metrics/${file}${query}`, { headers: { "x-forwarded-for": "203.0.113.9" } }), {
      params: Promise.resolve({ file }),
    });

  it("answers the latest version as JSON, public and briefly cacheable, aggregates only", async () => {
    const res = await get(`${YEAR}.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const text = await res.text();
    const body = JSON.parse(text);
    expect(Object.keys(body).sort()).toEqual(["expedited", "minimumGroupSize", "period", "policy", "policyTitle", "publishedAt", "reason", "services", "standard", "version", "year"]);
    expect(body).toMatchObject({ year: YEAR, version: 2, reason: "A denial decided late was missing.", minimumGroupSize: 11, policy: "PHARMACY 339.7" });
    // One late denial since version 1: comparing would single it out, so version 2 hides the group.
    expect(body.standard).toMatchObject({ suppressed: true, requestsDecided: null, reason: expect.stringMatching(/changed since version 1/) });
    expect(body.expedited).toMatchObject({ suppressed: true, reason: "Not shown: fewer than 11 requests", requestsDecided: null, approvedPercent: null, medianHoursToDecision: null });
    expect(body.services.map((s: { phase: string }) => s.phase)).toEqual(["trial", "implant"]);
    expect(body.services[1].codes.map((c: { code: string }) => c.code)).toEqual(["62350", "62351", "62360", "62361", "62362"]);
    expect(body.services[1].codes[0].description).toMatch(/^Implantation, revision or repositioning of tunneled intrathecal/);
    // No case, member, person or organization in it.
    for (const leak of ["member", "Test Member", "Prudence", "Gamma", "reviewer", "organization", "caseId", "PA-T-", provider.email, auditor.name])
      expect(text.toLowerCase()).not.toContain(leak.toLowerCase());
  });

  it("answers an earlier version and the CSV of the same figures", async () => {
    const v1 = await (await get(`${YEAR}.json`, "?version=1")).json();
    expect(v1).toMatchObject({ version: 1, reason: null, standard: { requestsDecided: 12 } });
    const res = await get(`${YEAR}.csv`, "?version=1");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="prior-authorization-metrics-2025-v1.csv"');
    const lines = (await res.text()).trim().split("\n");
    expect(lines[0]).toBe("year,version,section,urgency,measure,value,suppressed,note");
    expect(lines).toContain("2025,1,figures,standard,Requests decided,12,false,");
    expect(lines).toContain("2025,1,figures,expedited,Requests decided,,true,Not shown: fewer than 11 requests");
    expect(lines.filter((l) => l.includes("services requiring prior authorization"))).toHaveLength(13);
  });

  it("answers 404 for a year or version not published, and for other names", async () => {
    for (const [file, query] of [["2019.json", ""], ["2019.csv", ""], [`${YEAR}.json`, "?version=9"], [`${YEAR}.json`, "?version=x"], [`${YEAR}.xml`, ""], ["latest.json", ""]] as const) {
      const res = await get(file, query);
      expect(res.status, `${file}${query}`).toBe(404);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    }
    expect(await (await get("2019.json")).text()).toBe("Not published: the prior-authorization metrics for 2019 have not been published.");
  });

  // Last: it uses up this address's window.
  it("limits the rate per address (429 with Retry-After), as the other public endpoints do", async () => {
    let res: Response | null = null;
    for (let i = 0; i < 80 && (res === null || res.status !== 429); i++) res = await get(`${YEAR}.json`);
    expect(res!.status).toBe(429);
    expect(res!.headers.get("retry-after")).toBe("60");
    expect(await res!.text()).toBe("Too many requests. Wait a minute and try again.");
  });
});
