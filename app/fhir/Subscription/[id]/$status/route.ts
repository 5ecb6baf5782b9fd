import { SCOPE_NEEDS } from "@/lib/fhir/smart-scopes";
import { subscriptionStatus } from "@/lib/server/fhir-subscriptions/subscriptions";
import { fhirJson, fhirRoute } from "../../../_lib/fhir-http";

/** GET /fhir/Subscription/{id}/$status (Backport): status, events since the start, the last error. */
export const GET = fhirRoute<{ id: string }>(SCOPE_NEEDS.subscriptionRead, async (_req, ctx, { id }) =>
  fhirJson(await subscriptionStatus(ctx, id)),
);
