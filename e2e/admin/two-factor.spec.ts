import { expect, test, type Browser, type Page } from "../support/test";
import { generate } from "otplib";
import { expectAccessible, signIn } from "../support/helpers";
import { linkFromOutbox } from "../support/mail";

// A fresh auditor, invited by the admin (this project's signed-in state) and created in the
// test: the demo accounts' sign-in is never touched (other specs depend on it).
test.describe.configure({ mode: "serial" });
test.setTimeout(240_000);

const PASSWORD = "quartz-heron-willow-64";
const stamp = Date.now().toString(36);
const email = `robin.quartz.${stamp}@plan.example`;
let secret = "";
let recoveryCodes: string[] = [];

async function freshPage(browser: Browser) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return { context, page: await context.newPage() };
}

/** A code for the next 30-second step: the server accepts one step ahead, and the current one may already be spent. */
const nextCode = () => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

test("the admin invites an auditor, who creates the account", async ({ page, browser }, testInfo) => {
  await page.goto("/admin/users");
  const invite = page.getByRole("form", { name: "Invite a person" });
  await invite.getByLabel("Email").fill(email);
  await invite.getByLabel("Name").fill("Robin Quartz");
  await invite.getByLabel("Role").selectOption("auditor");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toHaveText(`Invitation sent to ${email}.`);
  const link = await linkFromOutbox(page, email, "invitation");

  const { context, page: robin } = await freshPage(browser);
  await robin.goto(link);
  await robin.getByLabel("Choose a password").fill(PASSWORD);
  await robin.getByRole("button", { name: "Set password and create account" }).click();
  await expect(robin).toHaveURL(/\/login\?notice=account-ready$/);
  await context.close();

  // The setting that would require it of every staff member: shown, not switched (other specs sign in as demo staff).
  await page.goto("/admin/security");
  await expect(page.getByTestId("staff-2fa-state")).toContainText("not required");
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("admin-security.png"), fullPage: true });
});

test("enrols with the QR code's secret and a code from the app; the recovery codes are shown once", async ({
  browser,
  page: admin,
}, testInfo) => {
  const { context, page } = await freshPage(browser);
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/audit/);
  await page.goto("/account");
  const section = page.getByTestId("two-factor");
  await expect(section).toContainText("Off.");
  await section.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByTestId("two-factor-qr")).toBeVisible();
  secret = (await page.getByTestId("two-factor-secret").innerText()).replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("enrol-qr.png"), fullPage: true });

  const confirm = page.getByRole("form", { name: "Confirm two-factor sign-in" });
  await confirm.getByLabel("Code from the app").fill("000000");
  await confirm.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(confirm.getByRole("alert")).toContainText("not correct");
  await confirm.getByLabel("Code from the app").fill(await generate({ secret }));
  await confirm.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  const shown = page.getByTestId("recovery-codes");
  await expect(shown).toContainText("Two-factor sign-in is on.");
  recoveryCodes = await page.getByTestId("recovery-code").allInnerTexts();
  expect(recoveryCodes).toHaveLength(10);
  for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("enrol-recovery-codes.png"), fullPage: true });
  await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
  await expect(page.getByTestId("two-factor-state")).toContainText("On since");
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("10");
  // The secret is not shown again.
  await expect(page.getByTestId("two-factor-secret")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("two-factor-secret")).toHaveCount(0);
  await expect(page.getByTestId("recovery-code")).toHaveCount(0);
  await signOut(page);
  await context.close();

  // The mail went through the outbox (held: the e2e server has no SMTP).
  await admin.goto("/admin/outbox");
  await expect(
    admin.getByTestId("outbox-row").filter({ hasText: email }).filter({ hasText: "two factor enabled" }),
  ).toHaveCount(1);
});

test("signs in with password then code; a wrong code is refused", async ({ browser }, testInfo) => {
  const { context, page } = await freshPage(browser);
  await signIn(page, email, PASSWORD);
  const code = page.getByLabel("Authentication code");
  await expect(code).toBeVisible();
  await expect(page.getByText(`Signing in as ${email}`)).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("sign-in-code-step.png"), fullPage: true });
  await code.fill("000000");
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByRole("form", { name: "Two-factor sign-in" }).getByRole("alert")).toContainText(
    "That code is not correct, or it was already used.",
  );
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("sign-in-wrong-code.png"), fullPage: true });
  await page.getByLabel("Authentication code").fill(await nextCode());
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page).toHaveURL(/\/audit/);
  await signOut(page);
  await context.close();
});

test("a recovery code signs in once; used again it is refused", async ({ browser }, testInfo) => {
  // Every step of every sign-in counts toward the account's throttle (10 per 10 minutes): this
  // journey uses exactly 10 (enrolment 3, code sign-in 3, here 4).
  const { context, page } = await freshPage(browser);
  await signIn(page, email, PASSWORD);
  // Typed in capitals, with the dash: still the same code.
  await page.getByLabel("Authentication code").fill(recoveryCodes[0]!.toUpperCase());
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page).toHaveURL(/\/audit/);
  await page.goto("/account");
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("9");
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("account-two-factor-on.png"), fullPage: true });
  await signOut(page);

  await signIn(page, email, PASSWORD);
  await page.getByLabel("Authentication code").fill(recoveryCodes[0]!);
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByRole("form", { name: "Two-factor sign-in" }).getByRole("alert")).toContainText(
    "That code is not correct, or it was already used.",
  );
  await expect(page).toHaveURL(/\/login/);
  await page.screenshot({ path: testInfo.outputPath("recovery-code-reused.png"), fullPage: true });
  await context.close();
});
