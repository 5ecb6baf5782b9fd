import { buildCapabilityStatement } from "@/lib/fhir/capability-statement";
import { LATEST_RULES } from "@/lib/policy/catalogue";
import { fhirJson } from "../_lib/fhir-http";

/** GET /fhir/metadata: the CapabilityStatement (public, as FHIR servers answer it). */
export function GET(req: Request): Response {
  const base = `${new URL(req.url).origin}/fhir`;
  return fhirJson(buildCapabilityStatement(base, { version: "0.1.0", date: LATEST_RULES.effectiveDate }));
}
