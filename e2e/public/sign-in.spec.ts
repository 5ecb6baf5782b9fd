import { expect, test } from "../support/test";
import { expectAccessible, signIn } from "../support/helpers";

test("an anonymous visitor is sent to the sign-in page", async ({ page }) => {
  await page.goto("/queue");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expectAccessible(page);
});

test("a wrong password shows a clear message and does not sign in", async ({ page }) => {
  await signIn(page, "nurse@plan.demo", "not-the-password");
  await expect(page.getByText("The email or password is not correct.")).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/queue");
  await expect(page).toHaveURL(/\/login/);
});

test("an empty form names the missing fields", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your email address.")).toBeVisible();
  await expect(page.getByText("Enter your password.")).toBeVisible();
});

test("repeated wrong passwords for one account are throttled with a clear message", async ({ page }) => {
  const email = "lockout-probe@plan.demo"; // no such account: guessing is throttled the same way
  for (let i = 0; i < 10; i++) {
    await signIn(page, email, `guess-${i}`);
    await expect(page.getByText("The email or password is not correct.")).toBeVisible();
  }
  await signIn(page, email, "guess-final");
  await expect(page.getByText("Too many sign-in attempts. Wait a few minutes, then try again.")).toBeVisible();
});
