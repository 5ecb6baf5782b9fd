import { expect, test, type Page } from "../support/test";
import { expectAccessible } from "../support/helpers";
import { pendAsNurse, submitOwnCase } from "../support/cases";
import { fillCleanTrialFacts, fillTrialBasics, PDF } from "../support/request-form";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const EXE = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);

const panel = (page: Page) => page.getByTestId("still-needs");
const stillNeeded = (page: Page) => panel(page).locator('[data-status="missing_documentation"]');

// The API spec's 25 MB upload may hold the embedded database for seconds while these run.
test.describe.configure({ timeout: 120_000 });

test("a provider files a request, watches what the policy still needs, uploads records and submits once", async ({
  page,
}, testInfo) => {
  await page.goto("/cases");
  await expect(page.getByRole("heading", { name: "Your organization’s cases" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("provider-cases-list.png"), fullPage: true });
  await page.getByRole("link", { name: "New request" }).click();
  await expect(page.getByRole("heading", { name: "New prior-authorization request" })).toBeVisible({ timeout: 30_000 });
  await expect(panel(page)).toContainText("Fill in the member and request details");

  await fillTrialBasics(page, { id: "N-77001", name: "Pat Journey" });

  await expect(panel(page).getByTestId("still-needs-outcome")).toHaveAttribute(
    "data-outcome",
    "insufficient_documentation",
  );
  const before = await stillNeeded(page).count();
  expect(before).toBeGreaterThan(3);
  await page.screenshot({ path: testInfo.outputPath("provider-new-request-empty.png"), fullPage: true });

  // Facts, one by one: the panel follows.
  await fillCleanTrialFacts(page, () => expect.poll(() => stillNeeded(page).count()).toBeLessThan(before));
  await expect(stillNeeded(page)).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("provider-new-request-complete.png"), fullPage: true });

  // Two records with progress (the draft is saved first), said to be the treatment history, and a
  // fake PDF refused by its content.
  await page.getByLabel("Kind of record").selectOption("treatment_history");
  await page.locator('input[type="file"]').setInputFiles([
    { name: "therapy-log.pdf", mimeType: "application/pdf", buffer: PDF },
    { name: "mri.png", mimeType: "image/png", buffer: PNG },
    { name: "records.pdf", mimeType: "application/pdf", buffer: EXE },
  ]);
  await expect(page.locator('[data-upload-state="done"]')).toHaveCount(2, { timeout: 30_000 });
  await expect(page.locator('[data-upload-state="refused"]')).toContainText(
    "records.pdf is not a PDF, PNG, JPEG or TIFF",
  );
  await expect(page.getByRole("status").first()).toContainText(/Draft PA-\d{4}-\d{6} saved/);
  await page.screenshot({ path: testInfo.outputPath("provider-uploads.png"), fullPage: true });

  // Attested, and a double click submits once.
  await page.getByLabel(/I attest that these facts are true/).check();
  await page.getByRole("button", { name: "Submit request" }).dblclick();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}\?submitted=1/, { timeout: 30_000 });
  await expect(page.getByTestId("case-status")).toHaveText("Submitted");
  await expect(page.getByText("Facts attested at submission")).toBeVisible();
  // The records the policy asks for, by kind: the treatment history is there, the rest is not.
  const asked = page.getByRole("list", { name: "Records the policy asks for" });
  await expect(asked.getByRole("listitem").filter({ hasText: "Treatment history" })).toContainText("Attached:");
  await expect(asked.getByRole("listitem").filter({ hasText: "Clinical notes" })).toContainText("Missing:");
  await expect(page.getByRole("link", { name: "therapy-log.pdf" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("provider-case-submitted.png"), fullPage: true });
  // The search is a POST: the member ID never appears in a URL (logs, history).
  await page.goto("/cases");
  await page.getByLabel("Search").fill("N-77001");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("1 case found")).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(1);
  expect(page.url()).not.toContain("N-77001");
  expect(page.url()).not.toContain("q=");
});

