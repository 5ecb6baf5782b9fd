import { expect, test } from "@playwright/test";
import { pageAs } from "../support/helpers";

const REFUSED: [Parameters<typeof pageAs>[1], string][] = [
  ["provider", "/queue"],
  ["provider", "/audit"],
  ["nurse", "/admin/users"],
  ["nurse", "/cases"],
  ["admin", "/queue"],
  ["auditor", "/admin/users"],
  ["auditor", "/queue"],
  ["auditor", "/cases/new"],
  ["provider", "/history"],
  ["provider", "/reports"],
  ["nurse", "/history"],
  ["physician", "/reports"],
];

for (const [account, path] of REFUSED) {
  test(`${account} opening ${path} is refused with 403`, async ({ browser }) => {
    const { context, page } = await pageAs(browser, account);
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await context.close();
  });
}
