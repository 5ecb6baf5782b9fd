import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { documentedRequest } from "@/lib/policy/fixtures";
import type { PolicyRequest } from "@/lib/policy";

/** A case of the spec's own, submitted through the JSON API as Northside, so no demo case changes. */
export async function submitOwnCase(request: APIRequestContext, edit: (r: PolicyRequest) => void = () => {}, memberName = "Erin Endtoend") {
  const body = documentedRequest("chronic_nonmalignant_pain", "trial");
  delete (body as { caseId?: string }).caseId;
  edit(body);
  const memberId = `E2E-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const created = await request.post("/api/v1/cases", {
    headers: { authorization: "Bearer pa_demo_northside_key" },
    data: { memberId, memberName, request: body },
  });
  expect(created.status()).toBe(201);
  const json = (await created.json()) as { id: string; reference: string };
  return { id: json.id, memberId, reference: json.reference };
}

/** Opens a case in the review workspace through the queue's search (reference or member ID). */
export async function findInQueue(page: Page, query: string, reference: string, view = "") {
  await page.goto(`/queue${view}`);
  await page.getByLabel("Find a case").fill(query);
  await page.getByRole("button", { name: "Find", exact: true }).click();
  await page.getByTestId("queue-search-results").getByRole("link", { name: reference, exact: true }).click();
  await expect(page.getByRole("heading", { name: `Case ${reference}` })).toBeVisible();
}

/** Confirms a signature in the alert dialog, after checking it says what will be signed. */
export async function sign(page: Page, title: string, confirm: string, decision: string | RegExp) {
  const dialog = page.getByRole("alertdialog", { name: title });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("sign-summary")).toContainText(decision);
  await dialog.getByRole("button", { name: confirm }).click();
  await expect(dialog).toHaveCount(0);
}
