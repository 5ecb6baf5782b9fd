import { expect, type Page } from "@playwright/test";

/** The smallest file the portal takes as a PDF (its content is checked, not its name). */
export const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

/** The request form's member and request details: a commercial chronic non-malignant pain trial, CPT 62326. */
export async function fillTrialBasics(page: Page, member: { id: string; name: string }) {
  await page.getByLabel("Member ID").fill(member.id);
  await page.getByLabel("Member name").fill(member.name);
  await page.getByLabel("Date of birth").fill("1970-05-01");
  await page.getByLabel("Line of business").selectOption("commercial");
  await page.getByLabel("Indication").selectOption("chronic_nonmalignant_pain");
  await page.getByLabel("Phase").selectOption("trial");
  await page.getByLabel(/^62326/).check();
}

/**
 * The clinical facts of that trial, each criterion met; `afterCause` runs once the first fact is
 * in (a journey watching the panel follow). Ends when the panel says the criteria are met.
 */
export async function fillCleanTrialFacts(page: Page, afterCause?: () => Promise<void>) {
  await page.getByLabel("Is the cause (etiology) of the pain known and documented?").selectOption("yes");
  await page.getByLabel("Diagnosis or cause").fill("Failed back surgery syndrome");
  await afterCause?.();
  await page
    .getByLabel("Is further surgical or other treatment of the underlying condition indicated?")
    .selectOption("not_indicated");
  await page.getByRole("button", { name: "Add a therapy" }).click();
  await page.getByLabel("Kind of therapy").selectOption("pharmacological");
  await page.getByLabel("Result").selectOption("intolerable_side_effects");
  await page.getByLabel("Started").fill("2025-01-10");
  await page.getByLabel("Ended").fill("2025-09-30");
  await page.getByLabel("Reason it was stopped, contraindicated or refused").fill("Sedation on oral opioids");
  await page
    .getByLabel("Was consideration given to additional treatments for the underlying condition?")
    .selectOption("yes");
  await page.getByLabel("Summary of the history").fill("None");
  await page.getByLabel("Date of the evaluation").fill("2026-01-20");
  await page.getByLabel("Untreated psychological issues likely to interfere?").selectOption("no");
  await expect(page.getByTestId("still-needs-outcome")).toHaveAttribute("data-outcome", "meets_criteria");
}
