// PAS Claim updates through $submit (PAS 2.0.1 "Updating Authorization Requests"), tried as an EHR:
// a pended request answered with documents and a cancelled item goes back to review with a new
// evaluation; a whole request is cancelled; changes are refused (nothing changed) when the request
// is under review, decided, another organization's, or not named.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import type { Bundle, CommunicationRequest, OperationOutcome } from "@medplum/fhirtypes";
import type { DatabaseHandle } from "@/db/client";
import { attachments, cases, evaluationSnapshots } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { caseRow, cnmpTrialRequest, ctxFor, findingsFor, givenPlanOrg, givenUser } from "@/test/given";
import { pasInquiryBundle, pasRequestBundle, pasUpdateBundle, pdfBytes } from "@/test/fhir-bundles";
import { givenApiKeysAllowedOnFhir } from "@/test/test-ehr";
import type { ServiceContext } from "@/lib/server/context";
import { claimCase } from "@/lib/server/review/claim-case";
import { pendCase } from "@/lib/server/review/pend-case";
import { approveCase } from "@/lib/server/review/approve-case";
import { DOCUMENT_KIND_SYSTEM } from "@/lib/fhir/pas-bundle";
import { expectPasResponseBundle } from "@/lib/fhir/testing/validate";
import type { PolicyRequest } from "@/lib/policy";
import * as submitRoute from "./Claim/$submit/route";
import * as inquireRoute from "./Claim/$inquire/route";
import { fhirPost, givenEhrApiKey, noRouteParams, reviewActionCodes, serveRoutesFrom } from "@/test/pas";

let handle: DatabaseHandle;
let key: string;
let otherKey: string;
let nurse: ServiceContext;

beforeAll(async () => {
  handle = await createTestDatabase();
  serveRoutesFrom(handle);
  await givenApiKeysAllowedOnFhir(handle.db);
  ({ key } = await givenEhrApiKey(handle));
  ({ key: otherKey } = await givenEhrApiKey(handle));
  const plan = await givenPlanOrg(handle.db);
  nurse = ctxFor(handle.db, await givenUser(handle.db, "nurse_reviewer", { organizationId: plan.id }));
});
afterAll(() => handle?.close());

const noParams = noRouteParams;
const post = (path: string, body: unknown, bearer = key) => fhirPost(path, body, bearer);
const submit = (bundle: unknown, bearer = key) =>
  submitRoute.POST(post("/fhir/Claim/$submit", bundle, bearer), noParams);

const twoCodes = (): PolicyRequest => cnmpTrialRequest({ request: { cptCodes: ["62322", "62326"] } });

async function submitted(request = twoCodes()) {
  const res = await submit(pasRequestBundle(request));
  expect(res.status).toBe(200);
  const preAuthRef = expectPasResponseBundle((await res.json()) as Bundle).preAuthRef!;
  const [row] = await handle.db.select().from(cases).where(eq(cases.reference, preAuthRef));
  return { preAuthRef, row: row! };
}

async function pended(request = twoCodes()) {
  const made = await submitted(request);
  await claimCase(nurse, { caseId: made.row.id, version: made.row.version });
  const claimed = await caseRow(handle.db, made.row.id);
  await pendCase(nurse, {
    caseId: claimed.id,
    version: claimed.version,
    message: "Please send the psychological evaluation report.",
    items: ["psychological evaluation"],
  });
  return { ...made, row: await caseRow(handle.db, made.row.id) };
}

const actionsOf = reviewActionCodes;
const countOf = async (table: typeof attachments | typeof evaluationSnapshots, caseId: string) =>
  (await handle.db.select({ n: count() }).from(table).where(eq(table.caseId, caseId)))[0]!.n;

