import { createServer, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { expectAccessible, pageAs } from "../support/helpers";

// The plan's administrator registers an audit anchor endpoint (audit.checkpoint, the only event
// offered to them) and its test event reaches a real receiver, signed per Standard Webhooks.
// Providers are not offered the audit event.
const RECEIVER_PORT = Number(process.env.E2E_PORT ?? 3100) + 1138;
let server: Server;
const received: { body: string; verified: boolean }[] = [];
let secret = "";

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let verified = false;
      try {
        new Webhook(secret).verify(body, Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])));
        verified = true;
      } catch {
        verified = false;
      }
      received.push({ body, verified });
      res.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(RECEIVER_PORT, "127.0.0.1", resolve));
});
test.afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

test("the administrator registers an audit anchor webhook; a provider is not offered it", async ({ page, browser }, testInfo) => {
  await page.goto("/settings/webhooks");
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks of your organization" })).toBeVisible();
  await expect(page.getByTestId("audit-anchor-help")).toContainText("audit.checkpoint");
  const events = page.getByRole("group", { name: "Events" }).getByRole("checkbox");
  await expect(events).toHaveCount(1);
  await expect(page.getByRole("checkbox", { name: "Audit checkpoint signed" })).toBeChecked();
  await page.getByLabel("Endpoint address (https)").fill(`http://127.0.0.1:${RECEIVER_PORT}/audit-anchor`);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  secret = (await page.getByTestId("new-webhook-secret").textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: `127.0.0.1:${RECEIVER_PORT}/audit-anchor` });
  await expect(row).toContainText("Audit checkpoint signed");
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("admin-audit-anchor-webhook.png"), fullPage: true });
  await row.getByRole("button", { name: "Send test event" }).click();
  await expect(row.getByRole("status")).toHaveText("Test event queued.");
  await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThan(0);
  expect(received[0]!.verified).toBe(true);
  expect(JSON.parse(received[0]!.body)).toMatchObject({ type: "webhook.test" });

  const { context, page: provider } = await pageAs(browser, "provider");
  await provider.goto("/settings/webhooks");
  await expect(provider.getByRole("checkbox", { name: "Case received" })).toBeVisible();
  await expect(provider.getByRole("checkbox", { name: "Audit checkpoint signed" })).toHaveCount(0);
  await expect(provider.getByTestId("audit-anchor-help")).toHaveCount(0);
  await context.close();
});
