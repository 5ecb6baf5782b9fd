import { test, expect } from "../support/test";

/** Both reports of one violation (the page's event and the console's line) arrived: then cleared. */
async function seenTwice(found: string[], event: RegExp, consoleLine: RegExp) {
  await expect.poll(() => found.some((f) => event.test(f)) && found.some((f) => consoleLine.test(f))).toBe(true);
  found.length = 0;
}

// The suite's fixture (e2e/support/test.ts) fails a test whose page breaks the Content-Security-
// Policy. These pages break it on purpose: the fixture must have seen each violation (then they
// are cleared, so these tests pass only because they were seen).
test("a page that connects where the policy does not allow is caught", async ({ page, cspViolations }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(cspViolations).toEqual([]);
  await page.evaluate(() => fetch("https://example.invalid/blocked.json").catch(() => null));
  await seenTwice(
    cspViolations,
    /connect-src blocked https:\/\/example\.invalid/,
    /Content Security Policy directive: "connect-src/,
  );
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
  await seenTwice(
    cspViolations,
    /img-src blocked https:\/\/example\.invalid/,
    /Content Security Policy directive: "img-src/,
  );
  await context.close();
});
