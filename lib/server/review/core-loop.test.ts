// Issue 9's defects in the core loop, each through the real services on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { createTestDatabase } from "@/test/db";
import {
  ctxFor,
  findingsFor,
  givenApprovedCase,
  givenAppealedCase,
  givenClaimedCase,
  givenDeniedCase,
  givenSubmittedCase,
  givenReviewTeam,
  type GivenUser,
} from "@/test/given";
import { ConflictError, ValidationError } from "../errors";
import { listOrganizationCases } from "../cases/list-organization-cases";
import { approveCase } from "./approve-case";
import { claimCase } from "./claim-case";
import { getReviewWorkspace } from "./get-review-workspace";
import { listReviewQueue } from "./list-review-queue";

let handle: DatabaseHandle;
let db: DatabaseHandle["db"];
let provider: GivenUser, nurse: GivenUser, physician: GivenUser, physician2: GivenUser;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  ({ provider, nurse, physician, physician2 } = await givenReviewTeam(db));
});
afterAll(async () => handle.close());

const asProvider = () => ({ provider: ctxFor(db, provider) });
const newCase = () => givenSubmittedCase(db, asProvider());
const deniedCase = () =>
  givenDeniedCase(ctxFor(db, physician), {
    ...asProvider(),
    findings: { "cnmp.trial.psychological": { status: "not_documented" } },
  });

describe("the provider's case list", () => {
  it("shows the decision of a decided case (defect 1)", async () => {
    const made = await givenApprovedCase(ctxFor(db, nurse), asProvider());
    const denied = await deniedCase();
    const { rows } = await listOrganizationCases(ctxFor(db, provider), { pageSize: 100 });
    expect(rows.find((r) => r.id === made.case.id)?.decision).toBe("approved");
    expect(rows.find((r) => r.id === denied.case.id)?.decision).toBe("denied");
  });
});

describe("the appeal reason", () => {
  it("reaches the physician deciding the appeal (defect 4)", async () => {
    const reason = "The psychological evaluation of 2026-01-20 is attached and shows no untreated issues.";
    const made = await givenAppealedCase(ctxFor(db, physician), { ...asProvider(), reason });
    const ws = await getReviewWorkspace(ctxFor(db, physician2), made.case.id);
    expect(ws.appeal?.reason).toBe(reason);
  });
});

describe("what the workspace offers (defect 5)", () => {
  it("the denying physician is not offered the claim of the appeal; the other physician is", async () => {
    const made = await givenAppealedCase(ctxFor(db, physician), asProvider());
    const mine = await getReviewWorkspace(ctxFor(db, physician), made.case.id);
    expect(mine.abilities.canClaim).toBe(false);
    const other = await getReviewWorkspace(ctxFor(db, physician2), made.case.id);
    expect(other.abilities.canClaim).toBe(true);
    // A nurse never takes an appeal.
    expect((await getReviewWorkspace(ctxFor(db, nurse), made.case.id)).abilities.canClaim).toBe(false);
  });

  it("after losing a claim race the case reads as held by the winner, with nothing to claim", async () => {
    const made = await newCase();
    await claimCase(ctxFor(db, physician), { caseId: made.case.id, version: made.case.version });
    const lost = await claimCase(ctxFor(db, nurse), { caseId: made.case.id, version: made.case.version }).catch(
      (e: unknown) => e,
    );
    expect(lost).toBeInstanceOf(ConflictError);
    // Conflict times are in the plan's time, like the rest of the portal.
    expect((lost as ConflictError).message).toMatch(
      /^Claimed by Dr\. One at [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M ET\./,
    );
    const ws = await getReviewWorkspace(ctxFor(db, nurse), made.case.id);
    expect(ws.abilities).toMatchObject({ canClaim: false, heldByOther: true, heldByViewer: false, canApprove: false });
    expect(ws.case.assigneeName).toBe("Dr. One");
  });

  it("the loser of a decision race is told in the plan's time who decided", async () => {
    const made = await givenClaimedCase(ctxFor(db, nurse), asProvider());
    const claimedAt = made.case.version;
    await approveCase(ctxFor(db, nurse), {
      caseId: made.case.id,
      version: claimedAt,
      findings: findingsFor(made.result),
      rationale: "Every criterion is met.",
    });
    const late = await approveCase(ctxFor(db, nurse), {
      caseId: made.case.id,
      version: claimedAt,
      findings: findingsFor(made.result),
      rationale: "Every criterion is met.",
    }).catch((e: unknown) => e);
    expect((late as Error).message).toMatch(/^Decided by Nora Nurse at .* ET \(Approved\)/);
    expect((late as Error).message).not.toContain("UTC");
    const ws = await getReviewWorkspace(ctxFor(db, nurse), made.case.id);
    expect(ws.abilities).toMatchObject({ decided: true, canApprove: false, canRelease: false });
  });
});

describe("the queue's search", () => {
  it("finds a case by part of its reference or by the member's whole ID, and refuses a query too short", async () => {
    const made = await newCase();
    const nurseCtx = ctxFor(db, nurse);
    const byRef = await listReviewQueue(nurseCtx, { q: made.case.reference.slice(-6) });
    expect(byRef.rows.map((r) => r.id)).toContain(made.case.id);
    const byMember = await listReviewQueue(nurseCtx, { q: made.case.memberId!.toLowerCase() });
    expect(byMember.rows.map((r) => r.id)).toEqual([made.case.id]);
    // Part of a member ID finds nothing: IDs are matched whole.
    expect(
      (await listReviewQueue(nurseCtx, { q: made.case.memberId!.slice(0, 5) })).rows.map((r) => r.id),
    ).not.toContain(made.case.id);
    await expect(listReviewQueue(nurseCtx, { q: "PA" })).rejects.toBeInstanceOf(ValidationError);
  });
});
