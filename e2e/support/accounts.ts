export const DEMO_PASSWORD = "portal-demo-339";

export const ACCOUNTS = {
  provider: "provider@northside.demo",
  lakeview: "provider@lakeview.demo",
  nurse: "nurse@plan.demo",
  physician: "physician@plan.demo",
  physician2: "physician2@plan.demo",
  auditor: "auditor@plan.demo",
  admin: "admin@plan.demo",
} as const;
export type AccountName = keyof typeof ACCOUNTS;

// Suites run side by side (E2E_NAME) each keep their own sessions: they run on different databases.
const suite = process.env.E2E_NAME ? `-${process.env.E2E_NAME}` : "";
export const authFile = (name: AccountName) => `playwright/.auth${suite}/${name}.json`;
