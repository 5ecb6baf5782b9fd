import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PHARMACY_339_7_TEXT } from "./text/pharmacy-339.7";

// The repository's copy of the policy source (reference/README.md). Left out of mutation testing:
// the text is not mutated.
const source = fileURLToPath(new URL("../../reference/policy/PHARMACY-339.7.source.txt", import.meta.url));

describe("the policy text", () => {
  it("equals the policy source file byte for byte", () => {
    expect(PHARMACY_339_7_TEXT).toBe(readFileSync(source, "utf8"));
  });
});
