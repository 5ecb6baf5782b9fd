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
  // Plain http to this machine is refused in production, with the reason.
  await page.getByLabel("Endpoint address (https)").fill("http://127.0.0.1:9/audit-anchor");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("must use https");
  await page.getByLabel("Endpoint address (https)").fill(ANCHOR_URL);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByTestId("new-webhook-secret")).toHaveText(/^whsec_/);
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: ANCHOR_URL });
  await expect(row).toContainText("Audit checkpoint signed");
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("admin-audit-anchor-webhook.png"), fullPage: true });
  await row.getByRole("button", { name: "Send test event" }).click();
  await expect(row.getByRole("status")).toHaveText("Test event queued.");

  const { context, page: provider } = await pageAs(browser, "provider");
  await provider.goto("/settings/webhooks");
  await expect(provider.getByRole("checkbox", { name: "Case received" })).toBeVisible();
  await expect(provider.getByRole("checkbox", { name: "Audit checkpoint signed" })).toHaveCount(0);
  await expect(provider.getByTestId("audit-anchor-help")).toHaveCount(0);
  await context.close();
});
