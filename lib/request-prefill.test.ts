import { describe, expect, it } from "vitest";
import { readRequestPrefill, requestPrefillPath } from "./request-prefill";

const query = (path: string) => Object.fromEntries(new URL(path, "http://x").searchParams);

describe("the request form's prefill link", () => {
  it("reads back what it was built from", () => {
    const prefill = { phase: "trial" as const, indication: "cancer_pain" as const, cptCodes: ["62326", "62327"] };
    const path = requestPrefillPath(prefill);
    expect(path).toBe("/cases/new?phase=trial&indication=cancer_pain&cpt=62326%2C62327");
    expect(readRequestPrefill(query(path))).toEqual({ prefill, refused: [] });
  });

  it("is the plain form without a query", () => {
    expect(requestPrefillPath({})).toBe("/cases/new");
    expect(readRequestPrefill({})).toEqual({ prefill: {}, refused: [] });
  });

  it("starts empty and names each part it did not understand", () => {
    expect(readRequestPrefill({ phase: "pump", cpt: "62326" })).toEqual({
      prefill: {},
      refused: ["phase: must be one of: trial, implant"],
    });
    expect(readRequestPrefill({ cpt: "62326,99213" }).refused).toEqual([
      "cpt: must list CPT codes of this policy (62320–62327, 62350, 62351, 62360–62362)",
    ]);
    expect(readRequestPrefill({ phase: "trial", cpt: "62326,62362" }).refused).toEqual([
      'cpt: 62362 does not belong to phase "trial"',
    ]);
    expect(readRequestPrefill({ phase: "implant", cpt: "62326,62327" }).refused).toEqual([
      'cpt: 62326, 62327 do not belong to phase "implant"',
    ]);
  });

  it("takes the first of a repeated parameter and folds repeated codes", () => {
    expect(readRequestPrefill({ phase: ["implant", "trial"], cpt: "62362, 62362" })).toEqual({
      prefill: { phase: "implant", cptCodes: ["62362"] },
      refused: [],
    });
  });
});
