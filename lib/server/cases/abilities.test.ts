import { describe, expect, it } from "vitest";
import { CASE_STATUSES, ROLES, type CaseStatus, type Role } from "@/lib/domain";
import { caseAbilities, type CaseAbilities } from "./abilities";

// Every role × every status × held by the viewer / held by someone else / held by nobody, with
// the expectations written out per role (PRODUCT.md "Roles and what each may do"), not derived
// from the code under test.

const VIEWER_ID = "00000000-0000-4000-8000-000000000001";
const OTHER_ID = "00000000-0000-4000-8000-000000000002";
const HOLDERS = { viewer: VIEWER_ID, other: OTHER_ID, nobody: null } as const;
type Holder = keyof typeof HOLDERS;

const NOW = new Date("2026-06-01T12:00:00Z");
const CURRENT_LICENCE = { current: true, message: null };
const EXPIRED_LICENCE = {
  current: false,
  message:
    "Your MD/DO licence on file expired on 2026-05-31. Denials and appeal decisions need a current one: ask an administrator to update it.",
};
const RECENT_DENIAL = new Date("2026-05-01T12:00:00Z");
const OLD_DENIAL = new Date("2025-10-01T12:00:00Z"); // more than 180 days before NOW

function abilities(
  role: Role,
  status: CaseStatus,
  holder: Holder,
  extra: {
    physicianOnly?: boolean;
    unaddressed?: boolean;
    indication?: string;
    denier?: boolean;
    deniedAt?: Date | null;
    openRequest?: boolean;
    licence?: { current: boolean; message: string | null };
  } = {},
): CaseAbilities {
  return caseAbilities(
    { viewer: { userId: VIEWER_ID, role, organizationId: "org", name: "Viewer", email: "v@example.test" } },
    {
      status,
      assigneeId: HOLDERS[holder],
      physicianOnly: extra.physicianOnly ?? false,
      engineOutcome: extra.unaddressed ? "not_addressed_by_policy" : "meets_criteria",
      indication: extra.indication ?? "chronic_nonmalignant_pain",
    },
    {
      deniedAt: extra.deniedAt === undefined ? RECENT_DENIAL : extra.deniedAt,
      viewerIsAppealDenier: extra.denier ?? false,
      openInformationRequest: extra.openRequest ?? true,
      now: NOW,
      licence: "licence" in extra ? extra.licence : CURRENT_LICENCE,
    },
  );
}

const REVIEWER_ACTIONS = [
  "canClaim",
  "canRelease",
  "canKeepNotes",
  "canDecide",
  "canPend",
  "canEscalate",
  "canApprove",
  "canDeny",
  "canDecideUnaddressed",
  "canDecideAppeal",
] as const;
const PROVIDER_ACTIONS = ["canEditDraft", "canWithdraw", "canRespond", "canAppeal", "canUpload"] as const;
type Action = (typeof REVIEWER_ACTIONS)[number] | (typeof PROVIDER_ACTIONS)[number];

const isReviewer = (r: Role) => r === "nurse_reviewer" || r === "physician_reviewer";
const appealStage = (s: CaseStatus) => s === "appeal_submitted" || s === "appeal_in_review";

