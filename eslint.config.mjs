import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".next-e2e*/**", "playwright/**", "node_modules/**", ".data/**", "playwright-report*/**", "test-results*/**", "next-env.d.ts", "db/migrations/**", ".stryker-tmp/**", "reports/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
