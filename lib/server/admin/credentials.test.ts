import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle, Db } from "@/db/client";
import { auditEvents, reviewerCredentials, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenPlanOrg, givenUser } from "@/test/given";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { addCredential, editCredential, removeCredential } from "./credentials";

let handle: DatabaseHandle;
let db: Db;
let admin: typeof users.$inferSelect;
let nurse: typeof users.$inferSelect;
beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  const plan = await givenPlanOrg(db);
  admin = await givenUser(db, "admin", { organizationId: plan.id });
  nurse = await givenUser(db, "nurse_reviewer", { organizationId: plan.id });
});
afterAll(async () => handle?.close());

const licence = async () =>
  addCredential(ctxFor(db, admin), {
    userId: nurse.id,
    licenceType: "RN",
    licenceNumber: "RN-1001",
    state: "NY",
    specialty: "Utilization review",
    validUntil: "2027-01-31",
  });
const rowOf = async (id: string) =>
  (await db.select().from(reviewerCredentials).where(eq(reviewerCredentials.id, id)))[0]!;
const editEvents = (id: string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "admin.credential.edit"), eq(auditEvents.targetId, nurse.id)))
    .then((rows) => rows.filter((r) => (r.details as { credentialId?: string }).credentialId === id));

describe("editCredential", () => {
  it("changes number, state and last valid day, audited with before and after", async () => {
    const c = await licence();
    await editCredential(ctxFor(db, admin), {
      credentialId: c.id,
      licenceNumber: " RN-2002 ",
      state: "nj",
      validUntil: "2028-06-30",
    });
    const row = await rowOf(c.id);
    expect(row).toMatchObject({
      licenceNumber: "RN-2002",
      state: "NJ",
      validUntil: "2028-06-30",
      specialty: "Utilization review",
    });
    const [event] = await editEvents(c.id);
    expect(event!.outcome).toBe("ok");
    expect(event!.details).toMatchObject({
      credentialId: c.id,
      before: { licenceNumber: "RN-1001", state: "NY", validUntil: "2027-01-31" },
      after: { licenceNumber: "RN-2002", state: "NJ", validUntil: "2028-06-30" },
    });
  });

  it("refuses bad input with the add form's plain messages and changes nothing", async () => {
    const c = await licence();
    const err = await editCredential(ctxFor(db, admin), {
      credentialId: c.id,
      licenceNumber: "1",
      state: "New York",
      validUntil: "31/01/2028",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.message)).toEqual([
      "Enter the licence number.",
      "Enter the two-letter state code.",
      "Enter a date (YYYY-MM-DD).",
    ]);
    expect(await rowOf(c.id)).toMatchObject({ licenceNumber: "RN-1001", state: "NY", validUntil: "2027-01-31" });
    expect(await editEvents(c.id)).toHaveLength(0);
  });

  it("writes nothing when nothing changed", async () => {
    const c = await licence();
    await editCredential(ctxFor(db, admin), {
      credentialId: c.id,
      licenceNumber: "RN-1001",
      state: "NY",
      validUntil: "2027-01-31",
    });
    expect(await editEvents(c.id)).toHaveLength(0);
  });

  it("a removed licence is not found (and the refusal is audited); only an administrator may edit", async () => {
    const c = await licence();
    await removeCredential(ctxFor(db, admin), { credentialId: c.id });
    await expect(
      editCredential(ctxFor(db, admin), {
        credentialId: c.id,
        licenceNumber: "RN-3003",
        state: "NY",
        validUntil: "2029-01-01",
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const refused = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "admin.credential.edit"), eq(auditEvents.outcome, "refused")));
    expect(refused.length).toBeGreaterThan(0);
    expect((await rowOf(c.id)).licenceNumber).toBe("RN-1001");

    const other = await licence();
    await expect(
      editCredential(ctxFor(db, nurse), {
        credentialId: other.id,
        licenceNumber: "RN-4004",
        state: "NY",
        validUntil: "2029-01-01",
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await rowOf(other.id)).licenceNumber).toBe("RN-1001");
  });
});
