import { expect, test, type Browser } from "../support/test";
import { expectAccessible, signIn } from "../support/helpers";
import { linkFromOutbox, randomNpi } from "../support/mail";

const PASSWORD = "harbor-violet-kayak-58";
const NEW_PASSWORD = "copper-lantern-meadow-91";

async function freshPage(browser: Browser) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return { context, page: await context.newPage() };
}

test.describe.configure({ mode: "serial" });
// Long journeys (several pages, accessibility checks, screenshots) on a shared 2-core machine.
test.setTimeout(180_000);

const stamp = Date.now().toString(36);
const practice = `Harbor Spine Clinic ${stamp}`;
const email = `dana.harbor.${stamp}@harbor.example`;

test("the admin adds a practice (bad input refused with a clear message) and invites a provider", async ({
  page,
}, testInfo) => {
  await page.goto("/admin/organizations");
  const form = page.getByRole("form", { name: "Add a provider practice" });
  await form.getByLabel("Name").fill(practice);
  await form.getByLabel("NPI").fill("1234567890");
  await form.getByLabel("TIN").fill("12-345");
  await form.getByRole("button", { name: "Add organization" }).click();
  await expect(form.getByRole("alert")).toContainText("This NPI's check digit is wrong");
  await expect(form.getByRole("alert")).toContainText("The TIN is 9 digits");
  await form.getByLabel("NPI").fill(randomNpi());
  await form
    .getByLabel("TIN")
    .fill(`${String(10 + Math.floor(Math.random() * 89))}-${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`);
  await form.getByRole("button", { name: "Add organization" }).click();
  await expect(form.getByRole("status")).toHaveText("Organization added.");
  await expect(page.getByRole("textbox", { name: `Name of ${practice}` })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("admin-organizations.png"), fullPage: true });

  await page.goto("/admin/users");
  const invite = page.getByRole("form", { name: "Invite a person" });
  await invite.getByLabel("Email").fill(email);
  await invite.getByLabel("Name").fill("Dana Harbor");
  await invite.getByLabel("Role").selectOption("provider");
  await invite.getByLabel("Organization").selectOption({ label: practice });
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toHaveText(`Invitation sent to ${email}.`);
  await expect(page.getByRole("cell", { name: `Dana Harbor ${email}` })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("admin-users.png"), fullPage: true });
});

test("the provider accepts from the delivered message, sets a password, signs in and lands on their cases", async ({
  page,
  browser,
}, testInfo) => {
  const link = await linkFromOutbox(page, email, "invitation");
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("admin-outbox.png"), fullPage: true });

  const { context, page: invited } = await freshPage(browser);
  await invited.goto(link);
  await expect(invited.getByText(`you are invited as Provider for ${practice}`)).toBeVisible();
  await invited.getByLabel("Choose a password").fill("password1234");
  await invited.getByRole("button", { name: "Set password and create account" }).click();
  await expect(invited.locator("main").getByRole("alert")).toContainText("This password is too easy to guess.");
  await expectAccessible(invited);
  await invited.screenshot({ path: testInfo.outputPath("invite-weak-password.png"), fullPage: true });
  await invited.getByLabel("Choose a password").fill(PASSWORD);
  await invited.getByRole("button", { name: "Set password and create account" }).click();
  await expect(invited).toHaveURL(/\/login\?notice=account-ready$/);
  await expect(invited.getByRole("status")).toHaveText("Your account is ready. Sign in with your new password.");
  // The email comes pre-filled (not through the URL).
  await expect(invited.getByLabel("Email")).toHaveValue(email);
  await invited.screenshot({ path: testInfo.outputPath("login-after-invitation.png"), fullPage: true });
  await signIn(invited, email, PASSWORD);
  await expect(invited).toHaveURL(/\/cases$/);
  await invited.screenshot({ path: testInfo.outputPath("invited-provider-cases.png"), fullPage: true });
  // The link works once.
  await invited.goto(link);
  await expect(invited.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();
  await context.close();
});

test("forgot password: the link from the message sets a new password; the old one stops working", async ({
  page,
  browser,
}, testInfo) => {
  const { context, page: person } = await freshPage(browser);
  await person.goto("/login");
  await person.getByRole("link", { name: "Forgot your password?" }).click();
  // Wait for the new page: otherwise the email may be typed into the sign-in form as it goes away.
  await expect(person.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await expect(person.getByRole("button", { name: "Send reset link" })).toBeEnabled();
  await person.getByLabel("Email").fill(email);
  await person.getByRole("button", { name: "Send reset link" }).click();
  await expect(person.getByRole("status")).toHaveText(
    "If this email belongs to an active account, a reset link is on its way. Check your inbox.",
  );
  await expectAccessible(person);
  await person.screenshot({ path: testInfo.outputPath("forgot-password.png"), fullPage: true });

  const link = await linkFromOutbox(page, email, "password reset");
  await person.goto(link);
  await person.getByLabel("New password").fill(NEW_PASSWORD);
  await person.getByRole("button", { name: "Set new password" }).click();
  await expect(person.getByRole("status")).toHaveText("Your password was changed. Sign in with the new one.");
  await signIn(person, email, PASSWORD);
  await expect(person.locator("main").getByRole("alert")).toHaveText("The email or password is not correct.");
  await signIn(person, email, NEW_PASSWORD);
  await expect(person).toHaveURL(/\/cases$/);
  await context.close();
});

test("deactivating a user ends their open session on their next request", async ({ page, browser }, testInfo) => {
  const { context, page: person } = await freshPage(browser);
  await signIn(person, email, NEW_PASSWORD);
  await expect(person).toHaveURL(/\/cases$/);
  await person.goto("/account");
  // This sign-in and the one left open by the previous journey (never signed out).
  await expect(person.getByTestId("session-row")).toHaveCount(2);
  await expect(person.getByTestId("session-row").filter({ hasText: "This session" })).toHaveCount(1);
  // Plan time (ET), as everywhere else in the portal; not UTC.
  for (const row of await person.getByTestId("session-row").all())
    await expect(row).toContainText(/[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M ET/);
  await expect(person.getByTestId("session-row").filter({ hasText: "UTC" })).toHaveCount(0);
  await expectAccessible(person);
  await person.screenshot({ path: testInfo.outputPath("your-sessions.png"), fullPage: true });

  await page.goto("/admin/users");
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: `Deactivate ${email}` }).click();
  await expect(page.getByRole("button", { name: `Reactivate ${email}` })).toBeVisible();

  await person.goto("/cases");
  await expect(person).toHaveURL(/\/login/);
  await signIn(person, email, NEW_PASSWORD);
  await expect(person.locator("main").getByRole("alert")).toHaveText("The email or password is not correct.");
  await context.close();
});