/** What each role may do on an ordinary case (addressed by the policy, not escalated), written out. */
function expected(role: Role, status: CaseStatus, holder: Holder): Record<Action, boolean> {
  const held = holder === "viewer";
  const physician = role === "physician_reviewer";
  const nurse = role === "nurse_reviewer";
  const provider = role === "provider";
  // A nurse may not act on an appeal (appeals are physician-only), except releasing one she holds.
  const routedAway = nurse && appealStage(status);
  const holdsInReview = isReviewer(role) && held && (status === "in_review" || status === "appeal_in_review");
  return {
    canClaim:
      isReviewer(role) &&
      holder === "nobody" &&
      (status === "submitted" || (status === "appeal_submitted" && physician)),
    canRelease: isReviewer(role) && held && ["in_review", "appeal_in_review", "pending_information"].includes(status),
    canKeepNotes:
      isReviewer(role) && !["approved", "denied", "appeal_upheld", "appeal_overturned", "withdrawn"].includes(status),
    canDecide: holdsInReview,
    canPend: isReviewer(role) && held && status === "in_review",
    canEscalate: nurse && held && status === "in_review",
    canApprove: isReviewer(role) && held && status === "in_review",
    canDeny: physician && held && status === "in_review",
    canDecideUnaddressed: false,
    canDecideAppeal: physician && held && status === "appeal_in_review" && !routedAway,
    canEditDraft: provider && status === "draft",
    canWithdraw: provider && ["draft", "submitted", "in_review", "pending_information"].includes(status),
    canRespond: provider && status === "pending_information",
    canAppeal: provider && status === "denied",
    canUpload:
      provider && ["draft", "submitted", "in_review", "pending_information", "appeal_submitted"].includes(status),
  };
}

const pick = (a: CaseAbilities): Record<Action, boolean> =>
  Object.fromEntries([...REVIEWER_ACTIONS, ...PROVIDER_ACTIONS].map((k) => [k, a[k]])) as Record<Action, boolean>;

describe("caseAbilities: every role × every status × who holds the case", () => {
  const combos = ROLES.flatMap((role) =>
    CASE_STATUSES.flatMap((status) =>
      (Object.keys(HOLDERS) as Holder[]).map((holder) => [role, status, holder] as const),
    ),
  );
  it(`covers ${ROLES.length} roles × ${CASE_STATUSES.length} statuses × 3 holders`, () =>
    expect(combos).toHaveLength(ROLES.length * CASE_STATUSES.length * 3));

  it.each(combos)("%s, %s, held by %s", (role, status, holder) => {
    const a = abilities(role, status, holder);
    expect(pick(a)).toEqual(expected(role, status, holder));
    expect(a.heldByViewer).toBe(holder === "viewer");
    expect(a.heldByOther).toBe(holder === "other");
    expect(a.decided).toBe(["approved", "denied", "appeal_upheld", "appeal_overturned"].includes(status));
    expect(a.closed).toBe(a.decided || status === "withdrawn");
    expect(a.waitingForClaim).toBe(holder === "nobody" && (status === "submitted" || status === "appeal_submitted"));
    expect(a.physicianOnly).toBe(appealStage(status));
  });
});

