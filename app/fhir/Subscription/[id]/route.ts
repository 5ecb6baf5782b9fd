import { SCOPE_NEEDS } from "@/lib/fhir/smart-scopes";
import {
  deleteSubscription,
  readSubscription,
  updateSubscription,
} from "@/lib/server/fhir-subscriptions/subscriptions";
import { bundleRefusal, fhirJson, fhirRoute, readFhirJson } from "../../_lib/fhir-http";

type Params = { id: string };

/** GET /fhir/Subscription/{id}: another organization's is a 404 (audited); a deleted one 410. */
export const GET = fhirRoute<Params>(SCOPE_NEEDS.subscriptionRead, async (_req, ctx, { id }) =>
  fhirJson(await readSubscription(ctx, id)),
);

/** PUT /fhir/Subscription/{id}: a changed channel, filter or end; back to requested with a new handshake. */
export const PUT = fhirRoute<Params>(SCOPE_NEEDS.subscriptionUpdate, async (req, ctx, { id }) => {
  const result = await updateSubscription(ctx, id, await readFhirJson(req));
  return result.ok ? fhirJson(result.resource) : bundleRefusal(result.issues);
});

/** DELETE /fhir/Subscription/{id}: no more notifications; 204, also when already deleted. */
export const DELETE = fhirRoute<Params>(SCOPE_NEEDS.subscriptionDelete, async (_req, ctx, { id }) => {
  await deleteSubscription(ctx, id);
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
});
