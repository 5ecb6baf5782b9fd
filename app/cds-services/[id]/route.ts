import { authorizationQueries, crdResponse, readHookRequest } from "@/lib/fhir/crd";
import { LATEST_RULES } from "@/lib/policy/catalogue";
import { findSatisfyingAuthorization } from "@/lib/server/cases/satisfying-authorization";
import { ValidationError } from "@/lib/server/errors";
import { getAutomationSettings } from "@/lib/server/automation/settings";
import { activeGoldCard } from "@/lib/server/automation/gold-cards";
import { cdsHooksRoute, fhirJson, readFhirJson } from "../../fhir/_lib/fhir-http";

/** POST /cds-services/{id} (CRD, CDS Hooks 2.0): cards and the coverage-information system action for the hook's orders or appointments. */
export const POST = cdsHooksRoute<{ id: string }>(async (req, ctx, { id }) => {
  const read = readHookRequest(id, await readFhirJson(req));
  if (!read.ok)
    throw new ValidationError(
      `The hook request is not valid: ${read.issues.map((i) => `${i.path || "body"} ${i.message}`).join("; ")}.`,
      read.issues,
    );
  const today = new Date().toISOString().slice(0, 10);
  // An approved case of this practice that already covers an order: CRD's satisfied-pa-id.
  const authorizations = await Promise.all(
    authorizationQueries(LATEST_RULES, read, today).map((q) => (q ? findSatisfyingAuthorization(ctx, q) : null)),
  );
  return fhirJson(
    crdResponse(LATEST_RULES, read, {
      origin: new URL(req.url).origin,
      today,
      newId: () => crypto.randomUUID(),
      authorizations,
      realTime: (await getAutomationSettings(ctx.db)).automatedApproval,
      goldCard: await activeGoldCard(ctx.db, ctx.viewer.organizationId).then((card) =>
        card ? { grantedAt: card.grantedAt.toISOString().slice(0, 10) } : undefined,
      ),
    }),
    200,
    { "content-type": "application/json; charset=utf-8" },
  );
});