describe("caseAbilities: routing, appeals, InterQual and the appeal window", () => {
  it("a physician-only case: a nurse may neither claim nor decide it, only release it when she holds it", () => {
    expect(abilities("nurse_reviewer", "submitted", "nobody", { physicianOnly: true })).toMatchObject({
      canClaim: false,
      physicianOnly: true,
      routedAway: true,
    });
    const held = abilities("nurse_reviewer", "in_review", "viewer", { physicianOnly: true });
    expect(held).toMatchObject({
      canRelease: true,
      canApprove: false,
      canPend: false,
      canEscalate: false,
      routedAway: true,
      canDecide: true,
    });
    expect(abilities("physician_reviewer", "submitted", "nobody", { physicianOnly: true })).toMatchObject({
      canClaim: true,
      routedAway: false,
    });
  });

  it("a case the policy does not address: only a physician decides it, outside the policy", () => {
    expect(abilities("physician_reviewer", "in_review", "viewer", { unaddressed: true })).toMatchObject({
      unaddressed: true,
      canDecideUnaddressed: true,
      canApprove: false,
      canDeny: false,
    });
    expect(abilities("nurse_reviewer", "in_review", "viewer", { unaddressed: true })).toMatchObject({
      canDecideUnaddressed: false,
      canApprove: false,
      routedAway: true,
    });
    expect(abilities("nurse_reviewer", "submitted", "nobody", { unaddressed: true }).canClaim).toBe(false);
  });

  it("the physician who denied may neither claim nor decide the appeal", () => {
    expect(abilities("physician_reviewer", "appeal_submitted", "nobody", { denier: true }).canClaim).toBe(false);
    expect(abilities("physician_reviewer", "appeal_in_review", "viewer", { denier: true }).canDecideAppeal).toBe(false);
    expect(abilities("physician_reviewer", "appeal_in_review", "viewer").canDecideAppeal).toBe(true);
  });

  it("InterQual applies to cancer-related pain and spasticity only", () => {
    expect(abilities("nurse_reviewer", "in_review", "viewer", { indication: "cancer_pain" }).needsInterqual).toBe(true);
    expect(abilities("nurse_reviewer", "in_review", "viewer", { indication: "spasticity" }).needsInterqual).toBe(true);
    expect(
      abilities("nurse_reviewer", "in_review", "viewer", { indication: "chronic_nonmalignant_pain" }).needsInterqual,
    ).toBe(false);
  });

  it("an appeal only within 180 days of the denial, and only with a denial on record", () => {
    const open = abilities("provider", "denied", "nobody");
    expect(open.canAppeal).toBe(true);
    expect(open.appealDeadline?.toISOString()).toBe("2026-10-28T12:00:00.000Z");
    expect(abilities("provider", "denied", "nobody", { deniedAt: OLD_DENIAL }).canAppeal).toBe(false);
    expect(abilities("provider", "denied", "nobody", { deniedAt: null })).toMatchObject({
      canAppeal: false,
      appealDeadline: null,
    });
  });

  it("an answer only while a request for information is open", () => {
    expect(abilities("provider", "pending_information", "other", { openRequest: false }).canRespond).toBe(false);
  });
});

describe("a physician's MD/DO licence", () => {
  it("an expired licence hides Deny and the appeal decision, and says why", () => {
    const deny = abilities("physician_reviewer", "in_review", "viewer", { licence: EXPIRED_LICENCE });
    expect(deny).toMatchObject({
      canDeny: false,
      canApprove: true,
      canPend: true,
      canDecide: true,
      decisionBlockedReason: EXPIRED_LICENCE.message,
    });
    const appeal = abilities("physician_reviewer", "appeal_in_review", "viewer", { licence: EXPIRED_LICENCE });
    expect(appeal).toMatchObject({ canDecideAppeal: false, decisionBlockedReason: EXPIRED_LICENCE.message });
  });
  it("no licence facts at all: nothing to deny with, with a reason", () => {
    const a = abilities("physician_reviewer", "in_review", "viewer", { licence: undefined });
    expect(a.canDeny).toBe(false);
    expect(a.decisionBlockedReason).toMatch(/no current MD or DO licence/);
  });
  it("a current licence offers them and gives no reason", () => {
    expect(abilities("physician_reviewer", "in_review", "viewer")).toMatchObject({
      canDeny: true,
      decisionBlockedReason: null,
    });
    expect(abilities("physician_reviewer", "appeal_in_review", "viewer")).toMatchObject({
      canDecideAppeal: true,
      decisionBlockedReason: null,
    });
  });
  it("gives no reason where the viewer could not deny anyway (not held, a nurse, the denier of the appeal, not addressed by the policy)", () => {
    expect(
      abilities("physician_reviewer", "in_review", "other", { licence: EXPIRED_LICENCE }).decisionBlockedReason,
    ).toBeNull();
    expect(abilities("nurse_reviewer", "in_review", "viewer", { licence: undefined }).decisionBlockedReason).toBeNull();
    expect(
      abilities("physician_reviewer", "appeal_in_review", "viewer", { licence: EXPIRED_LICENCE, denier: true })
        .decisionBlockedReason,
    ).toBeNull();
    expect(
      abilities("physician_reviewer", "in_review", "viewer", { licence: EXPIRED_LICENCE, unaddressed: true }),
    ).toMatchObject({ canDecideUnaddressed: true, decisionBlockedReason: null });
  });
});
