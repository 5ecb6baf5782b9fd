import { expect, test, type Page } from "../support/test";
import { expectAccessible } from "../support/helpers";

const linkRefusal = (page: Page) =>
  page.getByRole("alert").filter({ hasText: "The link that opened this form was not understood" });

// A CRD card's "Start the request in the portal" link (lib/request-prefill.ts) opens the form
// started for the order; a link the portal does not understand says so and starts empty.
test("an EHR card's link opens the request form started for the order", async ({ page }) => {
  await page.goto("/cases/new?phase=trial&indication=cancer_pain&cpt=62326");
  await expect(page.getByRole("heading", { name: "New prior-authorization request" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel("Indication")).toHaveValue("cancer_pain");
  await expect(page.getByLabel("Phase")).toHaveValue("trial");
  await expect(page.getByLabel(/^62326/)).toBeChecked();
  await expect(linkRefusal(page)).toHaveCount(0);
  await expectAccessible(page);
});

test("a link the portal does not understand is named, and the form starts empty", async ({ page }) => {
  await page.goto("/cases/new?phase=implant&cpt=62326");
  await expect(linkRefusal(page)).toContainText('cpt: 62326 does not belong to phase "implant"');
  await expect(page.getByLabel("Phase")).toHaveValue("");
  await expectAccessible(page);
});
