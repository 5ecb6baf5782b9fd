import { expect, test, type Page } from "../support/test";
import { expectAccessible, pageAs } from "../support/helpers";
import { findInQueue, submitOwnCase } from "../support/cases";

/** Clears the viewer's unread notifications from the notifications page (the caller makes sure there is one). */
async function markAllRead(page: Page) {
  await page.goto("/notifications");
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(page.getByText("0 unread")).toBeVisible();
  await expect(page.getByTestId("notification-count")).toHaveCount(0);
}

test("the bell's count needs a session", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const res = await anonymous.get("/notifications/unread");
  expect(res.status()).toBe(401);
  expect(await res.text()).not.toContain("count");
  await anonymous.dispose();
});

test("the nurse pends a case, the provider's bell shows it without a reload, they answer, and the nurse's bell shows the answer", async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.setTimeout(120_000); // a long journey: on PostgreSQL it took 40 s of the default 60
  // Lakeview's own case (no other journey touches Lakeview's cases, so its bell counts only this one);
  // its "case received" notice is the unread one the provider clears first.
  const own = await submitOwnCase(request, undefined, "Nell Notify", "lakeview");

  const provider = await pageAs(browser, "lakeview");
  await markAllRead(provider.page);
  await provider.page.goto("/cases");
  await expect(provider.page.getByRole("link", { name: "Notifications, none unread" })).toBeVisible();

  // The nurse's other unread notices come from journeys running alongside: her bell is compared with itself.
  await page.goto("/queue");
  await expect(page.getByTestId("notification-bell")).toHaveAccessibleName(/^Notifications, /);
  const nurseBellBefore = (await page.getByTestId("notification-bell").getAttribute("aria-label"))!;
  await findInQueue(page, own.reference, own.reference);
  await page.getByRole("button", { name: `Claim case ${own.reference}` }).click();
  await expect(page.getByTestId("hold-status")).toHaveText(/You hold this case\./);
  await page.getByRole("button", { name: "Pend for information…" }).click();
  await page.getByLabel("Message to the provider").fill("Please send the most recent imaging report.");
  await page.getByLabel("Items needed (one per line)").fill("Imaging report");
  await page.getByRole("button", { name: "Send the request for information" }).click();
  await expect(page.getByTestId("case-status")).toHaveText("Information requested");

  // The provider's open page: the bell counts it, no reload.
  const bell = provider.page.getByTestId("notification-bell");
  await expect(provider.page.getByTestId("notification-count")).toHaveText("1", { timeout: 20_000 });
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread");
  await provider.page.screenshot({ path: testInfo.outputPath("provider-bell.png") });
  await bell.click();
  const item = provider.page.getByTestId("notification").filter({ hasText: `${own.reference}: Information requested` });
  await expect(item).toBeVisible();
  await expect(item).toContainText("asks for 1 item");
  await expect(provider.page.getByText("Nell Notify")).toHaveCount(0); // reference and status only
  await expectAccessible(provider.page);
  await provider.page.screenshot({ path: testInfo.outputPath("provider-notifications.png"), fullPage: true });
  await item.getByRole("button", { name: /^Open/ }).click();
  await expect(provider.page).toHaveURL(new RegExp(`/cases/${own.id}$`));
  await expect(provider.page.getByTestId("notification-count")).toHaveCount(0);
  await provider.page
    .getByLabel("Your answer to the reviewer")
    .fill("The imaging report is attached to the chart; no change in findings.");
  await provider.page.getByRole("button", { name: "Send the answer" }).click();
  await expect(provider.page.getByText(/Your answer was sent/)).toBeVisible();

  // The nurse, still on the workspace: the bell shows the answer.
  await expect(page.getByTestId("notification-bell")).not.toHaveAccessibleName(nurseBellBefore, { timeout: 20_000 });
  await expect(page.getByTestId("notification-count")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("nurse-bell.png") });
  await page.getByTestId("notification-bell").click();
  const answer = page.getByTestId("notification").filter({ hasText: `${own.reference}: Information received` });
  await expect(answer).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("nurse-notifications.png"), fullPage: true });
  await answer.getByRole("button", { name: /^Open/ }).click();
  await expect(page).toHaveURL(new RegExp(`/review/${own.id}$`));
  await provider.context.close();
});