test("a provider answers the reviewer's request for information with new facts", async ({
  page,
  browser,
}, testInfo) => {
  // The spec's own case, pended by the nurse for the psychological evaluation.
  const own = await submitOwnCase(page.request, (r) => {
    delete r.clinical!.psychologicalEvaluation;
  });
  await pendAsNurse(
    browser,
    own,
    "Please send the evaluation report of the psychological evaluation.",
    "Psychological evaluation report",
  );
  // Found by the member's ID through the case list's search, which keeps it out of the URL.
  await page.goto("/cases?status=pending_information");
  await page.getByLabel("Search").fill(own.memberId);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("case-search-results")).toBeVisible();
  expect(page.url()).not.toContain(own.memberId);
  expect(page.url()).not.toContain("q=");
  await expect(page.getByTestId("case-search-results").locator("tbody tr")).toHaveCount(1);
  await page.getByTestId("case-search-results").locator("tbody tr a").first().click();
  await expect(page.getByRole("heading", { name: "The reviewer asks for more information" })).toBeVisible();
  await expect(page.getByText("Please send the evaluation report")).toBeVisible();
  await page.getByLabel("Date of the evaluation").fill("2026-01-20");
  await page.getByLabel("Untreated psychological issues likely to interfere?").selectOption("no");
  await page.getByLabel("Your answer to the reviewer").fill("The psychological evaluation of 2026-01-20 is attached.");
  await page
    .locator('input[type="file"]')
    .setInputFiles([{ name: "psych-eval.pdf", mimeType: "application/pdf", buffer: PDF }]);
  await expect(page.locator('[data-upload-state="done"]')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath("provider-pend-answer.png"), fullPage: true });
  await page.getByRole("button", { name: "Send the answer" }).click();
  await expect(page.getByText("Your answer was sent; the case is back in review.")).toBeVisible();
  await expect(page.getByTestId("case-status")).toHaveText("In review");
  await expect(page.getByText("Information sent to the reviewer")).toBeVisible();
  await expect(page.getByText("2 evaluations kept for this case.")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("provider-case-after-answer.png"), fullPage: true });
});

test("a provider withdraws a submitted request", async ({ page }) => {
  // A case of its own (sent through the API), so no other suite's demo case changes.
  const created = await page.request.post("/api/v1/cases", {
    headers: { authorization: "Bearer pa_demo_northside_key" },
    data: {
      member: { dateOfBirth: "1968-04-12", lineOfBusiness: "commercial" },
      request: {
        requestDate: "2026-03-02",
        urgency: "standard",
        phase: "trial",
        indication: "chronic_nonmalignant_pain",
        cptCodes: ["62326"],
      },
    },
  });
  expect(created.status()).toBe(201);
  await page.goto(`/cases/${(await created.json()).id}`);
  await page.getByRole("button", { name: "Withdraw request" }).click();
  const dialog = page.getByRole("alertdialog", { name: /^Withdraw PA-/ });
  await expect(dialog).toContainText("will be withdrawn");
  await dialog.getByRole("button", { name: "Withdraw", exact: true }).click();
  await expect(dialog.getByRole("alert")).toContainText("Choose why");
  await dialog.getByLabel("Reason").selectOption("submitted_in_error");
  await dialog.getByRole("button", { name: "Withdraw", exact: true }).click();
  await expect(page.getByTestId("case-status")).toHaveText("Withdrawn");
  await expect(page.getByText("Request withdrawn: submitted in error")).toBeVisible();
});

test("a provider reads the decision letter of a decided case", async ({ page }, testInfo) => {
  // Read only: the demo's approved Northside case (db/demo/reviewer-cases.ts, 200107); no spec changes it.
  await page.goto("/cases?status=approved");
  const decided = page.locator("tbody tr a");
  await expect(decided.first()).toBeVisible();
  await decided.first().click();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("provider-case-decided.png"), fullPage: true });
  await page.getByRole("link", { name: "Read the decision letter" }).first().click();
  await expect(page).toHaveURL(/\/letters\//);
  await page.screenshot({ path: testInfo.outputPath("provider-letter.png"), fullPage: true });
});

test("the API key page shows a new key once", async ({ page }, testInfo) => {
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name of the new key").fill("E2E integration");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key")).toHaveText(/^pa_live_/);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("provider-api-keys.png"), fullPage: true });
  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "E2E integration", exact: true })).toBeVisible();
});
