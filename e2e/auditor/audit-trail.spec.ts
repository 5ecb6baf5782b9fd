import { expect, test } from "../support/test";
import { expectAccessible, pageAs, signIn } from "../support/helpers";

test("failed sign-ins and refused access appear in the audit history, and the chain verifies", async ({
  page,
  browser,
}) => {
  // Produce both kinds of event now, so this test does not depend on the order of others.
  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const login = await anonymous.newPage();
  await signIn(login, "auditor@plan.demo", "wrong-password-for-audit-test");
  await expect(login.getByText("The email or password is not correct.")).toBeVisible();
  await anonymous.close();

  const { context, page: provider } = await pageAs(browser, "provider");
  expect((await provider.goto("/audit"))?.status()).toBe(403);
  await context.close();

  await page.goto("/audit?outcome=failed&action=auth.sign_in");
  const failed = page.getByTestId("audit-row").first();
  await expect(failed).toContainText("auth.sign_in");
  await expect(failed).toContainText("wrong password");

  await page.goto("/audit?outcome=refused");
  const refused = page.getByTestId("audit-row").filter({ hasText: "provider@northside.demo" }).first();
  await expect(refused).toContainText("page:audit.read");
  await expectAccessible(page);

  await page.goto("/audit/verify");
  await expect(page.getByRole("status")).toContainText("Intact");
});

test("an event about a person names them; its details read before, then after, on the full width", async ({
  page,
  browser,
}, testInfo) => {
  // The admin corrects a licence of the demo nurse (then removes it): an event about a person, with before and after.
  const number = `RN-${Date.now().toString(36).toUpperCase()}`;
  const admin = await pageAs(browser, "admin");
  await admin.page.goto("/admin/credentials");
  const add = admin.page.getByRole("form", { name: "Add a licence" });
  await add.getByLabel("Reviewer").selectOption({ label: "Nora Nurse, RN (Nurse reviewer)" });
  await add.getByLabel("Licence type").selectOption("RN");
  await add.getByLabel("Licence number").fill(number);
  await add.getByLabel("State").fill("NY");
  await add.getByLabel("Specialty").fill("Utilization review");
  await add.getByLabel("Valid until").fill("2027-01-31");
  await add.getByRole("button", { name: "Add licence" }).click();
  await expect(add.getByRole("status")).toHaveText("Licence added.");
  await admin.page.getByText(`Edit licence ${number}`).click();
  const edit = admin.page.getByRole("form", { name: `Edit licence ${number} of Nora Nurse, RN` });
  await edit.getByLabel("Valid until").fill("2028-06-30");
  await edit.getByRole("button", { name: `Save licence ${number}` }).click();
  await expect(edit.getByRole("status")).toHaveText("Licence updated.");
  admin.page.once("dialog", (d) => d.accept());
  await admin.page.getByRole("button", { name: `Remove licence ${number}` }).click();
  await expect(admin.page.getByRole("row").filter({ hasText: number })).toHaveCount(0);
  await admin.context.close();

  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/audit?action=admin.credential.edit");
  const row = page.getByTestId("audit-row").filter({ hasText: number }).first();
  await expect(row).toContainText("Nora Nurse, RN (nurse@plan.demo)");
  await expect(row).not.toContainText(/user [0-9a-f]{8}/);
  const details = await row.locator("dt").allInnerTexts();
  expect(details.indexOf("before")).toBeLessThan(details.indexOf("after"));
  // The details use the table's width, not a narrow column: the row of "after" is one line.
  const after = row.locator("dd").nth(details.indexOf("after"));
  const { width, height, lineHeight } = await after.evaluate((el) => ({
    width: el.getBoundingClientRect().width,
    height: el.getBoundingClientRect().height,
    lineHeight: parseFloat(getComputedStyle(el).lineHeight),
  }));
  expect(width).toBeGreaterThan(600);
  expect(height).toBeLessThan(lineHeight * 1.5);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("audit-history-1366.png"), fullPage: true });

  await page.goto("/audit");
  await page.screenshot({ path: testInfo.outputPath("audit-history-all-1366.png"), fullPage: true });
});
