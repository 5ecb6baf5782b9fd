import { expect, test } from "../support/test";
import { expectAccessible } from "../support/helpers";

test("the admin corrects a licence in place (bad input refused plainly), then removes it", async ({
  page,
}, testInfo) => {
  const number = `RN-${Date.now().toString(36).toUpperCase()}`;
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/admin/credentials");
  const add = page.getByRole("form", { name: "Add a licence" });
  await add.getByLabel("Reviewer").selectOption({ label: "Nora Nurse, RN (Nurse reviewer)" });
  await add.getByLabel("Licence type").selectOption("RN");
  await add.getByLabel("Licence number").fill(number);
  await add.getByLabel("State").fill("NY");
  await add.getByLabel("Specialty").fill("Utilization review");
  await add.getByLabel("Valid until").fill("2027-01-31");
  await add.getByRole("button", { name: "Add licence" }).click();
  await expect(add.getByRole("status")).toHaveText("Licence added.");

  await page.getByText(`Edit licence ${number}`).click();
  const edit = page.getByRole("form", { name: `Edit licence ${number} of Nora Nurse, RN` });
  await expect(edit.getByLabel("Valid until")).toHaveValue("2027-01-31");
  await edit.getByLabel("State").fill("New York");
  await edit.getByRole("button", { name: `Save licence ${number}` }).click();
  await expect(edit.getByRole("alert")).toHaveText("Enter the two-letter state code.");
  await edit.getByLabel("State").fill("nj");
  await edit.getByLabel("Valid until").fill("2028-06-30");
  await edit.getByRole("button", { name: `Save licence ${number}` }).click();
  await expect(edit.getByRole("status")).toHaveText("Licence updated.");
  const row = page.getByRole("row").filter({ hasText: number });
  await expect(row.getByRole("cell", { name: "NJ", exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: "2028-06-30", exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("credentials-edited.png"), fullPage: true });

  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: `Remove licence ${number}` }).click();
  await expect(page.getByRole("row").filter({ hasText: number })).toHaveCount(0);
});
