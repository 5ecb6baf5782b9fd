import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { documentedRequest } from "@/lib/policy/fixtures";
import type { PolicyRequest } from "@/lib/policy";
import { pageAs } from "./helpers";

const PRACTICE_KEYS = { northside: "pa_demo_northside_key", lakeview: "pa_demo_lakeview_key" } as const;

/** A case of the spec's own, submitted through the JSON API as Northside (or Lakeview), so no demo case changes. */
export async function submitOwnCase(
  request: APIRequestContext,
  edit: (r: PolicyRequest) => void = () => {},
  memberName = "Erin Endtoend",
  practice: keyof typeof PRACTICE_KEYS = "northside",
) {
  const body = documentedRequest("chronic_nonmalignant_pain", "trial");
  delete (body as { caseId?: string }).caseId;
  edit(body);
  const memberId = `E2E-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const created = await request.post("/api/v1/cases", {
    headers: { authorization: `Bearer ${PRACTICE_KEYS[practice]}` },
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

/** A small PDF of `pages` pages (pdf-lib), for uploads a spec makes to its own case. */
async function pdfOf(pages = 2): Promise<Buffer> {
  const { PDFDocument } = await import("pdf-lib");
  const doc = await PDFDocument.create();
  for (let i = 1; i <= pages; i++)
    doc.addPage([300, 200]).drawText(`Clinical records, page ${i}`, { x: 20, y: 100, size: 12 });
  return Buffer.from(await doc.save());
}

/** Attaches a PDF to the spec's own case through the JSON API, as Northside. */
export async function attachOwnFile(request: APIRequestContext, caseId: string, name = "clinical-records.pdf") {
  const uploaded = await request.post(`/api/v1/cases/${caseId}/attachments`, {
    headers: { authorization: "Bearer pa_demo_northside_key" },
    multipart: { file: { name, mimeType: "application/pdf", buffer: await pdfOf() } },
  });
  expect(uploaded.status()).toBe(201);
  return (await uploaded.json()) as { id: string };
}

/** The nurse claims the spec's own case and asks the provider for information, in the workspace. */
export async function pendAsNurse(
  browser: Browser,
  own: { memberId: string; reference: string },
  message: string,
  item: string,
) {
  const { context, page } = await pageAs(browser, "nurse");
  await findInQueue(page, own.memberId, own.reference);
  await page.getByRole("button", { name: `Claim case ${own.reference}` }).click();
  await expect(page.getByTestId("hold-status")).toHaveText(/You hold this case\./);
  await page.getByRole("button", { name: "Pend for information…" }).click();
  await page.getByLabel("Message to the provider").fill(message);
  await page.getByLabel("Items needed (one per line)").fill(item);
  await page.getByRole("button", { name: "Send the request for information" }).click();
  await expect(page.getByTestId("case-status")).toHaveText("Information requested");
  await context.close();
}
