import { expect, type Page } from "@playwright/test";

/**
 * The link in the newest message of `kind` to `to`, read from the admin's Outbox page (the e2e
 * server runs without SMTP_URL, so messages are held there). `page` is signed in as the admin.
 */
export async function linkFromOutbox(page: Page, to: string, kind: "invitation" | "password reset"): Promise<string> {
  await page.goto("/admin/outbox");
  const row = page.getByTestId("outbox-row").filter({ hasText: to }).filter({ hasText: kind }).first();
  await expect(row).toBeVisible();
  const text = await row.locator("pre").innerText();
  const link = /https?:\/\/\S+/.exec(text)?.[0];
  expect(link, `a link in the ${kind} message`).toBeTruthy();
  return link!;
}

/** A valid NPI (Luhn over the 80840 prefix) that differs from run to run. */
export function randomNpi(): string {
  for (;;) {
    const body = `1${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    for (let check = 0; check <= 9; check++) {
      const digits = `80840${body}${check}`.split("").map(Number);
      let sum = 0;
      for (let i = digits.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
        let d = digits[i]!;
        if (dbl) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
      }
      if (sum % 10 === 0) return `${body}${check}`;
    }
  }
}
