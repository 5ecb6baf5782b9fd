import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-strength";

describe("passwordProblem", () => {
  it("refuses short, common and personal passwords with a clear message", () => {
    expect(passwordProblem("short")).toBe("Use at least 12 characters.");
    expect(passwordProblem("password1234")).toMatch(/^This password is too easy to guess\./);
    expect(passwordProblem("qwertyuiop12")).toMatch(/too easy to guess/);
    expect(passwordProblem("danamorgan12", ["Dana Morgan", "dana.morgan@northside.example"])).toMatch(/personal/);
  });
  it("accepts a long unrelated passphrase", () => {
    expect(passwordProblem("violet-kayak-harbor-37")).toBeNull();
  });
});
