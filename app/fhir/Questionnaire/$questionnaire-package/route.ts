import { SCOPE_NEEDS } from "@/lib/fhir/smart-scopes";
import type { Bundle, Parameters } from "@medplum/fhirtypes";
import { buildQuestionnaire } from "@/lib/fhir/questionnaire";
import { LATEST_RULES } from "@/lib/policy/catalogue";
import { ValidationError } from "@/lib/server/errors";
import { fhirJson, fhirRoute, readFhirJson } from "../../_lib/fhir-http";

/**
 * POST /fhir/Questionnaire/$questionnaire-package (DTR): a Parameters body (coverage, order;
 * optional) answers Parameters with one `PackageBundle`: the Questionnaire of the policy version in
 * force, generated from the criteria catalogue. No CQL library: prepopulation is the EHR's.
 */
export const POST = fhirRoute(SCOPE_NEEDS.questionnairePackage, async (req) => {
  const body = (await readFhirJson(req)) as Partial<Parameters> | null;
  if (typeof body !== "object" || body === null || body.resourceType !== "Parameters")
    throw new ValidationError("The body must be a Parameters resource.", [
      { path: "Parameters", message: "must be a Parameters resource (coverage and order parameters are optional)" },
    ]);
  const questionnaire = buildQuestionnaire(LATEST_RULES);
  const bundle: Bundle = {
    resourceType: "Bundle",
    type: "collection",
    timestamp: new Date().toISOString(),
    entry: [{ fullUrl: questionnaire.url, resource: questionnaire }],
  };
  const answer: Parameters = { resourceType: "Parameters", parameter: [{ name: "PackageBundle", resource: bundle }] };
  return fhirJson(answer);
});
