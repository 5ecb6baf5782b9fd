import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// The policy tests only, for mutation testing (`npm run test:mutation`, stryker.config.json).
// A config of its own rather than a merge with vitest.config.ts: mergeConfig concatenates
// `include`, which would bring every test back. lib/policy needs no alias but its own "@".
// Left out: cli.test.ts spawns the CLI in a child process, where Stryker cannot switch mutants
// on, so it would only slow every run without killing anything; properties.test.ts draws random
// requests (fast-check, thousands of evaluations per test), which would make the score differ
// from run to run and every mutant's run slow. The rules are pinned by the example tests.
// text-source.test.ts compares the policy text, which is never mutated, with its source file.
export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL("./", import.meta.url)) },
  },
  test: {
    include: ["lib/policy/**/*.test.ts"],
    exclude: [
      "lib/policy/cli.test.ts",
      "lib/policy/properties.test.ts",
      "lib/policy/text-source.test.ts",
      ".stryker-tmp/**",
    ],
    testTimeout: 30_000,
    pool: "forks",
  },
});
