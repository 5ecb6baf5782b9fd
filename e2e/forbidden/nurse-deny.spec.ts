import { expect, test, type Request } from "../support/test";
import { pageAs } from "../support/helpers";
import { findInQueue, submitOwnCase } from "../support/cases";

/** A signed decision's server-action call: its first argument names the findings and the version. */
function isDecisionCall(request: Request): boolean {
  if (request.method() !== "POST" || !request.headers()["next-action"]) return false;
  try {
    const [input] = JSON.parse(request.postData() ?? "") as [Record<string, unknown>];
    return Array.isArray(input?.findings) && typeof input?.version === "number";
  } catch {
    return false;
  }
}

test("a nurse has no Deny button, and the deny action called directly is refused on the server and audited", async ({
  browser,
}) => {
  // Two cases of the spec's own: the physician starts a denial of one, the nurse holds the other.
  const physician = await pageAs(browser, "physician");
  const physiciansCase = await submitOwnCase(physician.page.request, (r) => {
    delete r.clinical!.psychologicalEvaluation;
  });
  const nursesCase = await submitOwnCase(physician.page.request);

  // The physician's real "Sign and send the denial" request is captured on its way out and never
  // reaches the server: the action's id and headers come from the running build, not its bundles.
  await findInQueue(physician.page, physiciansCase.reference, physiciansCase.reference);
  await physician.page.getByRole("button", { name: `Claim case ${physiciansCase.reference}` }).click();
  await expect(physician.page.getByTestId("hold-status")).toHaveText(/You hold this case\./);
  await physician.page
    .getByLabel("Rationale (sent in the letter)")
    .fill("The records do not document the absence of untreated psychological issues.");
  await physician.page.getByRole("button", { name: "Deny…" }).click();
  const dialog = physician.page.getByRole("alertdialog", { name: "Sign and send this denial?" });
  await expect(dialog.getByTestId("letter-preview")).toBeVisible();
  const captured: Request[] = [];
  await physician.page.route("**/*", (route) => {
    if (!isDecisionCall(route.request())) return route.continue();
    captured.push(route.request());
    return route.abort();
  });
  await dialog.getByRole("button", { name: "Sign and send the denial" }).click();
  await expect.poll(() => captured.length).toBe(1);
  const denial = captured[0]!;
  await physician.context.close();

  // The nurse holds her case and is offered no Deny button.
  const { context, page } = await pageAs(browser, "nurse");
  await findInQueue(page, nursesCase.reference, nursesCase.reference);
  await page.getByRole("button", { name: `Claim case ${nursesCase.reference}` }).click();
  await expect(page.getByText("You hold this case.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Deny/ })).toHaveCount(0);
  const nursesCaseId = page.url().split("/review/")[1]!;
  const physiciansCaseId = (JSON.parse(denial.postData()!) as [{ caseId: string }])[0].caseId;

  // The same call, with her session and her case, is refused by the service.
  const headers = denial.headers();
  const response = await page.request.post(page.url(), {
    headers: {
      "next-action": headers["next-action"]!,
      "content-type": headers["content-type"]!,
      accept: headers["accept"] ?? "text/x-component",
    },
    data: denial.postData()!.replaceAll(physiciansCaseId, nursesCaseId),
  });
  expect(await response.text()).toContain("FORBIDDEN");
  await page.reload();
  await expect(page.getByTestId("case-status")).toHaveText("In review");
  await context.close();

  const auditor = await pageAs(browser, "auditor");
  await auditor.page.goto("/audit?action=case.deny&outcome=refused");
  await expect(auditor.page.getByTestId("audit-row").first()).toContainText("nurse@plan.demo");
  await auditor.context.close();
});
