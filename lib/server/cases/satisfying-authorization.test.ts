import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, cases } from "@/db/schema";
import { approvalExpiryDate, APPROVAL_VALID_DAYS } from "@/lib/approval-validity";
import { documentedRequest } from "@/lib/policy/fixtures";
import { createTestDatabase } from "@/test/db";
import {
  ctxFor,
  givenApprovedCase,
  givenDecidedAppeal,
  givenDeniedCase,
  givenPendedCase,
  givenProviderOrg,
  givenReviewTeam,
  givenSubmittedCase,
  givenUser,
} from "@/test/given";
import type { ServiceContext } from "../context";
import { findSatisfyingAuthorization } from "./satisfying-authorization";

let handle: DatabaseHandle;
let practice: ServiceContext;
let otherPractice: ServiceContext;
let nurse: ServiceContext;
let physician: ServiceContext;
let physician2: ServiceContext;
beforeAll(async () => {
  handle = await createTestDatabase();
  const team = await givenReviewTeam(handle.db);
  practice = ctxFor(handle.db, team.provider, "api");
  nurse = ctxFor(handle.db, team.nurse);
  physician = ctxFor(handle.db, team.physician);
  physician2 = ctxFor(handle.db, team.physician2);
  const other = await givenProviderOrg(handle.db);
  otherPractice = ctxFor(handle.db, await givenUser(handle.db, "provider", { organizationId: other.id }), "api");
});
afterAll(() => handle?.close());

const implant = () => documentedRequest("chronic_nonmalignant_pain", "implant"); // CPT 62350, 62362; service 2026-03-16
const today = () => new Date().toISOString().slice(0, 10);

describe("the satisfied-pa-id lookup (CRD)", () => {
  it("finds the practice's approved case for the same member whose codes cover the order, with its reference and expiry", async () => {
    const approved = await givenApprovedCase(nurse, { provider: practice, memberId: "M-SAT-1", request: implant() });
    const found = await findSatisfyingAuthorization(practice, {
      memberId: " M-SAT-1 ",
      cptCodes: ["62362"],
      date: today(),
    });
    expect(found).toEqual({
      reference: approved.case.reference,
      expiryDate: approvalExpiryDate(approved.case.decidedAt!, "2026-03-16"),
    });
    // Both codes of the approval; and the reading is audited against the case.
    expect(
      await findSatisfyingAuthorization(practice, { memberId: "M-SAT-1", cptCodes: ["62350", "62362"], date: today() }),
    ).toMatchObject({ reference: approved.case.reference });
    const [event] = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.caseId, approved.case.id), eq(auditEvents.action, "case.view")));
    expect(event?.details).toMatchObject({ channel: "crd", purpose: "satisfied-pa-id" });
  });

  it("never returns another organization's case", async () => {
    await givenApprovedCase(nurse, { provider: practice, memberId: "M-SAT-2", request: implant() });
    expect(
      await findSatisfyingAuthorization(otherPractice, { memberId: "M-SAT-2", cptCodes: ["62350"], date: today() }),
    ).toBeNull();
    // Nor a plan staff member's "organization" (the plan has no cases).
    expect(
      await findSatisfyingAuthorization(nurse, { memberId: "M-SAT-2", cptCodes: ["62350"], date: today() }),
    ).toBeNull();
  });

  it("ignores denied, pended, submitted and upheld cases; finds one overturned on appeal", async () => {
    await givenDeniedCase(physician, { provider: practice, memberId: "M-SAT-3", request: implant() });
    await givenPendedCase(nurse, { provider: practice, memberId: "M-SAT-3", request: implant() });
    await givenSubmittedCase(handle.db, { provider: practice, memberId: "M-SAT-3", request: implant() });
    await givenDecidedAppeal(physician, physician2, {
      provider: practice,
      memberId: "M-SAT-3",
      request: implant(),
      decision: "appeal_upheld",
    });
    const query = { memberId: "M-SAT-3", cptCodes: ["62350"], date: today() };
    expect(await findSatisfyingAuthorization(practice, query)).toBeNull();
    const overturned = await givenDecidedAppeal(physician, physician2, {
      provider: practice,
      memberId: "M-SAT-3",
      request: implant(),
    });
    expect(overturned.case.status).toBe("appeal_overturned");
    expect(await findSatisfyingAuthorization(practice, query)).toMatchObject({ reference: overturned.case.reference });
  });

  it("needs every code of the order and the same member", async () => {
    await givenApprovedCase(nurse, { provider: practice, memberId: "M-SAT-4", request: implant() });
    for (const cptCodes of [["62326"], ["62350", "62361"]])
      expect(await findSatisfyingAuthorization(practice, { memberId: "M-SAT-4", cptCodes, date: today() })).toBeNull();
    expect(
      await findSatisfyingAuthorization(practice, { memberId: "M-SAT-4X", cptCodes: ["62350"], date: today() }),
    ).toBeNull();
  });

  it("needs an approval still valid today and on the service date", async () => {
    const approved = await givenApprovedCase(nurse, { provider: practice, memberId: "M-SAT-5", request: implant() });
    const expiry = approvalExpiryDate(approved.case.decidedAt!, "2026-03-16");
    const dayAfter = new Date(Date.parse(`${expiry}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const query = { memberId: "M-SAT-5", cptCodes: ["62350"] };
    expect(await findSatisfyingAuthorization(practice, { ...query, date: expiry })).not.toBeNull();
    expect(await findSatisfyingAuthorization(practice, { ...query, date: dayAfter })).toBeNull();
    // Decided long ago: expired today whatever the service date.
    await handle.db
      .update(cases)
      .set({ decidedAt: new Date(Date.now() - (APPROVAL_VALID_DAYS + 400) * 86_400_000) })
      .where(eq(cases.id, approved.case.id));
    expect(await findSatisfyingAuthorization(practice, { ...query, date: today() })).toBeNull();
    // Even for a service date inside its old validity: an approval that has lapsed is not reused.
    expect(await findSatisfyingAuthorization(practice, { ...query, date: "2020-01-01" })).toBeNull();
  });
});

describe("approvalExpiryDate", () => {
  it("runs APPROVAL_VALID_DAYS from the later of the decision day and the planned service date", () => {
    expect(APPROVAL_VALID_DAYS).toBe(180);
    expect(approvalExpiryDate(new Date("2026-03-01T15:00:00Z"), "2026-02-20")).toBe("2026-08-28");
    expect(approvalExpiryDate(new Date("2026-03-01T15:00:00Z"), "2026-04-01")).toBe("2026-09-28");
    expect(approvalExpiryDate(new Date("2026-03-01T15:00:00Z"), null)).toBe("2026-08-28");
    // The decision day on the plan's clock: 8 p.m. in New York is already the next day in UTC.
    expect(approvalExpiryDate(new Date("2026-03-02T01:00:00Z"), null)).toBe("2026-08-28");
  });
});
