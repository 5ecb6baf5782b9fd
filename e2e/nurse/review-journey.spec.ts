import { expect, test } from "../support/test";
import { expectAccessible } from "../support/helpers";
import { attachOwnFile, findInQueue, sign, submitOwnCase } from "../support/cases";

test("the queue shows time left, flags overdue cases, and filters", async ({ page }, testInfo) => {
  await page.goto("/queue");
  await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
  const rows = page.getByTestId("queue-row");
  await expect(rows.first()).toBeVisible();
  await expect(page.getByText(/Overdue: .* overdue/).first()).toBeVisible();
  await expect(page.getByText(/left$/).first()).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("queue-nurse.png"), fullPage: true });
  await page.getByLabel("Urgency").selectOption("expedited");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/urgency=expedited/);
  for (const text of await page.getByTestId("queue-row").allInnerTexts()) expect(text).toContain("Expedited");
  // Cases routed to physicians are not in the nurse's queue, and the physician view is refused.
  const response = await page.goto("/queue?view=physician");
  expect(response?.status()).toBe(403);
});

test("a crafted page link gets a message on the queue page, not a server error", async ({ page }) => {
  for (const after of [
    "2026-13-01T00:00Z_" + "-".repeat(36),
    "2026-01-01T:Z_" + "0".repeat(8) + "-0000-4000-8000-" + "0".repeat(12),
  ]) {
    const response = await page.goto(`/queue?after=${encodeURIComponent(after)}`);
    expect(response?.status()).toBeLessThan(500);
    await expect(page.getByRole("alert").filter({ hasText: "The page link is not valid" })).toBeVisible();
    await expect(page.getByRole("link", { name: "First page of the queue" })).toBeVisible();
  }
});

test("a nurse claims a case, records findings with citations and evidence, and approves", async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000); // a long journey: on PostgreSQL it took 40 s of the default 60
  // The spec's own case, with the records the provider sent.
  const own = await submitOwnCase(page.request);
  await attachOwnFile(page.request, own.id, "clinical-records.pdf");
  await findInQueue(page, own.reference, own.reference);
  await expect(page).toHaveURL(/\/review\//);
  await page.getByRole("button", { name: `Claim case ${own.reference}` }).click();
  await expect(page.getByText("You hold this case.")).toBeVisible();
  await expect(page.getByTitle(/clinical-records\.pdf, page 1/)).toBeVisible();

  const therapy = page.locator('[data-criterion="cnmp.trial.conservative-therapy"]');
  // Criteria the engine found met are folded; open the ones to annotate.
  await expect(therapy).toHaveAttribute("data-compact", "true");
  await therapy.getByRole("button", { name: /Open finding/ }).click();
  await expect(therapy).toHaveAttribute("data-compact", "false");
  await page.getByLabel("Page", { exact: true }).fill("2");
  await therapy.getByRole("button", { name: /Cite the file shown, page 2/ }).click();
  await expect(therapy.getByText("clinical-records.pdf, page 2")).toBeVisible();
  await therapy.getByLabel(/^Note/).fill("Therapy log on page 2: opioids and physical therapy over 8 months.");
  // Cite another passage for the etiology finding: the policy panel highlights it.
  const etiology = page.locator('[data-criterion="cnmp.trial.etiology"]');
  await etiology.getByRole("button", { name: /Open finding/ }).click();
  await etiology.getByLabel("Citation").selectOption("documentation-cnmp-trial-1");
  await expect(page.getByTestId("cited-passage").filter({ hasText: "Etiology of pain" }).first()).toBeVisible();
  await page
    .getByLabel("Rationale (sent in the letter)")
    .fill("All criteria are documented and met; the therapy log shows eight months of failed treatment.");
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("workspace-top.png") });
  await page.screenshot({ path: testInfo.outputPath("workspace-nurse.png"), fullPage: true });

  await page.getByRole("button", { name: "Approve…" }).click();
  await sign(page, "Sign and send this approval?", "Sign and send the approval", "Approved");
  await expect(page.getByRole("alert").filter({ hasText: "Approved. The letter has been issued." })).toBeVisible();
  // The signed determination shows its evidence pointers and notes.
  await expect(page.getByTestId("determination-evidence")).toContainText("clinical-records.pdf, page 2");
  await expect(page.getByTestId("determination")).toContainText("Note: Therapy log on page 2");
  await expect(page.getByTestId("case-status")).toHaveText("Approved");
  await page.getByRole("link", { name: "Open the decision letter" }).click();
  await expect(page.getByRole("heading", { name: "Decision: Approved" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "What is approved" })).toBeVisible();
  await expect(page.getByTestId("letter-criteria-met")).toContainText("Conservative pain management failed");
  // An approval offers nothing to appeal: no action needed, member services for anything partial.
  await expect(page.getByRole("heading", { name: "What happens next" })).toBeVisible();
  await expect(page.getByText("This approval needs no action from you or the member.")).toBeVisible();
  await expect(page.getByText(/provider portal/)).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("letter-approved.png"), fullPage: true });
});
