import { expect, test } from "../support/test";
import { expectAccessible, pageAs } from "../support/helpers";
import { findInQueue, sign, submitOwnCase } from "../support/cases";

// A long journey (three people, two signatures, accessibility checks) on a shared 2-core machine.
test.setTimeout(150_000);

const PSYCH_HISTORY = '[data-criterion="cnmp.doc.psychiatric-history"]';

test("a nurse pends for the psychiatric history, the provider answers, and the nurse decides on the new evaluation", async ({
  page,
  browser,
}, testInfo) => {
  // The spec's own case: documented except the psychiatric history (criterion 14).
  const own = await submitOwnCase(page.request, (r) => {
    delete r.clinical!.psychiatricHistory;
  });

  // Found by the member's ID through the queue's search (a POST: the ID never reaches the URL).
  await findInQueue(page, own.memberId, own.reference);
  expect(page.url()).not.toContain(own.memberId);
  await page.getByRole("button", { name: `Claim case ${own.reference}` }).click();
  await expect(page.getByTestId("hold-status")).toHaveText(/You hold this case\./);
  const psych = page.locator(PSYCH_HISTORY);
  await expect(psych.getByLabel("Finding")).toHaveValue("not_documented");
  // Met criteria are folded into one line each; the open one is not.
  await expect(page.locator('[data-compact="true"]')).toHaveCount(13);
  await expect(page.getByTestId("open-items")).toContainText("1 not documented");

  // Defect 3: a refused approval is shown beside the decision bar, focused, with the finding marked.
  await page.getByLabel("Rationale (sent in the letter)").fill("Everything but the psychiatric history is documented.");
  await page.getByRole("button", { name: "Approve…" }).click();
  await sign(page, "Sign and send this approval?", "Sign and send the approval", "Approved");
  const refusal = page.getByTestId("outcome-decision");
  await expect(refusal).toContainText("An approval cannot rest on criteria found not met or not documented");
  await expect(refusal).toBeInViewport();
  await expect(refusal).toBeFocused();
  await expect(psych.getByTestId("finding-issue")).toContainText("not documented");
  await page.screenshot({ path: testInfo.outputPath("workspace-refusal.png") });

  // An escalation with no reason is refused beside its own button, the reason field marked.
  await page.getByRole("button", { name: "Escalate to a physician…" }).click();
  await page.getByRole("button", { name: "Escalate", exact: true }).click();
  const escalateOutcome = page.getByTestId("outcome-escalate");
  await expect(escalateOutcome).toBeInViewport();
  await expect(escalateOutcome).toBeFocused();
  await expect(page.getByLabel("Why should a physician decide?")).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Escalate to a physician…" }).click();

  // Pend: autosave keeps every finding at the engine's values of this moment.
  await page.getByRole("button", { name: "Pend for information…" }).click();
  await page
    .getByLabel("Message to the provider")
    .fill("Please send the member's psychiatric or psychosocial history.");
  await page.getByLabel("Items needed (one per line)").fill("Psychiatric history summary");
  await expect(page.getByText(/Draft saved/)).toBeVisible();
  await page.getByRole("button", { name: "Send the request for information" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Information requested." })).toBeVisible();
  await expect(page.getByTestId("case-status")).toHaveText("Information requested");

  // The provider answers with the history.
  const provider = await pageAs(browser, "provider");
  await provider.page.goto(`/cases/${own.id}`);
  await expect(provider.page.getByRole("heading", { name: "The reviewer asks for more information" })).toBeVisible();
  await provider.page.getByLabel("Summary of the history").fill("None");
  await provider.page.getByLabel("Does it include substance use?").selectOption("no");
  await provider.page
    .getByLabel("Your answer to the reviewer")
    .fill("The member has no psychiatric history; see the summary.");
  await provider.page.getByRole("button", { name: "Send the answer" }).click();
  await expect(provider.page.getByText(/Your answer was sent/)).toBeVisible();

  // Defect 2: the nurse's draft predates the answer: the finding follows the new evaluation and says so.
  await page.reload();
  await expect(psych.getByText("Changed since your draft.")).toBeVisible();
  await expect(psych.getByLabel("Finding")).toHaveValue("met");
  await expect(psych.getByRole("button", { name: "Keep my value (Not documented)" })).toBeVisible();
  await expect(page.getByTestId("open-items")).toContainText("1 changed since your draft");
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("workspace-stale-draft.png"), fullPage: true });
  await psych.getByRole("button", { name: "Use the new evaluation" }).click();
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByRole("button", { name: "Approve…" }).click();
  await expect(page.getByRole("alertdialog", { name: "Sign and send this approval?" })).toBeVisible();
  // The dimmed overlay covers the sticky decision bar (the bar used to draw above it). A modal
  // dialog makes the page behind it ignore the pointer, which hit-testing honours: the bar takes
  // the pointer back for the probe, so whichever draws on top is the one found.
  const barOnTop = (overlayZIndex?: string) =>
    page.getByTestId("decision-bar").evaluate((bar: HTMLElement, z) => {
      const overlay = document.querySelector<HTMLElement>("[data-testid=dialog-overlay]");
      if (z !== undefined && overlay) overlay.style.zIndex = z;
      const r = bar.getBoundingClientRect();
      bar.style.pointerEvents = "auto";
      const top = document.elementFromPoint(r.left + 4, Math.min(r.bottom, window.innerHeight) - 4);
      bar.style.pointerEvents = "";
      if (overlay) overlay.style.zIndex = "";
      return !!top && bar.contains(top);
    }, overlayZIndex);
  expect(await barOnTop()).toBe(false);
  // The probe tells the two apart: with the overlay at the page's own level the bar is found on top.
  expect(await barOnTop("auto")).toBe(true);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("approve-dialog.png") });
  await sign(page, "Sign and send this approval?", "Sign and send the approval", "Approved");
  await expect(page.getByTestId("outcome-decision")).toContainText("Approved. The letter has been issued.");
  await expect(page.getByTestId("case-status")).toHaveText("Approved");

  // The approval letter states what is approved and lists the criteria compactly.
  await page.getByRole("link", { name: "Open the decision letter" }).click();
  await expect(page.getByRole("heading", { name: "What is approved" })).toBeVisible();
  await expect(page.getByTestId("letter-criteria-met")).toContainText("Psychiatric or psychosocial issues and history");
  await expect(page.getByTestId("letter-reason")).toHaveCount(0);
  await expect(page.getByText(/Decided .* ET$/)).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("letter-approved.png"), fullPage: true });
  const letterHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  testInfo.annotations.push({ type: "approval letter height", description: `${letterHeight} px` });

  // Defect 1: the provider's list shows the decision.
  await provider.page.goto("/cases");
  await provider.page.getByLabel("Search").fill(own.reference);
  await provider.page.getByRole("button", { name: "Apply" }).click();
  await expect(provider.page.getByTestId("case-search-results").locator("tbody tr")).toHaveCount(1);
  await expect(provider.page.getByTestId("case-search-results").locator("tbody tr")).toContainText("Approved");
  await provider.context.close();
});
