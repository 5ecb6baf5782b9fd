import { expect, test } from "../support/test";
import { expectAccessible } from "../support/helpers";

// A public ES384 key (no private part): what an EHR vendor hands the plan.
const PUBLIC_KEY = {
  kty: "EC",
  crv: "P-384",
  x: "jF9uoYSeC5ia5b_VY_HmvSkr6tHEPZNRdl1XhLBC7iKscS9eYWrRrGMu0KSYMwKU",
  y: "BM4TJMSoKoK9O9zRVRgqvrxe322tBfoy5rGVSCEqfELB14oTEWEMq1UNbB1Wz_jE",
  kid: "e2e-key",
};

test("the administrator registers a practice's EHR, is stopped from pasting a private key, and revokes it", async ({
  page,
}) => {
  const name = `Lakeview Cerner ${Date.now()}`;
  await page.goto("/admin/ehr-clients");
  await expect(page.getByRole("heading", { name: "EHR connections" })).toBeVisible();
  // The demo EHR is there with its client id.
  await expect(page.getByText("ehr_demo_northside")).toBeVisible();
  await expectAccessible(page);

  const form = page.getByRole("form", { name: "Register an EHR" });
  await form
    .getByLabel("Practice and person responsible")
    .selectOption({ label: "Lakeview Neurosurgery — Lee Lakeview (provider@lakeview.demo)" });
  await form.getByLabel("Name").fill(name);
  // A private key ("d") is refused, with the reason, and nothing is registered.
  await form
    .getByLabel("Or the key set itself (JSON)")
    .fill(JSON.stringify({ keys: [{ ...PUBLIC_KEY, d: "c2VjcmV0" }] }));
  await form.getByRole("button", { name: "Register" }).click();
  await expect(form.getByRole("alert")).toContainText("private key");
  await expect(page.getByRole("cell", { name })).toHaveCount(0);

  await form.getByLabel("Or the key set itself (JSON)").fill(JSON.stringify({ keys: [PUBLIC_KEY] }));
  await form.getByRole("button", { name: "Register" }).click();
  await expect(form.getByRole("status")).toContainText("Registered");
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row.getByTestId("ehr-client-id")).toHaveText(/^ehr_[\w-]{20,}$/);
  await expect(row).toContainText("1 key(s) registered");

  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(row).toContainText("Revoked");
});
