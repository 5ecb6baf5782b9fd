import { crdResponse, readHookRequest } from "@/lib/fhir/crd";
import { LATEST_RULES } from "@/lib/policy/catalogue";
import { ValidationError } from "@/lib/server/errors";
import { cdsHooksRoute, fhirJson, readFhirJson } from "../../fhir/_lib/fhir-http";

/** POST /cds-services/{id} (CRD, CDS Hooks 2.0): cards and the coverage-information system action for the draft orders. */
export const POST = cdsHooksRoute<{ id: string }>(async (req, _ctx, { id }) => {
  const read = readHookRequest(id, await readFhirJson(req));
  if (!read.ok)
    throw new ValidationError(
      `The hook request is not valid: ${read.issues.map((i) => `${i.path || "body"} ${i.message}`).join("; ")}.`,
      read.issues,
    );
  const today = new Date().toISOString().slice(0, 10);
  return fhirJson(
    crdResponse(LATEST_RULES, read.orders, {
      origin: new URL(req.url).origin,
      today,
      coverage: read.coverage,
      newId: () => crypto.randomUUID(),
    }),
    200,
    { "content-type": "application/json; charset=utf-8" },
  );
});
