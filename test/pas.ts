// What the PAS route tests share: the portal's database for route handlers, an EHR's API key,
// a FHIR POST, and the review action codes a ClaimResponse answers with.
import type { Bundle, ClaimResponseItem } from "@medplum/fhirtypes";
import type { DatabaseHandle } from "@/db/client";
import { createApiKey } from "@/lib/server/api-keys/create-api-key";
import { itemReviewAction } from "@/lib/fhir/claim-response";
import { PAS_REVIEW_ACTION_CODE } from "@/lib/fhir/constants";
import { expectPasResponseBundle } from "@/lib/fhir/testing/validate";
import { ctxFor, givenProviderOrg, givenUser } from "./given";

/** Route handlers read the database through getDb(): point it at the test's. */
export function serveRoutesFrom(handle: DatabaseHandle): void {
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
}

/** A provider organization (new unless given) and an API key of one of its providers, as an EHR holds it. */
export async function givenEhrApiKey(
  handle: DatabaseHandle,
  organizationId?: string,
): Promise<{ key: string; organizationId: string }> {
  const orgId = organizationId ?? (await givenProviderOrg(handle.db)).id;
  const provider = await givenUser(handle.db, "provider", { organizationId: orgId });
  const { key } = await createApiKey(ctxFor(handle.db, provider), { name: "EHR" });
  return { key, organizationId: orgId };
}

export const noRouteParams = { params: Promise.resolve({}) };

/** A FHIR POST to the portal with an EHR's bearer token. */
export function fhirPost(path: string, body: unknown, bearer: string): Request {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/fhir+json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The review action code (A1, A3, A4 …) of one ClaimResponse item. */
export function reviewActionCode(item: ClaimResponseItem): string | undefined {
  return itemReviewAction(item)?.extension?.find((e) => e.url === PAS_REVIEW_ACTION_CODE)?.valueCodeableConcept
    ?.coding?.[0]?.code;
}

/** The review action code of every item of a PAS response bundle (validated as a PAS response). */
export function reviewActionCodes(bundle: Bundle): (string | undefined)[] {
  return expectPasResponseBundle(bundle).item!.map(reviewActionCode);
}
