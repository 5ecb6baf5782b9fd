import { smartConfiguration } from "@/lib/fhir/smart-configuration";

/** GET /fhir/.well-known/smart-configuration: SMART discovery for Backend Services (public). */
export function GET(req: Request): Response {
  return Response.json(smartConfiguration(new URL(req.url).origin), {
    headers: { "cache-control": "public, max-age=3600", "access-control-allow-origin": "*" },
  });
}
