import { expect, test } from "../support/test";
import { expectAccessible, signIn } from "../support/helpers";
import { linkFromOutbox } from "../support/mail";

test("the administrator sees every demo account", async ({ page }) => {
  await page.goto("/admin/users");
  for (const email of [
    "provider@northside.demo",
    "provider@lakeview.demo",
    "nurse@plan.demo",
    "physician@plan.demo",
    "physician2@plan.demo",
    "auditor@plan.demo",
    "admin@plan.demo",
  ]) {
    await expect(page.getByRole("cell", { name: email, exact: true })).toBeVisible();
  }
  await expectAccessible(page);
});

test("signing out ends the session, even for a copied session cookie", async ({ browser }) => {
  // A sign-in of its own: signing out must not end the stored session other tests use.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, "admin@plan.demo");
  await expect(page).toHaveURL(/\/admin\/users$/);
  const copied = await context.cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/login/);
  await context.close();

  const replay = await browser.newContext({ storageState: { cookies: copied, origins: [] } });
  const replayPage = await replay.newPage();
  await replayPage.goto("/admin/users");
  await expect(replayPage).toHaveURL(/\/login/);
  await replay.close();
});

test("the admin invites staff (organization follows the role), changes their role, deactivates and finds them", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36);
  const email = `quinn.${stamp}@plan.example`;
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/admin/users");
  const invite = page.getByRole("form", { name: "Invite a person" });
  // A provider joins a provider organization (chosen); staff join the plan (nothing to choose).
  await expect(invite.getByLabel("Role")).toHaveValue("provider");
  await expect(invite.getByRole("combobox", { name: "Organization" })).toBeVisible();
  await expect(invite.getByRole("option", { name: /the plan/ })).toHaveCount(0);
  await invite.getByLabel("Role").selectOption("nurse_reviewer");
  await expect(invite.getByRole("combobox", { name: "Organization" })).toHaveCount(0);
  await expect(invite).toContainText("the plan (staff)");
  await invite.getByLabel("Email").fill(email);
  await invite.getByLabel("Name").fill(`Quinn Staff ${stamp}`);
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toHaveText(`Invitation sent to ${email}.`);
  // Ready for the next person: email and name cleared, the role (a valid pair with the plan) kept.
  await expect(invite.getByLabel("Email")).toHaveValue("");
  await expect(invite.getByLabel("Name")).toHaveValue("");
  await expect(invite.getByLabel("Role")).toHaveValue("nurse_reviewer");
  await page.screenshot({ path: testInfo.outputPath("users-invite-sent.png"), fullPage: true });

  const link = await linkFromOutbox(page, email, "invitation");
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const invited = await context.newPage();
  await invited.goto(link);
  await invited.getByLabel("Choose a password").fill("quartz-meadow-lantern-64");
  await invited.getByRole("button", { name: "Set password and create account" }).click();
  await expect(invited.getByLabel("Email")).toHaveValue(email);
  await context.close();

  // The search: server-side, in the URL, with a label.
  await page.goto("/admin/users");
  await page.getByRole("searchbox", { name: "Name or email contains" }).fill(`QUINN.${stamp}`);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=QUINN.${stamp}`));
  await expect(page.getByRole("status").filter({ hasText: "1 account matches" })).toBeVisible();
  await expect(page.getByRole("cell", { name: email, exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: "admin@plan.demo", exact: true })).toHaveCount(0);

  // A role change says so at once, and the new role stays shown.
  await page.getByLabel(`Role of ${email}`).selectOption("physician_reviewer");
  await page.getByRole("button", { name: `Change role of ${email}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "Role changed" })).toHaveText(
    `Role changed to Physician reviewer for Quinn Staff ${stamp}.`,
  );
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("physician_reviewer");
  await page.reload();
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("physician_reviewer");

  // Deactivated: when and by whom, from the audit log.
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: `Deactivate ${email}` }).click();
  await expect(page.getByRole("button", { name: `Reactivate ${email}` })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText(/Deactivated\s*on [A-Z][a-z]+ \d{1,2}, \d{4} by Ada Admin/);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("users-search-deactivated.png"), fullPage: true });

  // Nothing matches: said plainly.
  await page.goto("/admin/users?q=no-such-person-anywhere");
  await expect(page.getByRole("status").filter({ hasText: "match" })).toHaveText(
    "0 accounts match “no-such-person-anywhere”.",
  );
});

test("the admin's own row says why it cannot be changed", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/admin/users?q=admin@plan.demo");
  const own = page.getByRole("row").filter({ hasText: "admin@plan.demo" });
  await expect(own).toContainText("You cannot change your own role or deactivate yourself; ask another administrator.");
  await expect(own.getByRole("button")).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("users-own-row.png"), fullPage: true });
});
