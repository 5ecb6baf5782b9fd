import { describe, expect, it } from "vitest";
import { CASE_STATUSES } from "@/db/schema";
import { CASE_STATUS_OPTIONS } from "./status-options";

describe("CASE_STATUS_OPTIONS", () => {
  it("lists every database case status in the enum's order", () => {
    expect(CASE_STATUS_OPTIONS).toEqual([...CASE_STATUSES]);
  });
});
