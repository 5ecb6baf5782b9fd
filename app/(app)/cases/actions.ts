"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/server/action";
import { serviceContext } from "@/lib/server/viewer";
import { saveDraft } from "@/lib/server/cases/save-draft";
import { submitCase } from "@/lib/server/cases/submit-case";
import { withdrawCase } from "@/lib/server/cases/withdraw-case";
import { respondToInformationRequest } from "@/lib/server/cases/respond-to-information-request";
import { fileAppeal } from "@/lib/server/cases/file-appeal";
import { listOrganizationCases } from "@/lib/server/cases/list-organization-cases";
import { parseInput } from "@/lib/server/parse-input";
import { caseSearchInput, submitCaseFormInput } from "@/lib/validation/case-input";

/**
 * The case list's search, as a POST: the search text (a member's name or ID) never goes into a
 * URL, where logs and browser history would keep it.
 */
export const searchCasesAction = action(async (input: unknown) => {
  const ctx = await serviceContext();
  return listOrganizationCases(ctx, parseInput(caseSearchInput, input, "filter"));
});

export const saveDraftAction = action(async (input: unknown) => saveDraft(await serviceContext(), input));

export const submitCaseAction = action(async (input: unknown) => {
  const r = await submitCase(await serviceContext(), input, { schema: submitCaseFormInput });
  revalidatePath("/cases");
  return { id: r.id, reference: r.reference, created: r.created };
});

export const withdrawCaseAction = action(async (input: unknown) => {
  const r = await withdrawCase(await serviceContext(), input);
  revalidatePath(`/cases/${r.id}`);
  return { id: r.id };
});

export const respondAction = action(async (input: unknown) => {
  const r = await respondToInformationRequest(await serviceContext(), input);
  revalidatePath(`/cases/${r.id}`);
  return { id: r.id };
});

export const fileAppealAction = action(async (input: unknown) => {
  const r = await fileAppeal(await serviceContext(), input);
  revalidatePath(`/cases/${r.id}`);
  return { id: r.id };
});
