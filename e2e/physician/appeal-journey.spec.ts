import { expect, test } from "../support/test";
import { expectAccessible, pageAs } from "../support/helpers";
import { findInQueue, sign, submitOwnCase } from "../support/cases";

const PSYCH = '[data-criterion="cnmp.trial.psychological"]';
const REASON = "The psychological evaluation of 2026-01-20 is attached: no untreated issues that would interfere.";

test.setTimeout(150_000); // a long journey (two physicians, a provider), like the other long journeys

test("a denial is appealed with a reason, and the other physician decides the appeal reading it", async ({
  page,
  browser,
}, testInfo) => {
  // The spec's own case: documented except the psychological evaluation.
  const own = await submitOwnCase(page.request, (r) => {
    delete r.clinical!.psychologicalEvaluation;
  });

  // The first physician denies; the confirmation says what will be signed and shows the letter.
  await findInQueue(page, own.reference, own.reference);
  await page.getByRole("button", { name: `Claim case ${own.reference}` }).click();
  await expect(page.getByTestId("hold-status")).toHaveText(/You hold this case\./);
  await expect(page.locator(PSYCH).getByLabel("Finding")).toHaveValue("not_documented");
  await page.locator(PSYCH).getByLabel(/^Note/).fill("No psychological evaluation in the records.");
  await page
    .getByLabel("Rationale (sent in the letter)")
    .fill("The records do not document the absence of untreated psychological issues.");
  await page.getByRole("button", { name: "Deny…" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Sign and send this denial?" });
  await expect(dialog.getByTestId("letter-preview")).toContainText('choose "Open the appeal form"');
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("deny-dialog.png") });
  await sign(page, "Sign and send this denial?", "Sign and send the denial", "Denied");
  await expect(page.getByTestId("outcome-decision")).toContainText("Denied. The letter has been issued.");
  await expect(page.getByTestId("determination")).toContainText("Note: No psychological evaluation in the records.");

  // The denial letter lists only what was not met, and names the controls the provider will see.
  await page.getByRole("link", { name: "Open the decision letter" }).click();
  await expect(page.getByRole("heading", { name: "Decision: Denied" })).toBeVisible();
  await expect(page.getByTestId("letter-reason")).toHaveCount(1);
  await expect(page.getByText(/choose "Open the appeal form".*choose "File the appeal"/)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("letter-denied.png"), fullPage: true });

  // The provider appeals with a reason and sees it on the case page.
  const provider = await pageAs(browser, "provider");
  await provider.page.goto(`/cases/${own.id}`);
  await provider.page.getByText("Open the appeal form").click();
  await provider.page.getByLabel("Why the decision should change").fill(REASON);
  await provider.page.getByRole("button", { name: "File the appeal" }).click();
  await expect(provider.page.getByText("Your appeal was filed.")).toBeVisible();
  await expect(provider.page.getByTestId("appeal-reason")).toHaveText(REASON);
  await expectAccessible(provider.page);
  await provider.page.screenshot({ path: testInfo.outputPath("provider-case-appealed.png"), fullPage: true });
  await provider.context.close();

  // The denying physician reads the reason but is not offered the claim (defect 5).
  await findInQueue(page, own.reference, own.reference, "?view=physician");
  await expect(page.getByTestId("appeal-reason")).toHaveText(REASON);
  await expect(page.getByTestId("hold-status")).toHaveText(
    "You denied this case; another physician decides its appeal.",
  );
  await expect(page.getByRole("button", { name: `Claim case ${own.reference}` })).toHaveCount(0);

  // The other physician reads the reason (defect 4), claims and overturns, confirming in the dialog.
  const second = await pageAs(browser, "physician2");
  await findInQueue(second.page, own.reference, own.reference, "?view=physician");
  await expect(second.page.getByTestId("appeal-reason")).toHaveText(REASON);
  await second.page.getByRole("button", { name: `Claim case ${own.reference}` }).click();
  await expect(second.page.getByTestId("hold-status")).toHaveText(/You hold this case\./);
  await second.page.locator(PSYCH).getByLabel("Finding").selectOption("met");
  await second.page
    .getByLabel("Rationale (sent in the letter)")
    .fill("The appeal supplies the psychological evaluation; every criterion is now met.");
  await second.page.getByRole("button", { name: "Overturn the denial (approve)…" }).click();
  await sign(second.page, "Sign: overturn the denial?", "Sign: overturn the denial", "the denial is overturned");
  await expect(second.page.getByTestId("case-status")).toHaveText("Appeal overturned (approved)");
  await expect(second.page.getByTestId("determination")).toHaveCount(2);
  await second.context.close();
});
