import { describe, expect, it } from "vitest";
import { PHARMACY_339_7 } from "@/lib/policy";
import { PHARMACY_339_7_TEXT } from "./text/pharmacy-339.7";

describe("the policy text", () => {
  it("is the text of version 339.7, with its title, number and effective date", () => {
    expect(PHARMACY_339_7.text).toBe(PHARMACY_339_7_TEXT);
    expect(PHARMACY_339_7_TEXT).toContain("Implanted Spinal Drug Delivery Systems");
    expect(PHARMACY_339_7_TEXT).toContain("Policy Number: PHARMACY 339.7");
    expect(PHARMACY_339_7_TEXT).toContain("Effective Date: July 1, 2023");
    // The escaped characters of the template literal came through.
    expect(PHARMACY_339_7_TEXT).toContain("$\\geq 50\\%$");
    expect(PHARMACY_339_7_TEXT.length).toBe(34240);
  });
});
