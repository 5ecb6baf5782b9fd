import "server-only";
import { and, eq } from "drizzle-orm";
import { cases } from "@/db/schema";
import { parsePolicyRequestDraft } from "@/lib/policy";
import { saveDraftInput } from "@/lib/validation/case-input";
import { audit, requirePermission, withTransaction, type ServiceContext } from "../context";
import { ConflictError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { getCaseInScope } from "./get-case-in-scope";
import { moveCase } from "./move-case";
import { isUniqueViolation, newCaseReference, requestColumns } from "./shared";

export interface SavedDraft {
  id: string;
  reference: string;
  version: number;
  status: "draft";
}

/**
 * Saves an incomplete request as a draft: creates it (keyed by the form instance's idempotency
 * key, so two quick saves make one draft) or updates the draft `caseId` at `version`.
 */
export async function saveDraft(ctx: ServiceContext, input: unknown): Promise<SavedDraft> {
  await requirePermission(ctx, "case.create");
  const data = parseInput(saveDraftInput, input);
  const parsed = parsePolicyRequestDraft(data.request ?? {});
  if (!parsed.ok) throw new ValidationError(parsed.error.message, parsed.error.issues);
  const request = parsed.data;
  const fields = {
    request,
    memberId: data.memberId || null,
    memberName: data.memberName || null,
    ...requestColumns(request),
  };

  for (let attempt = 0; ; attempt++) {
    try {
      return await withTransaction(ctx, async (tx) => {
        let existing = data.caseId ? await getCaseInScope(ctx, data.caseId, tx, { forUpdate: true }) : undefined;
        if (!existing && data.idempotencyKey) {
          [existing] = await tx
            .select()
            .from(cases)
            .where(
              and(eq(cases.organizationId, ctx.viewer.organizationId), eq(cases.idempotencyKey, data.idempotencyKey)),
            )
            .for("update");
        }
        if (existing) {
          if (existing.status !== "draft")
            throw new ConflictError(
              `This request was already submitted as ${existing.reference}; it can no longer be edited as a draft.`,
            );
          if (data.version !== undefined && data.version !== existing.version)
            throw new ConflictError(
              "This draft was changed in another window since you opened it. Reload it to see the latest version.",
            );
          // Not a status change: the same conditional UPDATE, the version moves on.
          const row = await moveCase(ctx, tx, existing, { ...fields, updatedAt: new Date() }, (after) => ({
            action: "case.draft_save",
            targetType: "case",
            targetId: after.id,
            caseId: after.id,
            details: { version: after.version },
          }));
          return { id: row.id, reference: row.reference, version: row.version, status: "draft" as const };
        }
        const [row] = await tx
          .insert(cases)
          .values({
            ...fields,
            reference: newCaseReference(),
            organizationId: ctx.viewer.organizationId,
            createdBy: ctx.viewer.userId,
            status: "draft",
            idempotencyKey: data.idempotencyKey ?? null,
          })
          .returning({ id: cases.id, reference: cases.reference, version: cases.version });
        await audit(tx, ctx, {
          action: "case.create_draft",
          targetType: "case",
          targetId: row!.id,
          caseId: row!.id,
          details: { reference: row!.reference },
        });
        return { ...row!, status: "draft" as const };
      });
    } catch (err) {
      // A second save of the same form instance raced us (key), or a reference collided: retry once or twice.
      if (
        attempt < 3 &&
        (isUniqueViolation(err, "cases_org_idempotency_key") || isUniqueViolation(err, "cases_reference_unique"))
      )
        continue;
      throw err;
    }
  }
}
