import { expect, test } from "../support/test";
import { expectAccessible } from "../support/helpers";

test("an administrator sees and saves the public metrics' minimum group size", async ({ page }) => {
  await page.goto("/reports/publish");
  await expect(page.getByRole("heading", { name: "Minimum group size" })).toBeVisible();
  const field = page.getByLabel("Smallest group shown (decided requests, 1 to 1000)");
  await expect(field).toHaveValue("11");
  await expectAccessible(page);
  // Saving the same value keeps the auditor's journey (running alongside) on the default.
  await field.fill("11");
  await page.getByRole("button", { name: "Save minimum group size" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "Saved. The next publication uses it; published versions keep theirs.",
  );
  await page.screenshot({ path: "/work/shots/hc/admin-minimum-group-size.png", fullPage: true });
});
