import { describe, expect, it } from "vitest";
import * as server from "@/lib/validation/review";
import { engineDefaultStatus, FINDING_STATUS_LABELS, FINDING_STATUS_VALUES } from "./finding-status";

describe("client finding statuses agree with lib/validation/review", () => {
  it("same values and labels", () => {
    expect([...FINDING_STATUS_VALUES]).toEqual([...server.FINDING_STATUS_VALUES]);
    expect(FINDING_STATUS_LABELS).toEqual(server.FINDING_STATUS_LABELS);
  });
  it("same engine defaults", () => {
    for (const s of ["met", "not_met", "missing_documentation", "needs_clinical_review", "not_applicable", "other"]) {
      expect(engineDefaultStatus(s)).toBe(server.engineDefaultStatus(s));
    }
  });
});
