import { expect, test } from "../support/test";
import { pageAs } from "../support/helpers";

const REFUSED: [Parameters<typeof pageAs>[1], string][] = [
  ["provider", "/queue"],
  ["provider", "/audit"],
  ["nurse", "/cases"],
  ["admin", "/queue"],
  ["auditor", "/queue"],
  ["auditor", "/cases/new"],
  ["provider", "/history"],
  ["provider", "/reports"],
  ["nurse", "/history"],
  ["physician", "/reports"],
  ["provider", "/review/quality"],
  ["auditor", "/review/quality"],
  ["admin", "/review/quality"],
  // every administration page, for every role but the admin's
  ...(["nurse", "provider", "auditor"] as const).flatMap((account) =>
    ["/admin/users", "/admin/organizations", "/admin/outbox", "/admin/ehr-clients"].map(
      (path) => [account, path] as [Parameters<typeof pageAs>[1], string],
    ),
  ),
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
