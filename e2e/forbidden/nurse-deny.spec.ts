import { expect, test } from "@playwright/test";
import { pageAs } from "../support/helpers";

// PA-2026-200104 is claimed by the nurse in the demo data (db/demo/reviewer-cases.ts).
const CASE = "PA-2026-200104";

/** The id the build gave a server action, read from the page's own scripts. */
async function actionId(page: import("@playwright/test").Page, name: string): Promise<string> {
  const sources = await page.evaluate(() => [...document.scripts].map((s) => s.src).filter(Boolean));
  for (const src of sources) {
    const js = await (await page.request.get(src)).text();
    const at = js.indexOf(`"${name}"`);
    if (at < 0) continue;
    const ids = [...js.slice(Math.max(0, at - 400), at).matchAll(/"([0-9a-f]{40,})"/g)];
    if (ids.length) return ids[ids.length - 1]![1]!;
  }
  throw new Error(`server action ${name} not found in the page's scripts`);
}

test("a nurse has no Deny button, and calling deny directly is refused on the server and audited", async ({ browser }) => {
  const { context, page } = await pageAs(browser, "nurse");
  await page.goto("/queue?assigned=me");
  await page.getByRole("link", { name: CASE, exact: true }).click();
  await expect(page.getByText("You hold this case.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Deny/ })).toHaveCount(0);
  const caseId = page.url().split("/review/")[1]!;

  const id = await actionId(page, "denyCaseAction");
  const response = await page.request.post(page.url(), {
    headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
    data: JSON.stringify([{ caseId, version: 2, findings: [{ criterionId: "cnmp.trial.psychological", status: "not_documented" }], rationale: "Trying to deny as a nurse, which is not allowed." }]),
  });
  const body = await response.text();
  expect(body).toContain("FORBIDDEN");
  await page.reload();
  await expect(page.getByTestId("case-status")).toHaveText("In review");
  await context.close();

  const auditor = await pageAs(browser, "auditor");
  await auditor.page.goto("/audit?action=case.deny&outcome=refused");
  await expect(auditor.page.getByTestId("audit-row").first()).toContainText("nurse@plan.demo");
  await auditor.context.close();
});