describe("answering a pended request with an update", () => {
  it("adds the documents, cancels the item, evaluates again and returns the request to review", async () => {
    const { preAuthRef, row } = await pended();
    const docsBefore = await countOf(attachments, row.id);
    const snapshotsBefore = await countOf(evaluationSnapshots, row.id);
    const res = await submit(
      pasUpdateBundle(twoCodes(), preAuthRef, {
        cancelCodes: ["62322"],
        documents: [{ data: pdfBytes(200), contentType: "application/pdf", title: "psych-eval.pdf" }],
      }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    expect(actionsOf((await res.json()) as Bundle)).toEqual(["C", "A4"]);
    const after = await caseRow(handle.db, row.id);
    expect(after.status).toBe("in_review");
    expect(after.request.request!.cptCodes).toEqual(["62326"]);
    expect(await countOf(attachments, row.id)).toBe(docsBefore + 1);
    expect(await countOf(evaluationSnapshots, row.id)).toBe(snapshotsBefore + 1);
  });

  it("takes new answers from a new QuestionnaireResponse", async () => {
    const { preAuthRef, row } = await pended(cnmpTrialRequest());
    const changed = cnmpTrialRequest({ request: { urgency: "expedited" } });
    const res = await submit(pasUpdateBundle(cnmpTrialRequest(), preAuthRef, { request: changed }));
    expect(res.status, await res.clone().text()).toBe(200);
    const after = await caseRow(handle.db, row.id);
    expect(after.request.request!.urgency).toBe("expedited");
    expect(after.status).toBe("in_review");
  });
});

describe("the kind of each record", () => {
  it("is read from DocumentReference.type (the portal's code, or a LOINC note type) and stored with the file", async () => {
    const res = await submit(
      pasRequestBundle(cnmpTrialRequest(), {
        documents: [
          {
            data: pdfBytes(101),
            contentType: "application/pdf",
            title: "psych.pdf",
            type: { system: DOCUMENT_KIND_SYSTEM, code: "psychological_evaluation" },
          },
          {
            data: pdfBytes(102),
            contentType: "application/pdf",
            title: "notes.pdf",
            type: { system: "http://loinc.org", code: "11506-3" },
          },
          {
            data: pdfBytes(103),
            contentType: "application/pdf",
            title: "other.pdf",
            type: { system: "http://loinc.org", code: "18842-5" },
          },
        ],
      }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const preAuthRef = expectPasResponseBundle((await res.json()) as Bundle).preAuthRef!;
    const [row] = await handle.db.select().from(cases).where(eq(cases.reference, preAuthRef));
    const stored = await handle.db.select().from(attachments).where(eq(attachments.caseId, row!.id));
    expect(Object.fromEntries(stored.map((a) => [a.fileName, a.documentKind]))).toEqual({
      "psych.pdf": "psychological_evaluation",
      "notes.pdf": "clinical_notes",
      "other.pdf": null,
    });
  });
});

describe("a repeated update (a retry after a lost answer)", () => {
  it("changes nothing the second time and answers the request as it stands", async () => {
    const { preAuthRef, row } = await pended();
    const update = pasUpdateBundle(twoCodes(), preAuthRef, {
      documents: [{ data: pdfBytes(150), contentType: "application/pdf", title: "psych-eval.pdf" }],
    });
    const first = await submit(update);
    expect(first.status, await first.clone().text()).toBe(200);
    const after = await caseRow(handle.db, row.id);
    const docs = await countOf(attachments, row.id);
    const snapshots = await countOf(evaluationSnapshots, row.id);
    const again = await submit(update);
    expect(again.status, await again.clone().text()).toBe(200);
    expect(actionsOf((await again.json()) as Bundle)).toEqual(["A4", "A4"]);
    expect((await caseRow(handle.db, row.id)).version).toBe(after.version);
    expect(await countOf(attachments, row.id)).toBe(docs);
    expect(await countOf(evaluationSnapshots, row.id)).toBe(snapshots);
  });

  it("a repeated cancel answers C again instead of a conflict", async () => {
    const { preAuthRef } = await submitted();
    const cancel = pasUpdateBundle(twoCodes(), preAuthRef, { cancelWhole: true });
    expect((await submit(cancel)).status).toBe(200);
    const again = await submit(cancel);
    expect(again.status).toBe(200);
    expect(actionsOf((await again.json()) as Bundle)).toEqual(["C", "C"]);
  });

  it("the same Bundle.identifier with other content is a 409 naming it, and nothing changes", async () => {
    const { preAuthRef, row } = await pended();
    const update = pasUpdateBundle(twoCodes(), preAuthRef, {
      documents: [{ data: pdfBytes(150), contentType: "application/pdf", title: "psych-eval.pdf" }],
    });
    expect((await submit(update)).status).toBe(200);
    const after = await caseRow(handle.db, row.id);
    const docs = await countOf(attachments, row.id);
    const other = pasUpdateBundle(twoCodes(), preAuthRef, {
      documents: [{ data: pdfBytes(151), contentType: "application/pdf", title: "another.pdf" }],
    });
    const res = await submit({ ...other, identifier: update.identifier });
    expect(res.status).toBe(409);
    const outcome = (await res.json()) as OperationOutcome;
    expect(outcome.issue![0]!.expression).toEqual(["Bundle.identifier"]);
    expect((await caseRow(handle.db, row.id)).version).toBe(after.version);
    expect(await countOf(attachments, row.id)).toBe(docs);
  });
});

describe("more information over FHIR", () => {
  it("a pended request's answer carries the reviewer's request as a CommunicationRequest; answering it clears it", async () => {
    const { preAuthRef, row } = await pended();
    const inquire = async () =>
      (await (
        await inquireRoute.POST(post("/fhir/Claim/$inquire", pasInquiryBundle(preAuthRef)), noParams)
      ).json()) as Bundle;
    const pendedAnswer = await inquire();
    const claimResponse = expectPasResponseBundle(pendedAnswer);
    const request = pendedAnswer.entry!.find((e) => e.resource?.resourceType === "CommunicationRequest")!;
    expect(claimResponse.communicationRequest).toEqual([{ reference: request.fullUrl }]);
    const communication = request.resource as CommunicationRequest;
    expect(communication.status).toBe("active");
    expect(communication.payload!.map((p) => p.contentString ?? p.contentAttachment?.url)).toEqual([
      "psychological evaluation",
      expect.stringMatching(/Questionnaire\/pharmacy-339-7\|/),
    ]);
    expect(communication.note![0]!.text).toBe("Please send the psychological evaluation report.");
    expect(communication.occurrenceDateTime).toBe(row.dueAt!.toISOString());
    expect(communication.recipient![0]!.reference).toBe(claimResponse.requestor!.reference);

    await submit(
      pasUpdateBundle(twoCodes(), preAuthRef, {
        documents: [{ data: pdfBytes(120), contentType: "application/pdf", title: "psych-eval.pdf" }],
      }),
    );
    const answered = await inquire();
    expect(answered.entry!.some((e) => e.resource?.resourceType === "CommunicationRequest")).toBe(false);
    expect(expectPasResponseBundle(answered).communicationRequest).toBeUndefined();
  });
});

describe("cancelling", () => {
  it("cancels a whole request (certificationType 3): withdrawn, answered C, and $inquire agrees", async () => {
    const { preAuthRef, row } = await submitted();
    const res = await submit(pasUpdateBundle(twoCodes(), preAuthRef, { cancelWhole: true }));
    expect(res.status).toBe(200);
    expect(actionsOf((await res.json()) as Bundle)).toEqual(["C", "C"]);
    expect((await caseRow(handle.db, row.id)).status).toBe("withdrawn");
    const inquired = await inquireRoute.POST(post("/fhir/Claim/$inquire", pasInquiryBundle(preAuthRef)), noParams);
    expect(actionsOf((await inquired.json()) as Bundle)).toEqual(["C"]);
  });

  it("cancelling every item cancels the request", async () => {
    const { preAuthRef, row } = await submitted();
    const res = await submit(pasUpdateBundle(twoCodes(), preAuthRef, { cancelCodes: ["62322", "62326"] }));
    expect(res.status).toBe(200);
    expect((await caseRow(handle.db, row.id)).status).toBe("withdrawn");
  });
});

describe("refused updates change nothing", () => {
  async function expectUnchanged(caseId: string, version: number, docs: number) {
    const after = await caseRow(handle.db, caseId);
    expect(after.version).toBe(version);
    expect(await countOf(attachments, caseId)).toBe(docs);
  }

  it("a change of items while the request is under review: 409 naming Claim.related, saying what can be done", async () => {
    const { preAuthRef, row } = await submitted();
    const docs = await countOf(attachments, row.id);
    const res = await submit(pasUpdateBundle(twoCodes(), preAuthRef, { cancelCodes: ["62322"] }));
    expect(res.status).toBe(409);
    const outcome = (await res.json()) as OperationOutcome;
    expect(outcome.issue![0]!.expression).toEqual(["Claim.related"]);
    expect(outcome.issue![0]!.diagnostics).toContain("when the reviewer asks for information");
    await expectUnchanged(row.id, row.version, docs);
  });

  it("documents alone may be added while it is under review", async () => {
    const { preAuthRef, row } = await submitted();
    const docs = await countOf(attachments, row.id);
    const res = await submit(
      pasUpdateBundle(twoCodes(), preAuthRef, {
        documents: [{ data: pdfBytes(300), contentType: "application/pdf", title: "imaging.pdf" }],
      }),
    );
    expect(res.status).toBe(200);
    expect(await countOf(attachments, row.id)).toBe(docs + 1);
  });

  it("a decided request cannot be changed", async () => {
    const { preAuthRef, row } = await submitted(cnmpTrialRequest());
    await claimCase(nurse, { caseId: row.id, version: row.version });
    const claimed = await caseRow(handle.db, row.id);
    const [snapshot] = await handle.db
      .select()
      .from(evaluationSnapshots)
      .where(and(eq(evaluationSnapshots.caseId, row.id)));
    await approveCase(nurse, {
      caseId: row.id,
      version: claimed.version,
      findings: findingsFor(snapshot!.result),
      rationale: "Every criterion is documented and met.",
    });
    const decided = await caseRow(handle.db, row.id);
    const res = await submit(pasUpdateBundle(cnmpTrialRequest(), preAuthRef, { cancelWhole: true }));
    expect(res.status).toBe(409);
    expect(((await res.json()) as OperationOutcome).issue![0]!.diagnostics).toContain(
      "a decided request cannot be changed",
    );
    await expectUnchanged(row.id, decided.version, await countOf(attachments, row.id));
    expect(decided.status).toBe("approved");
  });

  it("another organization's request is a 404, and it is not cancelled", async () => {
    const { preAuthRef, row } = await submitted();
    const res = await submit(pasUpdateBundle(twoCodes(), preAuthRef, { cancelWhole: true }), otherKey);
    expect(res.status).toBe(404);
    expect((await caseRow(handle.db, row.id)).status).toBe(row.status);
  });

  it("an update that does not name the request: 400 naming Claim.related", async () => {
    const { preAuthRef } = await submitted();
    const res = await submit(pasUpdateBundle(twoCodes(), preAuthRef, { cancelWhole: true, withoutReference: true }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as OperationOutcome).issue!.map((i) => i.expression?.[0])).toContain("Claim.related");
  });
});

describe("$inquire by example (no preAuthRef)", () => {
  const matchInquiry = (match: Parameters<typeof pasInquiryBundle>[1], bearer = key) =>
    inquireRoute.POST(post("/fhir/Claim/$inquire", pasInquiryBundle(null, match), bearer), noParams);
  const refOf = async (res: Response) => expectPasResponseBundle((await res.json()) as Bundle).preAuthRef;

  it("finds the organization's newest request for the member and those codes, naming the other matches", async () => {
    const older = await submitted(cnmpTrialRequest({ request: { cptCodes: ["62324"], serviceDate: "2026-04-01" } }));
    const newer = await submitted(cnmpTrialRequest({ request: { cptCodes: ["62324"], serviceDate: "2026-05-01" } }));
    const res = await matchInquiry({ codes: ["62324"] });
    expect(res.status).toBe(200);
    const bundle = (await res.json()) as Bundle;
    const claimResponse = expectPasResponseBundle(bundle);
    expect(claimResponse.preAuthRef).toBe(newer.preAuthRef);
    expect(claimResponse.processNote!.map((n) => n.text).join(" ")).toContain(older.preAuthRef);
    // A service date narrows it to the one planned that day.
    expect(await refOf(await matchInquiry({ codes: ["62324"], date: "2026-04-01" }))).toBe(older.preAuthRef);
  });

  it("never answers another organization's requests, nor an NPI that is not the caller's: 404", async () => {
    await submitted(cnmpTrialRequest({ request: { cptCodes: ["62325"] } }));
    // The same member, a code only the other practice requested: theirs to see, not ours.
    expect(
      (await submit(pasRequestBundle(cnmpTrialRequest({ request: { cptCodes: ["62327"] } })), otherKey)).status,
    ).toBe(200);
    expect((await matchInquiry({ codes: ["62327"] }, otherKey)).status).toBe(200);
    expect((await matchInquiry({ codes: ["62327"] })).status).toBe(404);
    expect((await matchInquiry({ codes: ["62325"] }, otherKey)).status).toBe(404);
    expect((await matchInquiry({ codes: ["62325"], npi: "1234567893" })).status).toBe(404);
    expect((await matchInquiry({ codes: ["62351"] })).status).toBe(404);
  });
});
