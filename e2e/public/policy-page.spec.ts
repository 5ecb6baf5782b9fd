import { expect, test } from "../support/test";
import { expectAccessible, signIn } from "../support/helpers";

test("the policy page renders every passage and a citation link highlights its passage", async ({ page }) => {
  await signIn(page, "nurse@plan.demo");
  await page.waitForURL(/\/queue/);
  await page.goto("/policy/339.7");
  await expect(page.getByRole("heading", { level: 1, name: /Implanted Spinal Drug Delivery Systems/ })).toBeVisible();
  await expect(page.getByRole("table").first()).toBeVisible();
  await expectAccessible(page);

  // Follow the criteria index's citation for the six-month conservative therapy criterion.
  const citation = page
    .getByRole("complementary", { name: "Criteria index" })
    .locator('a[href$="#coverage-cnmp-trial-4"]')
    .first();
  await citation.click();
  await expect(page).toHaveURL(/#coverage-cnmp-trial-4$/);
  const passage = page.locator("#coverage-cnmp-trial-4");
  await expect(passage).toContainText("minimum of a 6-month trial of conservative methods of pain management");
  await expect(passage).toBeInViewport();
  expect(await passage.evaluate((el) => el.matches(":target"))).toBe(true);
  const highlighted = await passage.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(highlighted).not.toBe("rgba(0, 0, 0, 0)");
  // Only the linked passage: its neighbour keeps a transparent background.
  expect(await page.locator("#coverage-cnmp-trial-3").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
    "rgba(0, 0, 0, 0)",
  );

  // A deep link from elsewhere (a letter, the API) lands on the passage too.
  await page.goto("/policy/339.7#documentation-cnmp-trial-4");
  await expect(page.locator("#documentation-cnmp-trial-4")).toContainText("Psychiatric or psychosocial issues/history");
  expect(await page.locator("#documentation-cnmp-trial-4").evaluate((el) => el.matches(":target"))).toBe(true);
});

test("an unknown policy version is a 404", async ({ page }) => {
  await signIn(page, "auditor@plan.demo");
  await page.waitForURL(/\/audit/);
  const response = await page.goto("/policy/999.9");
  expect(response?.status()).toBe(404);
});
