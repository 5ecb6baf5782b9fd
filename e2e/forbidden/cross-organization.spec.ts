import { expect, test } from "@playwright/test";
import { pageAs } from "../support/helpers";

test("a provider of one organization cannot reach the other's case, file or API record", async ({ browser, request }) => {
  const northside = await pageAs(browser, "provider");
  await northside.page.goto("/cases");
  await northside.page.getByLabel("Search").fill("Drew");
  await northside.page.getByRole("button", { name: "Apply" }).click();
  const results = northside.page.getByTestId("case-search-results");
  await expect(results.locator("tbody tr a").first()).toBeVisible();
  expect(northside.page.url()).not.toContain("Drew");
  const href = await results.locator("tbody tr a").first().getAttribute("href");
  expect(href).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
  const caseId = href!.split("/").pop()!;
  await northside.page.goto(href!);
  const fileLinks = northside.page.locator('a[href^="/attachments/"]');
  const fileHref = (await fileLinks.count()) ? await fileLinks.first().getAttribute("href") : null;
  if (fileHref) {
    // The owner gets the file as a download, never sniffed, never cached.
    const own = await northside.page.request.get(fileHref);
    expect(own.status()).toBe(200);
    expect(own.headers()["content-disposition"]).toMatch(/^attachment; filename=/);
    expect(own.headers()["x-content-type-options"]).toBe("nosniff");
    expect(own.headers()["cache-control"]).toContain("no-store");
    const inline = await northside.page.request.get(`${fileHref}?inline=1`);
    expect(inline.headers()["content-disposition"]).toMatch(/^inline;/);
  }
  await northside.context.close();

  const lakeview = await pageAs(browser, "lakeview");
  const response = await lakeview.page.goto(`/cases/${caseId}`);
  expect(response?.status()).toBe(404);
  await expect(lakeview.page.getByText(caseId)).toHaveCount(0);
  if (fileHref) {
    const file = await lakeview.page.request.get(fileHref);
    expect(file.status()).toBe(404);
  }
  await lakeview.context.close();

  const api = await request.get(`/api/v1/cases/${caseId}`, { headers: { authorization: "Bearer pa_demo_lakeview_key" } });
  expect(api.status()).toBe(404);
  expect((await api.json()).error.message).toMatch(/No such case/);
  const own = await request.get(`/api/v1/cases/${caseId}`, { headers: { authorization: "Bearer pa_demo_northside_key" } });
  expect(own.status()).toBe(200);
});
