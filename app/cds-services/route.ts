import { discovery } from "@/lib/fhir/crd";
import { LATEST_RULES } from "@/lib/policy/catalogue";

/** GET /cds-services: CDS Hooks discovery (public, as the specification expects). */
export function GET(): Response {
  return Response.json(discovery(LATEST_RULES), {
    headers: { "cache-control": "no-store", "access-control-allow-origin": "*" },
  });
}
