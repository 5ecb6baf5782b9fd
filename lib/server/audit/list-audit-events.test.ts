import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle, Db } from "@/db/client";
import { createTestDatabase, SYSTEM_ACTOR } from "@/test/db";
import { ctxFor, givenPeople } from "@/test/given";
import { changeRole, setUserActive } from "../admin/accounts";
import { appendAudit } from "@/db/audit-chain";
import { listAuditEvents } from "./list-audit-events";

let handle: DatabaseHandle;
let db: Db;
beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => handle?.close());

describe("listAuditEvents", () => {
  it("names the person an event is about (one lookup for the page) and keeps the short id of an unknown one", async () => {
    const people = await givenPeople(db, { admin: "admin", auditor: "auditor", nurse: "nurse_reviewer" });
    await changeRole(ctxFor(db, people.admin), { userId: people.nurse.id, role: "physician_reviewer" });
    await setUserActive(ctxFor(db, people.admin), { userId: people.nurse.id, active: false });
    const unknown = crypto.randomUUID();
    // An event about an account that no longer exists (or never did).
    await appendAudit(db, SYSTEM_ACTOR, { action: "test.user.gone", targetType: "user", targetId: unknown });

    const { events } = await listAuditEvents(ctxFor(db, people.auditor), {});
    const about = (action: string) => events.find((e) => e.action === action)!;
    expect(about("admin.user.change_role").targetUser).toEqual({ name: people.nurse.name, email: people.nurse.email });
    expect(about("admin.user.deactivate").targetUser).toEqual({ name: people.nurse.name, email: people.nurse.email });
    const orphan = events.find((e) => e.targetId === unknown)!;
    expect(orphan.targetUser).toBeNull();
  });
});
