import { SCOPE_NEEDS } from "@/lib/fhir/smart-scopes";
import { createSubscription, listSubscriptions } from "@/lib/server/fhir-subscriptions/subscriptions";
import { subscriptionUrl } from "@/lib/server/fhir-subscriptions/deliver";
import { bundleRefusal, fhirJson, fhirRoute, readFhirJson } from "../_lib/fhir-http";

/**
 * POST /fhir/Subscription (PAS, Subscriptions R5 Backport): the organization's EHR subscribes to
 * the PAS topic with a rest-hook; 201 with the Subscription (status requested) and its Location.
 * The handshake follows from the outbox worker.
 */
export const POST = fhirRoute(SCOPE_NEEDS.subscriptionCreate, async (req, ctx) => {
  const result = await createSubscription(ctx, await readFhirJson(req));
  if (!result.ok) return bundleRefusal(result.issues);
  return fhirJson(result.resource, 201, { location: subscriptionUrl(result.resource.id!) });
});

/** GET /fhir/Subscription: the organization's subscriptions (searchset). */
export const GET = fhirRoute(SCOPE_NEEDS.subscriptionSearch, async (_req, ctx) =>
  fhirJson(await listSubscriptions(ctx)),
);
