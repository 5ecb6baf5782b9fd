import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PHARMACY_339_7_TEXT } from "./text/pharmacy-339.7";

// The shared source sits beside the repository (../shared, as for the conformance cases): without
// it this test fails and says where it looked, rather than passing unseen. (Left out of mutation
// testing: the text is not mutated, and Stryker's sandbox has no ../shared beside it.)
const shared = fileURLToPath(new URL("../../../shared/policy/PHARMACY-339.7.source.txt", import.meta.url));

describe("the policy text", () => {
  it("equals the shared source file byte for byte", () => {
    if (!existsSync(shared)) throw new Error(`The shared policy source is missing: expected it at ${shared} (../shared/policy from the repository root).`);
    expect(PHARMACY_339_7_TEXT).toBe(readFileSync(shared, "utf8"));
  });
});
