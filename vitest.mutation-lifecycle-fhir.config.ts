import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// The tests of the case lifecycle table and of the QuestionnaireResponse -> request mapping, for
// their mutation run (stryker.lifecycle-fhir.config.json, part of `npm run test:mutation`). Only
// the pure tests that state those rules: the database suites that also use the table
// (lib/server/cases/move-case.test.ts) and the FHIR round trip over the conformance cases
// (lib/fhir/questionnaire.test.ts, whose R4 validator takes seconds to load) would make every
// mutant's run slow. This run does not ignore static mutants: the lifecycle table IS a
// module-level constant, and reloading these two small test files per static mutant is cheap.
export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL("./", import.meta.url)) },
  },
  test: {
    include: ["lib/case-lifecycle.test.ts", "lib/fhir/questionnaire-response.test.ts"],
    exclude: [".stryker-tmp/**"],
    testTimeout: 30_000,
    pool: "forks",
  },
});
