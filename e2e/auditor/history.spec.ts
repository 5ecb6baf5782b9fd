import { readFileSync } from "node:fs";
import { expect, test } from "../support/test";
import { expectAccessible } from "../support/helpers";

test.describe.configure({ timeout: 180_000 });

test("filter the history by keyboard, open a timeline, follow a citation to the policy", async ({ page }, testInfo) => {
  await page.goto("/history");
  await expect(page.getByRole("heading", { name: "Decision history" })).toBeVisible();
  await expect(page.getByTestId("history-row").first()).toBeVisible();
  await expectAccessible(page);

  // Keyboard only: choose "Denied" as the outcome and submit with Enter.
  await page.getByLabel("Outcome", { exact: true }).focus();
  await page.getByLabel("Outcome", { exact: true }).selectOption("denied");
  await page.getByRole("button", { name: "Filter", exact: true }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/outcome=denied/);
  const rows = page.getByTestId("history-row");
  await expect(rows.first()).toContainText("Denied");
  for (const row of await rows.all()) await expect(row).toContainText("Denied");
  await page.screenshot({ path: testInfo.outputPath("auditor-history-filtered.png"), fullPage: true });

  // A bad filter in a shared URL gets a message, not a crash.
  await page.goto("/history?outcome=maybe");
  await expect(page.getByRole("alert").filter({ hasText: "Those filters are not valid" })).toContainText(
    "outcome: is not one of the listed choices",
  );

  await page.goto("/history?outcome=denied");
  await page.getByTestId("history-row").first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 2, name: /Timeline/ })).toBeVisible();
  await expect(page.getByTestId("signature-status").first()).toContainText("Signature valid");
  await expect(page.getByTestId("timeline-snapshot").first()).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("auditor-timeline.png"), fullPage: true });

  const citation = page.locator('a[href^="/policy/339.7#"]').first();
  const href = (await citation.getAttribute("href"))!;
  await citation.click();
  await expect(page).toHaveURL(new RegExp(`/policy/339\\.7#${href.split("#")[1]}$`));
  await expect(page.locator(`[id="${href.split("#")[1]}"]`)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("auditor-citation.png"), fullPage: true });
});

test("export the filtered history as CSV and read it back", async ({ page }) => {
  await page.goto("/history?outcome=denied");
  const shown = await page.getByTestId("history-row").count();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export these cases (CSV)" }).click(),
  ]);
  const text = readFileSync((await download.path())!, "utf8");
  const lines = text.trim().split("\n");
  expect(lines[0]).toBe(
    "reference,organization,indication,phase,urgency,engine_outcome,status,reviewers,submitted_at,due_at,decided_at,timeliness,appeal_outcome",
  );
  expect(lines).toHaveLength(shown + 1);
  for (const line of lines.slice(1)) expect(line).toContain(",Denied,");
  // The export is in the audit history with its filter.
  await page.goto("/audit?action=history.export");
  await expect(page.getByTestId("audit-row").first()).toContainText('"outcome":"denied"');
});

test("run verify and read the metrics", async ({ page }, testInfo) => {
  await page.goto("/audit/verify");
  await expect(page.getByRole("status")).toContainText(/Intact, [\d,]+ events/);
  await expect(page.getByText(/Determinations: all \d+ signatures recomputed and valid/)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("auditor-verify.png"), fullPage: true });

  const today = new Date().toISOString().slice(0, 10);
  await page.goto(`/reports?from=2020-01-01&to=${today}`);
  await expect(page.getByRole("heading", { name: "Metrics" })).toBeVisible();
  const volumes = page.getByRole("table", { name: "Requests and outcomes by urgency" });
  await expect(volumes.getByRole("row", { name: /Requests received/ })).toBeVisible();
  await expect(page.locator("canvas").first()).toBeVisible();
  await expect(page.getByRole("img", { name: /Outcome shares/ })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("auditor-reports.png"), fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download JSON" }).click(),
  ]);
  const json = JSON.parse(readFileSync((await download.path())!, "utf8"));
  expect(json.byUrgency.map((u: { urgency: string }) => u.urgency)).toEqual(["standard", "expedited"]);
  const standardReceived = json.byUrgency[0].received;
  await expect(
    volumes
      .getByRole("row", { name: /Requests received/ })
      .getByRole("cell")
      .first(),
  ).toHaveText(String(standardReceived));
});
