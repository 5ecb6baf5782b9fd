"use server";
import { revalidatePath } from "next/cache";
import { ok, rethrowIfNavigation, toActionResult, ValidationError, type ActionResult } from "@/lib/server/errors";
import { serviceContext } from "@/lib/server/viewer";
import { saveDraft, type SavedDraft } from "@/lib/server/cases/save-draft";
import { submitCase } from "@/lib/server/cases/submit-case";
import { withdrawCase } from "@/lib/server/cases/withdraw-case";
import { respondToInformationRequest } from "@/lib/server/cases/respond-to-information-request";
import { fileAppeal } from "@/lib/server/cases/file-appeal";
import { listOrganizationCases, type OrganizationCaseRow } from "@/lib/server/cases/list-organization-cases";

/**
 * The case list's search, as a POST: the search text (a member's name or ID) never goes into a
 * URL, where logs and browser history would keep it.
 */
export async function searchCasesAction(input: unknown): Promise<ActionResult<{ rows: OrganizationCaseRow[]; total: number; page: number; pageSize: number }>> {
  try {
    const { q, status, page } = (input ?? {}) as { q?: unknown; status?: unknown; page?: unknown };
    return ok(await listOrganizationCases(await serviceContext(), { q, status, page, pageSize: 25 }));
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

export async function saveDraftAction(input: unknown): Promise<ActionResult<SavedDraft>> {
  try {
    return ok(await saveDraft(await serviceContext(), input));
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

export async function submitCaseAction(input: unknown): Promise<ActionResult<{ id: string; reference: string; created: boolean }>> {
  try {
    // The web form identifies the member by the plan's member ID and name (the API's FORMAT body has neither).
    const member = (input ?? {}) as { memberId?: unknown; memberName?: unknown };
    const missing = (["memberId", "memberName"] as const).filter((k) => typeof member[k] !== "string" || !(member[k] as string).trim());
    if (missing.length) throw new ValidationError("Enter the member’s ID and name before submitting.", missing.map((path) => ({ path, message: "is required" })));
    const r = await submitCase(await serviceContext(), input);
    revalidatePath("/cases");
    return ok({ id: r.id, reference: r.reference, created: r.created });
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

export async function withdrawCaseAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const r = await withdrawCase(await serviceContext(), input);
    revalidatePath(`/cases/${r.id}`);
    return ok({ id: r.id });
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

export async function respondAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const r = await respondToInformationRequest(await serviceContext(), input);
    revalidatePath(`/cases/${r.id}`);
    return ok({ id: r.id });
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

export async function fileAppealAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const r = await fileAppeal(await serviceContext(), input);
    revalidatePath(`/cases/${r.id}`);
    return ok({ id: r.id });
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}
