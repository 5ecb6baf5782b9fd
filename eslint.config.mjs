import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".next-e2e*/**",
      ".next-bench/**",
      "playwright/**",
      "node_modules/**",
      ".data/**",
      "playwright-report*/**",
      "test-results*/**",
      "next-env.d.ts",
      "db/migrations/**",
      ".stryker-tmp/**",
      "reports/**",
      "bench/blank/**",
      "bench/results/**",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // A promise nobody awaits loses its failure: every one is awaited, returned, or marked `void`
    // where its function settles its own errors. Needs the type checker (projectService).
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Pages and components render what the services decided (lib/server/cases/abilities.ts) and
    // name statuses through lib/domain.ts; they never re-derive a rule or reach the database.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...["left", "right"].flatMap((side) => {
          const other = side === "left" ? "right" : "left";
          return [
            {
              selector: `BinaryExpression[operator=/^[!=]==?$/][${side}.property.name=/^(role|status)$/][${other}.type='Literal'][${other}.raw=/^["'\x60]/]`,
              message:
                "Do not compare a role or status with a literal in app/ or components/: render from the service's abilities (caseAbilities) or a lib/domain.ts group.",
            },
            {
              selector: `BinaryExpression[operator=/^[!=]==?$/][${side}.name=/^(role|status)$/][${other}.type='Literal'][${other}.raw=/^["'\x60]/]`,
              message:
                "Do not compare a role or status with a literal in app/ or components/: render from the service's abilities (caseAbilities) or a lib/domain.ts group.",
            },
          ];
        }),
        {
          selector:
            "CallExpression[callee.property.name='includes'][callee.object.type='ArrayExpression'][arguments.0.property.name=/^(role|status)$/]",
          message:
            "Do not test a role or status against a literal list in app/ or components/: use the service's abilities or a lib/domain.ts group.",
        },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/db", "@/db/*", "**/db/*"],
              message:
                "app/ and components/ reach the database only through lib/server (the data access layer); vocabulary lives in lib/domain.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    // Components render; the data access layer runs only on the server. They may name the shapes it
    // returns (type imports, erased from the bundle) but never import its code.
    files: ["components/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/server", "@/lib/server/*", "**/lib/server/*"],
              allowTypeImports: true,
              message:
                "components/ never import lib/server's code (server-only): take data and server actions as props, or move pure helpers to lib/.",
            },
          ],
        },
      ],
    },
  },
  {
    // Every spec fails on a Content-Security-Policy violation only through the suite's own `test`.
    files: ["e2e/**/*.ts"],
    ignores: ["e2e/support/test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@playwright/test",
              importNames: ["test"],
              message: 'Import test from "../support/test" (it fails a test on any CSP violation).',
            },
          ],
        },
      ],
    },
  },
];

export default config;
