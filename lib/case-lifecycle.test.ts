import { describe, expect, it } from "vitest";
import { canTransition, TRANSITIONS } from "./case-lifecycle";
import { CASE_STATUSES, type CaseStatus } from "./domain";

// The case life of PRODUCT.md ("draft -> submitted -> in_review -> (pending_information ->
// in_review)* -> approved | denied, and withdrawn from any state before a decision; denied ->
// appeal_submitted -> appeal_in_review -> appeal_upheld | appeal_overturned"), written out move
// by move with who makes it, independently of the table in case-lifecycle.ts. The database
// suite (lib/server/cases/move-case.test.ts) proves moveCase enforces whatever the table says;
// this file proves the table says what the product does.
const MOVES: readonly (readonly [CaseStatus, CaseStatus, string])[] = [
  ["draft", "submitted", "the provider submits"],
  ["draft", "withdrawn", "the provider withdraws a draft"],
  ["submitted", "in_review", "a reviewer claims the case"],
  ["submitted", "withdrawn", "the provider withdraws before a decision"],
  ["submitted", "approved", "the policy engine approves a fully met, documented, attested request automatically"],
  ["in_review", "pending_information", "the reviewer asks for information"],
  ["in_review", "approved", "a reviewer approves"],
  ["in_review", "denied", "a physician denies"],
  ["in_review", "submitted", "the reviewer releases or escalates the case"],
  ["in_review", "withdrawn", "the provider withdraws before a decision"],
  ["pending_information", "in_review", "the provider answers and a reviewer still holds the case"],
  ["pending_information", "submitted", "the provider answers and nobody (able to review it) holds the case"],
  ["pending_information", "pending_information", "the holder releases a pended case: it keeps its state"],
  ["pending_information", "withdrawn", "the provider withdraws before a decision"],
  ["denied", "appeal_submitted", "the provider appeals a denial"],
  ["appeal_submitted", "appeal_in_review", "a physician claims the appeal"],
  ["appeal_in_review", "appeal_upheld", "the physician upholds the denial"],
  ["appeal_in_review", "appeal_overturned", "the physician overturns the denial"],
  ["appeal_in_review", "appeal_submitted", "the physician releases the appeal"],
];

const DECIDED: readonly CaseStatus[] = [
  "approved",
  "denied",
  "withdrawn",
  "appeal_submitted",
  "appeal_in_review",
  "appeal_upheld",
  "appeal_overturned",
];
const FINAL: readonly CaseStatus[] = ["approved", "withdrawn", "appeal_upheld", "appeal_overturned"];

describe("the case lifecycle table", () => {
  it.each(MOVES)("allows %s → %s (%s)", (from, to) => {
    expect(canTransition(from, to, "engine")).toBe(true);
    // Only submitted → approved is the engine's alone.
    expect(canTransition(from, to), "a person").toBe(!(from === "submitted" && to === "approved"));
  });

  it("allows nothing else: every other pair of the 11 statuses is refused", () => {
    const allowed = new Set(MOVES.map(([from, to]) => `${from}→${to}`));
    const refused = CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => [from, to] as const)).filter(
      ([from, to]) => !allowed.has(`${from}→${to}`),
    );
    expect(refused).toHaveLength(11 * 11 - 19);
    for (const [from, to] of refused) {
      expect(canTransition(from, to), `${from} → ${to}`).toBe(false);
      expect(canTransition(from, to, "engine"), `${from} → ${to} (engine)`).toBe(false);
    }
  });

  it("lists each state's moves exactly once (the table is the list above, nothing more)", () => {
    for (const from of CASE_STATUSES)
      expect([...TRANSITIONS[from]].sort(), from).toEqual(
        MOVES.filter(([f]) => f === from)
          .map(([, to]) => to)
          .sort(),
      );
  });

  it("never withdraws a case once it is decided, and nothing leaves a final state", () => {
    for (const from of DECIDED) expect(canTransition(from, "withdrawn"), from).toBe(false);
    for (const from of FINAL) expect(TRANSITIONS[from], from).toEqual([]);
  });

  it("makes no person's decision on an unclaimed case; the engine may only approve a submitted one", () => {
    for (const from of CASE_STATUSES.filter((s) => s !== "in_review")) {
      expect(canTransition(from, "approved"), from).toBe(false);
      expect(canTransition(from, "denied"), from).toBe(false);
      expect(canTransition(from, "denied", "engine"), from).toBe(false);
    }
    expect(canTransition("submitted", "approved", "engine")).toBe(true);
    for (const from of CASE_STATUSES.filter((s) => s !== "in_review" && s !== "submitted"))
      expect(canTransition(from, "approved", "engine"), from).toBe(false);
  });

  it("reaches an appeal only through a denial", () => {
    for (const from of CASE_STATUSES.filter((s) => s !== "denied" && s !== "appeal_in_review"))
      expect(canTransition(from, "appeal_submitted"), from).toBe(false);
  });
});
