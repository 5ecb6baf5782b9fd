// Real-time approval over PAS: a $submit whose QuestionnaireResponse attests the facts, with every
// record the policy asks for (DocumentReference.type), for a phase the plan approves automatically,
// is answered A1 (certified in total) in the same response, signed by the policy engine. Anything
// less is A4 (pended to people), as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Bundle } from "@medplum/fhirtypes";
import type { DatabaseHandle } from "@/db/client";
import { cases, determinations } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenPlanOrg, givenUser } from "@/test/given";
import { fhirPost, givenEhrApiKey, noRouteParams, reviewActionCodes, serveRoutesFrom } from "@/test/pas";
import { pasRequestBundle, pdfBytes } from "@/test/fhir-bundles";
import { givenApiKeysAllowedOnFhir } from "@/test/test-ehr";
import { setAutomationSettings } from "@/lib/server/automation/settings";
import { DOCUMENT_KIND_SYSTEM } from "@/lib/fhir/pas-bundle";
import { expectPasResponseBundle } from "@/lib/fhir/testing/validate";
import { documentedRequest } from "@/lib/policy/fixtures";
import { requiredDocuments, type DocumentKind } from "@/lib/policy/documents";
import * as submitRoute from "./Claim/$submit/route";

let handle: DatabaseHandle;
let key: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  serveRoutesFrom(handle);
  await givenApiKeysAllowedOnFhir(handle.db);
  ({ key } = await givenEhrApiKey(handle));
  const plan = await givenPlanOrg(handle.db);
  const admin = ctxFor(handle.db, await givenUser(handle.db, "admin", { organizationId: plan.id }));
  await setAutomationSettings(admin, { enabled: ["trial:chronic_nonmalignant_pain"], qaSamplePercent: "10" });
});
afterAll(() => handle?.close());

const TRIAL_KINDS = requiredDocuments("chronic_nonmalignant_pain", "trial").map((d) => d.kind);
const documentsOf = (kinds: DocumentKind[]) =>
  kinds.map((kind, i) => ({
    data: pdfBytes(200 + i),
    contentType: "application/pdf",
    title: `${kind}.pdf`,
    type: { system: DOCUMENT_KIND_SYSTEM, code: kind },
  }));

async function submit(options: { attested?: boolean; kinds?: DocumentKind[]; phase?: "trial" | "implant" }) {
  const bundle = pasRequestBundle(documentedRequest("chronic_nonmalignant_pain", options.phase ?? "trial"), {
    attested: options.attested,
    documents: documentsOf(options.kinds ?? TRIAL_KINDS),
  });
  const res = await submitRoute.POST(fhirPost("/fhir/Claim/$submit", bundle, key), noRouteParams);
  expect(res.status).toBe(200);
  const json = (await res.json()) as Bundle;
  const actions = reviewActionCodes(json);
  const response = expectPasResponseBundle(json);
  const [row] = await handle.db.select().from(cases).where(eq(cases.reference, response.preAuthRef!));
  return { actions, row: row!, response };
}

describe("PAS $submit with automated approval on", () => {
  it("answers A1 in the same response for an attested, fully documented, fully met request", async () => {
    const { actions, row } = await submit({ attested: true });
    expect(actions).toEqual(["A1"]);
    expect(row.status).toBe("approved");
    expect(row.attestedAt).not.toBeNull();
    const [d] = await handle.db.select().from(determinations).where(eq(determinations.caseId, row.id));
    expect(d).toMatchObject({ kind: "automated", reviewerRole: "policy_engine", decision: "approved" });
  });

  it("pends to people (A4) without the attestation, with a record missing, or in a phase not enabled", async () => {
    for (const options of [
      { attested: false },
      {},
      { attested: true, kinds: TRIAL_KINDS.slice(1) },
      { attested: true, phase: "implant" as const },
    ]) {
      const { actions, row } = await submit(options);
      expect(new Set(actions), JSON.stringify(options)).toEqual(new Set(["A4"]));
      expect(row.status, JSON.stringify(options)).toBe("submitted");
    }
  });
});
