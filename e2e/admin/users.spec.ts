import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/helpers";

test("the administrator sees every demo account", async ({ page }) => {
  await page.goto("/admin/users");
  for (const email of ["provider@northside.demo", "provider@lakeview.demo", "nurse@plan.demo", "physician@plan.demo", "physician2@plan.demo", "auditor@plan.demo", "admin@plan.demo"]) {
    await expect(page.getByRole("cell", { name: email })).toBeVisible();
  }
  await expectAccessible(page);
});

test("signing out ends the session", async ({ browser }) => {
  const context = await browser.newContext({ storageState: "playwright/.auth/admin.json" });
  const page = await context.newPage();
  await page.goto("/admin/users");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/login/);
  await context.close();
});
