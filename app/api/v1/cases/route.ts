import { apiRoute, json, readJson } from "../_lib/http";
import { submitCase } from "@/lib/server/cases/submit-case";
import { listOrganizationCases } from "@/lib/server/cases/list-organization-cases";
import { ValidationError } from "@/lib/server/errors";
import { apiCaseBodyToInput, idempotencyKeySchema } from "@/lib/validation/case-input";

/**
 * POST /api/v1/cases: submit a request. 201 when created; 200 for a repeat of the same
 * Idempotency-Key and body; 409 for the same key with another body. A fully met, documented and
 * attested request in a phase the plan approves automatically comes back `approved`, with
 * `automatedApproval` naming the determination.
 *
 * Body (documented shape): `{ "memberId": "…", "memberName": "…", "request": { <FORMAT request> } }`:
 * the plan's member ID and the member's name, which the reviewer needs and FORMAT has no place
 * for, around the FORMAT request itself.
 *
 * FORMAT compatibility: a bare FORMAT request (`{ "member": …, "request": …, "clinical": … }`) is
 * accepted as the body too, with the member ID and name, if any, in the `X-Member-Id` and
 * `X-Member-Name` headers. It is told apart from the envelope by its top-level `member` key (an
 * envelope's `request` holds `request`/`member` keys, and it has `memberId`/`memberName`).
 */
export const POST = apiRoute(async (req, ctx) => {
  const body = await readJson(req);
  const parsedBody = apiCaseBodyToInput(body, req.headers);
  if (!parsedBody.ok)
    throw new ValidationError(
      `The request is not valid: ${parsedBody.issues
        .slice(0, 5)
        .map((i) => `${i.path} ${i.message}`)
        .join("; ")}.`,
      parsedBody.issues,
    );
  const header = req.headers.get("idempotency-key");
  let idempotencyKey: string | undefined;
  if (header !== null) {
    const parsed = idempotencyKeySchema.safeParse(header);
    if (!parsed.success)
      throw new ValidationError(`The Idempotency-Key header ${parsed.error.issues[0]!.message}.`, [
        { path: "Idempotency-Key", message: parsed.error.issues[0]!.message },
      ]);
    idempotencyKey = parsed.data;
  }
  const result = await submitCase(ctx, { ...parsedBody.input, idempotencyKey });
  return json(
    {
      id: result.id,
      reference: result.reference,
      status: result.status,
      dueAt: result.dueAt.toISOString(),
      evaluation: result.evaluation,
      // Present when the policy engine approved the request in the submission itself.
      automatedApproval: result.automatedApproval ?? null,
    },
    result.created ? 201 : 200,
    { location: `/api/v1/cases/${result.id}` },
  );
});

/** GET /api/v1/cases?page=1&pageSize=25&status=submitted: the organization's cases. */
export const GET = apiRoute(async (req, ctx) => {
  const url = new URL(req.url);
  const list = await listOrganizationCases(ctx, {
    page: url.searchParams.get("page") ?? undefined,
    pageSize: url.searchParams.get("pageSize") ?? undefined,
    status: url.searchParams.get("status") ?? undefined,
  });
  return json({
    cases: list.rows.map((c) => ({
      id: c.id,
      reference: c.reference,
      status: c.status,
      urgency: c.urgency,
      indication: c.indication,
      phase: c.phase,
      engineOutcome: c.engineOutcome,
      submittedAt: c.submittedAt?.toISOString() ?? null,
      dueAt: c.dueAt?.toISOString() ?? null,
      decidedAt: c.decidedAt?.toISOString() ?? null,
      decision: c.decision,
    })),
    page: list.page,
    pageSize: list.pageSize,
    total: list.total,
  });
});
