import { readFileSync } from "node:fs";
import { expect, test } from "../support/test";
import { expectAccessible } from "../support/helpers";

test.describe.configure({ timeout: 180_000 });

const SHOTS = "/work/shots/hc";
const LAST_YEAR = new Date().getUTCFullYear() - 1;

test("an auditor publishes last year's metrics; anyone reads them, with CSV and JSON, without signing in", async ({
  page,
  browser,
}) => {
  await page.goto("/reports/publish");
  await expect(page.getByRole("heading", { name: "Publish the yearly metrics" })).toBeVisible();
  // Only completed years are offered; last year is chosen.
  await expect(page.getByLabel("Calendar year")).toHaveValue(String(LAST_YEAR));
  await expect(page.getByLabel("Calendar year").locator("option", { hasText: String(LAST_YEAR + 1) })).toHaveCount(0);
  await expect(page.getByTestId("publication-state")).toHaveText(`${LAST_YEAR} is not published yet.`);
  await expect(page.getByTestId("minimum-group-size")).toContainText("An administrator sets this number.");
  await expectAccessible(page);
  await page.screenshot({ path: `${SHOTS}/publish-form.png`, fullPage: true });

  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: `Publish ${LAST_YEAR}`, exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Published. The public page shows it now.");
  await expect(page.getByTestId("publication-state")).toContainText(`${LAST_YEAR} is published: version 1`);
  // Publishing again needs a reason, and the same figures are refused in plain words.
  await expect(page.getByTestId("same-as-latest")).toBeVisible();
  await page.getByLabel(/Why publish .* again/).fill("Checking that nothing changed.");
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: `Publish ${LAST_YEAR} again (version 2)` }).click();
  await expect(page.getByRole("form", { name: `Publish ${LAST_YEAR}` }).getByRole("alert")).toHaveText(
    `The figures for ${LAST_YEAR} are the same as in the published version 1: there is nothing new to publish.`,
  );
  await page.screenshot({ path: `${SHOTS}/publish-refused-identical.png`, fullPage: true });

  // Anyone, signed out: the login page links the public page.
  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const visitor = await anonymous.newPage();
  await visitor.goto("/login");
  await visitor.getByRole("link", { name: "Prior-authorization metrics" }).click();
  await expect(visitor).toHaveURL(/\/prior-authorization-metrics$/);
  await expect(visitor.getByRole("heading", { level: 1, name: "Prior-authorization metrics" })).toBeVisible();
  await expect(
    visitor.getByRole("navigation", { name: "Published years" }).getByRole("link", { name: String(LAST_YEAR) }),
  ).toHaveAttribute("aria-current", "page");
  await expect(visitor.getByTestId("version-line")).toContainText("Version 1, published");
  await expect(visitor.getByRole("heading", { name: "Services that need prior authorization" })).toBeVisible();
  await expect(visitor.getByText("CPT codes 62350, 62351, 62360, 62361, 62362")).toBeVisible();
  await expect(visitor.getByRole("heading", { name: "Standard requests" })).toBeVisible();
  await expect(visitor.getByRole("heading", { name: "Expedited requests" })).toBeVisible();
  await expect(visitor.getByTestId("how-counted")).toContainText("Nothing is denied automatically");
  // Each urgency shows its figures or says why not.
  for (const urgency of ["standard", "expedited"]) {
    const box = visitor.getByTestId(`urgency-${urgency}`);
    await expect(box.getByText(/Requests decided|Not shown: fewer than 11 requests/).first()).toBeVisible();
  }
  await expectAccessible(visitor);
  await visitor.screenshot({ path: `${SHOTS}/public-page.png`, fullPage: true });

  const download = visitor.waitForEvent("download");
  await visitor.getByRole("link", { name: "Download CSV" }).click();
  const csv = readFileSync((await (await download).path())!, "utf8");
  expect(csv.split("\n")[0]).toBe("year,version,section,urgency,measure,value,suppressed,note");
  expect(csv).toContain(`${LAST_YEAR},1,figures,standard,Requests decided,`);

  const json = await visitor.request.get(`/prior-authorization-metrics/${LAST_YEAR}.json`);
  expect(json.status()).toBe(200);
  expect(json.headers()["content-type"]).toBe("application/json; charset=utf-8");
  expect(json.headers()["cache-control"]).toBe("public, max-age=300");
  const body = await json.json();
  expect(body).toMatchObject({ year: LAST_YEAR, version: 1, reason: null, minimumGroupSize: 11 });
  for (const u of [body.standard, body.expedited])
    if (u.suppressed) expect(u).toMatchObject({ requestsDecided: null, reason: "Not shown: fewer than 11 requests" });
    else expect(u.requestsDecided).toBeGreaterThanOrEqual(11);

  // A year not published: 404 with plain words.
  const missing = await visitor.goto(`/prior-authorization-metrics?year=${LAST_YEAR - 5}`);
  expect(missing?.status()).toBe(404);
  await expect(visitor.getByRole("heading", { name: "Not published" })).toBeVisible();
  await expectAccessible(visitor);
  expect((await visitor.request.get(`/prior-authorization-metrics/${LAST_YEAR - 5}.csv`)).status()).toBe(404);
  await anonymous.close();
});
