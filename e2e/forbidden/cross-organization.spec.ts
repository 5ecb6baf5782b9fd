import { expect, test } from "../support/test";
import { pageAs } from "../support/helpers";
import { attachOwnFile, submitOwnCase } from "../support/cases";

test("a provider of one organization cannot reach the other's case, file or API record", async ({
  browser,
  request,
}) => {
  // Northside's own case with a file, sent through the JSON API.
  const own = await submitOwnCase(request);
  const file = await attachOwnFile(request, own.id);
  const fileHref = `/attachments/${file.id}`;

  // The owner finds it by the member's ID (never put in the URL) and opens its file.
  const northside = await pageAs(browser, "provider");
  await northside.page.goto("/cases");
  await northside.page.getByLabel("Search").fill(own.memberId);
  await northside.page.getByRole("button", { name: "Apply" }).click();
  const links = northside.page.getByTestId("case-search-results").locator("tbody tr a");
  await expect(links).toHaveCount(1);
  expect(northside.page.url()).not.toContain(own.memberId);
  await expect(links).toHaveAttribute("href", `/cases/${own.id}`);
  await links.click();
  await expect(northside.page.locator(`a[href^="${fileHref}"]`).first()).toBeVisible();
  // The owner gets the file as a download, never sniffed, never cached.
  const download = await northside.page.request.get(fileHref);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toMatch(/^attachment; filename=/);
  expect(download.headers()["x-content-type-options"]).toBe("nosniff");
  expect(download.headers()["cache-control"]).toContain("no-store");
  const inline = await northside.page.request.get(`${fileHref}?inline=1`);
  expect(inline.headers()["content-disposition"]).toMatch(/^inline;/);
  await northside.context.close();

  // The other practice gets a 404 for the case page, the file and the API record.
  const lakeview = await pageAs(browser, "lakeview");
  const response = await lakeview.page.goto(`/cases/${own.id}`);
  expect(response?.status()).toBe(404);
  await expect(lakeview.page.getByText(own.id)).toHaveCount(0);
  expect((await lakeview.page.request.get(fileHref)).status()).toBe(404);
  await lakeview.context.close();

  const api = await request.get(`/api/v1/cases/${own.id}`, {
    headers: { authorization: "Bearer pa_demo_lakeview_key" },
  });
  expect(api.status()).toBe(404);
  expect((await api.json()).error.message).toMatch(/No such case/);
  const mine = await request.get(`/api/v1/cases/${own.id}`, {
    headers: { authorization: "Bearer pa_demo_northside_key" },
  });
  expect(mine.status()).toBe(200);
});
