import { expect, test, type APIRequestContext, type Page } from "../support/test";
import { documentedRequest } from "@/lib/policy/fixtures";
import { expectAccessible, pageAs } from "../support/helpers";
import { fillCleanTrialFacts, fillTrialBasics, PDF } from "../support/request-form";

const TRIAL_RECORDS = ["clinical_notes", "treatment_history", "psychological_evaluation"] as const;

test.describe.configure({ timeout: 180_000 });

/** The request form filled with a chronic non-malignant pain trial that meets every criterion. */
async function fillCleanTrial(page: Page, memberId: string) {
  await page.goto("/cases/new");
  await expect(page.getByRole("heading", { name: "New prior-authorization request" })).toBeVisible({ timeout: 30_000 });
  await fillTrialBasics(page, { id: memberId, name: "Robin Realtime" });
  await fillCleanTrialFacts(page);
}

/** A clean request through the JSON API (attested), then its records one by one; the last upload's answer. */
async function cleanRequestByApi(request: APIRequestContext) {
  const body = documentedRequest("chronic_nonmalignant_pain", "trial");
  delete (body as { caseId?: string }).caseId;
  const headers = { authorization: "Bearer pa_demo_northside_key" };
  const created = await request.post("/api/v1/cases", {
    headers,
    data: { memberId: `RT-${Date.now().toString(36)}`, memberName: "Robin Realtime", request: body, attested: true },
  });
  expect(created.status()).toBe(201);
  const { id, status, reference } = (await created.json()) as { id: string; status: string; reference: string };
  expect(status).toBe("submitted");
  let last: { caseStatus?: string; automatedApproval?: unknown } = {};
  for (const kind of TRIAL_RECORDS) {
    const uploaded = await request.post(`/api/v1/cases/${id}/attachments`, {
      headers,
      multipart: { file: { name: `${kind}.pdf`, mimeType: "application/pdf", buffer: PDF }, kind },
    });
    expect(uploaded.status()).toBe(201);
    last = await uploaded.json();
  }
  return { id, reference, last };
}

test("a clean, documented, attested request is approved the moment it is submitted; with the setting off it waits for a reviewer", async ({
  page,
  browser,
}, testInfo) => {
  // The provider's form, with a record of each kind the policy asks for, attested.
  await fillCleanTrial(page, `RT-${Date.now().toString(36)}`);
  for (const kind of TRIAL_RECORDS) {
    await page.getByLabel("Kind of record").selectOption(kind);
    await page
      .locator('input[type="file"]')
      .setInputFiles([{ name: `${kind}.pdf`, mimeType: "application/pdf", buffer: PDF }]);
    await expect(page.locator(`[data-upload-state="done"]`)).toHaveCount(TRIAL_RECORDS.indexOf(kind) + 1, {
      timeout: 30_000,
    });
  }
  await page.getByLabel(/I attest that these facts are true/).check();
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}\?submitted=1/, { timeout: 30_000 });
  await expect(page.getByTestId("case-status")).toHaveText("Approved");
  await expect(page.getByText(/Approved automatically by the policy engine under PHARMACY 339\.7/)).toBeVisible();
  await expect(page.getByText("Approved automatically (every criterion met and documented)")).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("provider-approved-in-real-time.png"), fullPage: true });
  await page.getByRole("link", { name: "Read the decision letter" }).click();
  await expect(
    page.getByRole("heading", { name: "Prior authorization decision (approved automatically)" }),
  ).toBeVisible();
  await expect(page.getByText(/No person reviewed it before this decision/)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("provider-automated-letter.png"), fullPage: true });

  // Through the API, the last record completes the request: approved in the upload's answer.
  const byApi = await cleanRequestByApi(page.request);
  expect(byApi.last.caseStatus).toBe("approved");
  expect(byApi.last.automatedApproval).toBeTruthy();

  // The administrator turns it off; the next clean request waits for a reviewer.
  const { context, page: admin } = await pageAs(browser, "admin");
  const setTrial = async (on: boolean) => {
    await admin.goto("/admin/automation");
    const box = admin.getByLabel("Infusion trial (Chronic non-malignant pain)");
    await (on ? box.check() : box.uncheck());
    await admin.getByRole("button", { name: "Save automated approval" }).click();
    await expect(admin.getByText("Saved. The next submission follows the new setting.")).toBeVisible();
  };
  try {
    await setTrial(false);
    await admin.reload();
    await expect(admin.getByTestId("automation-state")).toContainText("pump implantation approved automatically");
    await expectAccessible(admin);
    await admin.screenshot({ path: testInfo.outputPath("admin-automation-settings.png"), fullPage: true });
    const off = await cleanRequestByApi(page.request);
    expect(off.last.caseStatus).toBe("submitted");
    expect(off.last.automatedApproval).toBeNull();
  } finally {
    await setTrial(true);
    await context.close();
  }
});

test("a nurse reviews an automated approval drawn for quality review, finding one criterion otherwise", async ({
  page,
  browser,
}, testInfo) => {
  // Every automated approval drawn while this runs (the share back to 10 % after), then one made through the API.
  const { context: adminContext, page: admin } = await pageAs(browser, "admin");
  const setShare = async (percent: string) => {
    await admin.goto("/admin/automation");
    await admin.getByLabel(/^Quality review: share of automated approvals/).fill(percent);
    await admin.getByRole("button", { name: "Save automated approval" }).click();
    await expect(admin.getByText("Saved. The next submission follows the new setting.")).toBeVisible();
  };
  let reference: string;
  try {
    await setShare("100");
    const made = await cleanRequestByApi(page.request);
    expect(made.last.caseStatus).toBe("approved");
    reference = made.reference;
  } finally {
    await setShare("10");
    await adminContext.close();
  }

  const { context, page: nurse } = await pageAs(browser, "nurse");
  await nurse.goto("/review/quality");
  await expect(nurse.getByRole("heading", { name: "Quality review of automated approvals" })).toBeVisible();
  await expectAccessible(nurse);
  await nurse.getByRole("link", { name: `Review ${reference}` }).click();
  const etiology = nurse.getByRole("group", { name: /The etiology of the pain is known and clearly documented/ });
  await etiology.getByLabel("I find this criterion otherwise").check();
  await etiology.getByLabel("My finding").selectOption("not_documented");
  await etiology
    .getByLabel(/^Why/)
    .fill("The clinical notes name the diagnosis but not how the etiology was established.");
  await nurse.getByLabel("I find the criteria marked above otherwise (each with my finding and why)").check();
  await expectAccessible(nurse);
  await nurse.screenshot({ path: testInfo.outputPath("nurse-quality-review-form.png"), fullPage: true });
  await nurse.getByRole("button", { name: "Record my review" }).click();
  // The page shows the recorded review in place of the form, and again after a reload.
  await expect(nurse.getByTestId("qa-recorded")).toContainText("they find it not documented");
  await nurse.reload();
  await expect(nurse.getByTestId("qa-recorded")).toContainText("Reviewed by Nora Nurse");
  await nurse.screenshot({ path: testInfo.outputPath("nurse-quality-review-recorded.png"), fullPage: true });
  // It has left the queue; the case itself is still approved.
  await nurse.goto("/review/quality");
  await expect(nurse.getByRole("link", { name: `Review ${reference}` })).toHaveCount(0);
  await context.close();
});
