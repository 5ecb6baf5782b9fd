import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "./client";
import { createTestDatabase, databaseRefusal } from "@/test/db";
import { givenUser } from "@/test/given";
import { evaluate } from "@/lib/policy";
import { documentedRequest } from "@/lib/policy/fixtures";
import {
  attachmentBlobs,
  attachments,
  caseEscalations,
  caseInformationRequests,
  cases,
  determinationFindings,
  determinations,
  evaluationSnapshots,
} from "./schema";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe("determinations are append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE on determinations and findings", async () => {
    const provider = await givenUser(handle.db, "provider");
    const physician = await givenUser(handle.db, "physician_reviewer");
    const [c] = await handle.db
      .insert(cases)
      .values({
        reference: "PA-TEST-1",
        organizationId: provider.organizationId,
        createdBy: provider.id,
        request: {},
        status: "denied",
      })
      .returning();
    const [d] = await handle.db
      .insert(determinations)
      .values({
        caseId: c!.id,
        kind: "initial",
        decision: "denied",
        reviewerId: physician.id,
        reviewerRole: "physician_reviewer",
        policyVersion: "339.7",
        rationale: "test",
        signature: "x",
      })
      .returning();
    await handle.db.insert(determinationFindings).values({
      determinationId: d!.id,
      criterionId: "c1",
      status: "not_met",
      citationAnchor: "a",
      citationQuote: "q",
      evidence: [],
    });

    expect(await databaseRefusal(handle.db.execute(sql`update determinations set decision = 'approved'`))).toMatch(
      /append-only/,
    );
    expect(await databaseRefusal(handle.db.execute(sql`delete from determinations`))).toMatch(/append-only/);
    expect(await databaseRefusal(handle.db.execute(sql`truncate determinations cascade`))).toMatch(/append-only/);
    expect(await databaseRefusal(handle.db.execute(sql`update determination_findings set status = 'met'`))).toMatch(
      /append-only/,
    );
    expect(await databaseRefusal(handle.db.execute(sql`delete from determination_findings`))).toMatch(/append-only/);
    const [still] = await handle.db.select().from(determinations);
    expect(still!.decision).toBe("denied");
  });
});

describe("what a determination rests on is append-only too", () => {
  it("refuses changes to snapshots, attachments, blobs, appeals, escalations and answered information requests", async () => {
    const provider = await givenUser(handle.db, "provider");
    const nurse = await givenUser(handle.db, "nurse_reviewer");
    const [c] = await handle.db
      .insert(cases)
      .values({
        reference: "PA-TEST-2",
        organizationId: provider.organizationId,
        createdBy: provider.id,
        request: {},
        status: "in_review",
      })
      .returning();
    const request = documentedRequest();
    await handle.db.insert(evaluationSnapshots).values({
      caseId: c!.id,
      reason: "submitted",
      policyVersion: "339.7",
      outcome: "meets_criteria",
      request,
      result: evaluate(request),
    });
    await handle.db.insert(attachmentBlobs).values({ key: "k1", data: new Uint8Array([1, 2, 3]) });
    await handle.db.insert(attachments).values({
      caseId: c!.id,
      uploadedBy: provider.id,
      fileName: "a.pdf",
      contentType: "application/pdf",
      size: 3,
      sha256: "x",
      storageKey: "k1",
    });
    await handle.db
      .insert(caseEscalations)
      .values({ caseId: c!.id, escalatedBy: nurse.id, reason: "needs a physician" });
    const [open] = await handle.db
      .insert(caseInformationRequests)
      .values({ caseId: c!.id, requestedBy: nurse.id, message: "send notes", items: ["notes"] })
      .returning();

    for (const statement of [
      sql`update evaluation_snapshots set outcome = 'does_not_meet_criteria'`,
      sql`delete from evaluation_snapshots`,
      sql`update attachments set file_name = 'b.pdf'`,
      sql`delete from attachments`,
      sql`update attachment_blobs set data = '\\x00'`,
      sql`delete from attachment_blobs`,
      sql`update case_escalations set reason = 'rewritten'`,
      sql`delete from case_escalations`,
      sql`update case_information_requests set message = 'rewritten'`,
      sql`delete from case_information_requests`,
    ]) {
      expect(await databaseRefusal(handle.db.execute(statement))).toMatch(/not allowed/);
    }

    // An open request may receive its answer, once.
    await handle.db.execute(
      sql`update case_information_requests set response_note = 'attached', responded_at = now(), responded_by = ${provider.id} where id = ${open!.id}`,
    );
    expect(
      await databaseRefusal(
        handle.db.execute(sql`update case_information_requests set response_note = 'changed' where id = ${open!.id}`),
      ),
    ).toMatch(/only an open request/);
  });
});
