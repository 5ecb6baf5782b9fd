import { expect, test } from "../support/test";
import { expectAccessible, signIn } from "../support/helpers";

test("the administrator sees every demo account", async ({ page }) => {
  await page.goto("/admin/users");
  for (const email of [
    "provider@northside.demo",
    "provider@lakeview.demo",
    "nurse@plan.demo",
    "physician@plan.demo",
    "physician2@plan.demo",
    "auditor@plan.demo",
    "admin@plan.demo",
  ]) {
    await expect(page.getByRole("cell", { name: email, exact: true })).toBeVisible();
  }
  await expectAccessible(page);
});

test("signing out ends the session, even for a copied session cookie", async ({ browser }) => {
  // A sign-in of its own: signing out must not end the stored session other tests use.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, "admin@plan.demo");
  await expect(page).toHaveURL(/\/admin\/users$/);
  const copied = await context.cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/login/);
  await context.close();

  const replay = await browser.newContext({ storageState: { cookies: copied, origins: [] } });
  const replayPage = await replay.newPage();
  await replayPage.goto("/admin/users");
  await expect(replayPage).toHaveURL(/\/login/);
  await replay.close();
});
