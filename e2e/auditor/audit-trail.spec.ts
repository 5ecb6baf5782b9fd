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
