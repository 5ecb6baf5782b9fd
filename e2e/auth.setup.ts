import { expect, test as setup } from "./support/test";
import { ACCOUNTS, authFile, type AccountName } from "./support/accounts";
import { signIn } from "./support/helpers";

const LANDING: Record<AccountName, RegExp> = {
  provider: /\/cases$/,
  lakeview: /\/cases$/,
  nurse: /\/queue$/,
  physician: /\/queue$/,
  physician2: /\/queue$/,
  auditor: /\/audit$/,
  admin: /\/admin\/users$/,
};

for (const name of Object.keys(ACCOUNTS) as AccountName[]) {
  setup(`sign in as ${name}`, async ({ page }) => {
    await signIn(page, ACCOUNTS[name]);
    await expect(page).toHaveURL(LANDING[name]);
    await page.context().storageState({ path: authFile(name) });
  });
}
