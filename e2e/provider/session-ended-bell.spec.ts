import { test, expect } from "../support/test";

// A tab left open after its session ended (signed out elsewhere, cookies gone): the bell stops
// asking after the first 401, and returning to the tab goes to sign in, back to this page after.
test("the bell stops polling after its session ended; coming back to the tab goes to sign in", async ({
  page,
  context,
}) => {
  const answers: number[] = [];
  page.on("response", (r) => {
    if (new URL(r.url()).pathname === "/notifications/unread") answers.push(r.status());
  });
  await page.clock.install();
  await page.goto("/cases?status=draft");
  await expect(page.getByTestId("notification-bell")).toBeVisible();

  await page.clock.runFor(5_000);
  await expect.poll(() => answers).toEqual([200]);

  await context.clearCookies();
  await page.clock.runFor(5_000);
  await expect.poll(() => answers).toEqual([200, 401]);

  // Ten more minutes of the tab open: not one more request.
  for (let i = 0; i < 10; i++) await page.clock.runFor(60_000);
  await page.waitForTimeout(1_000);
  expect(answers).toEqual([200, 401]);

  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
  await page.waitForURL((u) => u.pathname === "/login");
  expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/cases?status=draft");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await page.screenshot({ path: "/work/shots/ha/bell-session-ended-login.png", fullPage: true });
});
