import { describe, expect, it } from "vitest";
import { auditDetailEntries, auditTargetLabel } from "./audit-details";

describe("auditDetailEntries", () => {
  it("lists before, then after, then the other keys in their stored order", () => {
    // The order jsonb gives back: shorter keys first.
    const stored = { after: { role: "admin" }, reason: "x", before: { role: "nurse_reviewer" }, sessionsEnded: 2 };
    expect(auditDetailEntries(stored)).toEqual([
      ["before", '{"role":"nurse_reviewer"}'],
      ["after", '{"role":"admin"}'],
      ["reason", "x"],
      ["sessionsEnded", "2"],
    ]);
  });

  it("shows an after of null and nothing for details that are not an object", () => {
    expect(auditDetailEntries({ after: null, before: { open: true } })).toEqual([
      ["before", '{"open":true}'],
      ["after", "null"],
    ]);
    expect(auditDetailEntries(null)).toEqual([]);
    expect(auditDetailEntries("text")).toEqual([]);
    expect(auditDetailEntries([1, 2])).toEqual([]);
  });
});

describe("auditTargetLabel", () => {
  it("names a known person and keeps the short id of an unknown one", () => {
    const id = "5ff16dca-1111-4222-8333-444455556666";
    expect(
      auditTargetLabel({ targetType: "user", targetId: id, targetUser: { name: "Nora Nurse", email: "n@x" } }),
    ).toBe("Nora Nurse (n@x)");
    expect(auditTargetLabel({ targetType: "user", targetId: id, targetUser: null })).toBe("user 5ff16dca");
    expect(auditTargetLabel({ targetType: null, targetId: null, targetUser: null })).toBe("");
  });
});
