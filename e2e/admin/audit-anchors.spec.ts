import { expect, test } from "../support/test";
import { expectAccessible, pageAs } from "../support/helpers";

// The plan's administrator registers an audit anchor endpoint (audit.checkpoint, the only event
// offered to them); providers are not offered the audit event. The e2e server runs in production
// mode, where the SSRF guard refuses loopback receivers, so the address is a public IP literal
// (no DNS needed) and delivery itself is covered by lib/audit/anchors.test.ts.
const ANCHOR_URL = "https://93.184.216.34/audit-anchor";

test("the administrator registers an audit anchor webhook; a provider is not offered it", async ({
  page,
  browser,
}, testInfo) => {
  await page.goto("/settings/webhooks");
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks of your organization" })).toBeVisible();
  await expect(page.getByTestId("audit-anchor-help")).toContainText("audit.checkpoint");
  await expect(page.getByRole("group", { name: "Events" }).getByRole("checkbox")).toHaveCount(1);
  await expect(page.getByRole("checkbox", { name: "Audit checkpoint signed" })).toBeChecked();
  // This machine is refused in production, with the reason in words.
  await page.getByLabel("Endpoint address (https)").fill("http://127.0.0.1:9/audit-anchor");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("points to 127.0.0.1, this machine (loopback)");
  await page.getByLabel("Endpoint address (https)").fill(ANCHOR_URL);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByTestId("new-webhook-secret")).toHaveText(/^whsec_/);
  // The secret shown once can be copied with one click.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy the signing secret" }).click();
  await expect(page.getByText("The signing secret copied.")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("admin-webhook-secret-copied.png"), fullPage: true });
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    await page.getByTestId("new-webhook-secret").textContent(),
  );
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: ANCHOR_URL });
  await expect(row).toContainText("Audit checkpoint signed");
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("admin-audit-anchor-webhook.png"), fullPage: true });
  await row.getByRole("button", { name: "Send test event" }).click();
  await expect(row.getByRole("status")).toHaveText("Test event queued.");
  // No receiver answers here (no internet): the log names the event and says when it is tried next.
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Deliveries to");
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: "Test event" }).first()).toContainText(
      /Failed; next attempt at /,
      { timeout: 1000 },
    );
  }).toPass({ timeout: 45_000 });
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("admin-webhook-deliveries.png"), fullPage: true });

  const { context, page: provider } = await pageAs(browser, "provider");
  await provider.goto("/settings/webhooks");
  await expect(provider.getByRole("checkbox", { name: "Case received" })).toBeVisible();
  await expect(provider.getByRole("checkbox", { name: "Audit checkpoint signed" })).toHaveCount(0);
  await expect(provider.getByTestId("audit-anchor-help")).toHaveCount(0);
  // Refusals in words: a 5,000-character address, a cloud metadata address.
  const longAddress = `https://ehr.example.org/${"a".repeat(4976)}`;
  await provider.getByLabel("Endpoint address (https)").fill(longAddress);
  await provider.getByRole("button", { name: "Add endpoint" }).click();
  await expect(provider.locator("main").getByRole("alert")).toHaveText(
    "The address is too long: at most 2,000 characters, and this one has 5,000.",
  );
  await provider.getByLabel("Endpoint address (https)").fill("http://169.254.169.254/latest/meta-data");
  await provider.getByRole("button", { name: "Add endpoint" }).click();
  await expect(provider.locator("main").getByRole("alert")).toHaveText(
    "The address points to 169.254.169.254, a link-local address, where cloud servers expose their metadata; only public internet addresses are allowed.",
  );
  await expectAccessible(provider);
  await provider.screenshot({ path: testInfo.outputPath("provider-webhook-refusal.png"), fullPage: true });
  await context.close();
});
