import { expect, test } from "../support/test";
import { expectAccessible, pageAs } from "../support/helpers";
import { findInQueue, sign, submitOwnCase } from "../support/cases";

// Read-only demo references from db/demo/reviewer-cases.ts (REVIEWER_DEMO): no spec changes them.
const APPEAL = "PA-2026-200108";
const ESCALATED = "PA-2026-200106";
const PSYCH_QUOTE =
  "Documentation of the absence of underlying, untreated psychological or psychosocial issues that will interfere with successful pain treatment";

async function openCase(page: import("@playwright/test").Page, reference: string, view = "") {
  await page.goto(`/queue${view}`);
  await page.getByRole("link", { name: reference, exact: true }).click();
  await expect(page.getByRole("heading", { name: `Case ${reference}` })).toBeVisible();
}

test("the physician-only view holds escalated cases, cases the policy does not address, and appeals", async ({
  page,
}, testInfo) => {
  await page.goto("/queue?view=physician");
  await expect(page.getByRole("heading", { name: "Physician-only queue" })).toBeVisible();
  await expect(page.getByText("Escalated by a nurse").first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "Not addressed by policy" }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: APPEAL, exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("queue-physician.png"), fullPage: true });
});

test("an escalated case shows who escalated it, when and why", async ({ page }) => {
  await openCase(page, ESCALATED, "?view=physician");
  const escalation = page.getByTestId("escalation");
  await expect(escalation).toHaveCount(1);
  await expect(escalation).toContainText("Escalated by");
  await expect(escalation).toContainText(
    "Life expectancy is not stated and the InterQual subset needs a physician's judgement.",
  );
});

test("a physician denies with a cited finding; the confirmation and the letter quote the policy", async ({
  page,
}, testInfo) => {
  // The spec's own case: documented except the psychological evaluation.
  const own = await submitOwnCase(page.request, (r) => {
    delete r.clinical!.psychologicalEvaluation;
  });
  await findInQueue(page, own.reference, own.reference);
  await page.getByRole("button", { name: `Claim case ${own.reference}` }).click();
  await expect(page.getByText("You hold this case.")).toBeVisible();
  const psych = page.locator('[data-criterion="cnmp.trial.psychological"]');
  await expect(psych.getByLabel("Finding")).toHaveValue("not_documented");
  await psych.getByLabel(/^Note/).fill("No psychological evaluation in the records.");
  await page
    .getByLabel("Rationale (sent in the letter)")
    .fill("The records do not document the absence of untreated psychological issues.");
  await page.getByRole("button", { name: "Deny…" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Sign and send this denial?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("letter-preview")).toContainText(PSYCH_QUOTE);
  await expect(dialog).toContainText("within 180 days");
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("deny-dialog.png") });
  await sign(page, "Sign and send this denial?", "Sign and send the denial", "Denied");
  await expect(page.getByRole("alert").filter({ hasText: "Denied. The letter has been issued." })).toBeVisible();
  await expect(page.getByTestId("case-status")).toHaveText("Denied");
  await page.getByRole("link", { name: "Open the decision letter" }).click();
  await expect(page.getByRole("heading", { name: "Decision: Denied" })).toBeVisible();
  await expect(page.getByTestId("letter-reason").first()).toContainText(PSYCH_QUOTE);
  await expect(page.getByText(/peer-to-peer conversation/)).toBeVisible();
  await expect(
    page.getByText(/call the plan's utilization management line at the number on the member's ID card/),
  ).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("letter-denied.png"), fullPage: true });
  const pdf = await page.request.get(page.url() + "/pdf");
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
});

test("two reviewers on one case: the second learns who has it and keeps what they typed", async ({
  page,
  browser,
}, testInfo) => {
  const own = await submitOwnCase(page.request);
  const nurse = await pageAs(browser, "nurse");
  await findInQueue(page, own.reference, own.reference);
  await findInQueue(nurse.page, own.reference, own.reference);
  const etiology = nurse.page.locator('[data-criterion="cnmp.trial.etiology"]');
  await etiology.getByRole("button", { name: /Open finding/ }).click();
  const note = etiology.getByLabel(/^Note/);
  await note.fill("Nurse's note typed before the race");
  await page.getByRole("button", { name: `Claim case ${own.reference}` }).click();
  await expect(page.getByText("You hold this case.")).toBeVisible();
  await nurse.page.getByRole("button", { name: `Claim case ${own.reference}` }).click();
  await expect(
    nurse.page.getByRole("alert").filter({ hasText: /Claimed by Dr\. Paul Physician at .* ET\. Your notes are kept/ }),
  ).toBeVisible();
  await expect(note).toHaveValue("Nurse's note typed before the race");
  // The loser reads who holds the case, with nothing left to claim (no "Nobody holds this case").
  await expect(nurse.page.getByTestId("hold-status")).toContainText("Claimed by Dr. Paul Physician");
  await expect(nurse.page.getByText("Nobody holds this case")).toHaveCount(0);
  await nurse.page.screenshot({ path: testInfo.outputPath("conflict-nurse.png"), fullPage: true });
  await nurse.context.close();
});
