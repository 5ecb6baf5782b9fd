import { expect, test } from "../support/test";
import { expectAccessible } from "../support/helpers";

// PA-2026-200105 (db/demo/reviewer-cases.ts): unclaimed, every one of its 14 criteria met by the
// engine. Read only: the case is not changed.
const CASE = "PA-2026-200105";

test("a 14-criterion case fits in a short workspace with the decision bar in reach", async ({ page }, testInfo) => {
  await page.goto("/queue");
  await page.getByRole("link", { name: CASE, exact: true }).click();
  await expect(page.getByRole("heading", { name: `Case ${CASE}` })).toBeVisible();
  await expect(page.getByTestId("finding")).toHaveCount(14);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  testInfo.annotations.push({ type: "workspace height (14 criteria, 1280x720)", description: `${height} px` });
  console.log(`WORKSPACE_HEIGHT ${height} px`);
  // Was about 5,200 px with 14 open editors; folded met criteria keep it to a few screens.
  expect(height).toBeLessThan(3000);
  // The decision bar stays on screen wherever the reviewer is.
  await expect(page.getByTestId("decision-bar")).toBeInViewport();
  await page.getByRole("heading", { name: "Findings, criterion by criterion" }).scrollIntoViewIfNeeded();
  await expect(page.getByTestId("decision-bar")).toBeInViewport();
  // Facts read in the form's order with the form's labels.
  const facts = page.getByRole("region", { name: "The request" });
  await expect(facts.getByText("Planned service date")).toBeVisible();
  const sections = await facts.locator("h3").allInnerTexts();
  expect(sections.slice(0, 3)).toEqual(["Member", "Request", "Cause of the pain"]);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("workspace-14-criteria.png"), fullPage: true });
});
