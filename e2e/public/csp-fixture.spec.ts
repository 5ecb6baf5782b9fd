import { test, expect } from "../support/test";

// The suite's fixture (e2e/support/test.ts) fails a test whose page breaks the Content-Security-
// Policy. These pages break it on purpose: the fixture must have seen each violation (then they
// are cleared, so these tests pass only because they were seen).
test("a page that connects where the policy does not allow is caught", async ({ page, cspViolations }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(cspViolations).toEqual([]);
  await page.evaluate(() => fetch("https://example.invalid/blocked.json").catch(() => null));
  await expect.poll(() => cspViolations.join("\n")).toMatch(/connect-src|example\.invalid/);
  cspViolations.length = 0;
});

test("a violation in a context the test opens itself is caught", async ({ browser, cspViolations }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.evaluate(() => {
    const img = document.createElement("img");
    img.src = "https://example.invalid/pixel.png";
    document.body.append(img);
  });
  await expect.poll(() => cspViolations.join("\n")).toMatch(/img-src|example\.invalid/);
  cspViolations.length = 0;
  await context.close();
});
