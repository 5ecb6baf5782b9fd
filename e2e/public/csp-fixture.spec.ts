import { test, expect } from "../support/test";

// The suite's fixture (e2e/support/test.ts) fails a test whose page breaks the Content-Security-Policy.
test("a page that connects where the policy does not allow fails the test", async ({ page }) => {
  test.fail();
  await page.goto("/login");
  await page.evaluate(() => fetch("https://example.invalid/blocked.json").catch(() => null));
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await page.waitForTimeout(500);
});

test("the violation is seen in a context the test opens itself", async ({ browser }) => {
  test.fail();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.evaluate(() => {
    const img = document.createElement("img");
    img.src = "https://example.invalid/pixel.png";
    document.body.append(img);
  });
  await page.waitForTimeout(500);
  await context.close();
});
