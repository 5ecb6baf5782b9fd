// The decision letter's content, built from a determination: pure (no I/O), so the printable
// page, the PDF and the deny confirmation dialog all say exactly the same words.
import { APPEAL_WINDOW_DAYS, appealDeadline, formatPlanDate } from "@/lib/domain";
import { findCriterion, INDICATION_LABELS, type PolicyVersion } from "@/lib/policy";
import type { Decision, FindingStatus } from "@/db/schema";

export interface LetterFinding {
  criterionId: string;
  status: FindingStatus;
  citationAnchor: string;
  citationQuote: string;
  note: string | null;
}

export interface LetterInput {
  reference: string;
  organizationName: string;
  memberName: string | null;
  memberId: string | null;
  kind: "initial" | "appeal";
  decision: Decision;
  decidedAt: Date;
  reviewerName: string;
  reviewerRole: string;
  policy: PolicyVersion;
  indication: string | null;
  phase: string | null;
  cptCodes: string[];
  findings: LetterFinding[];
  rationale: string;
  interqual: { subset: string; result: string } | null;
  outsidePolicy: boolean;
}

export interface LetterReason {
  criterion: string;
  finding: string;
  explanation: string;
  quote: string;
  anchor: string;
  note: string | null;
}

export interface LetterContent {
  title: string;
  date: string;
  addressee: string[];
  decisionLabel: string;
  summary: string;
  reasonsHeading: string;
  reasons: LetterReason[];
  rationale: string;
  interqual: string | null;
  policyLine: string;
  changeOutcome: string[];
  /** "Your right to appeal" on a denial; "What happens next" on an approval (nothing to appeal). */
  appealHeading: string;
  appealRights: string[];
  peerToPeer: string | null;
  signature: string[];
}

const DECISION_LABELS: Record<Decision, string> = {
  approved: "Approved",
  denied: "Denied",
  appeal_upheld: "Appeal decided: the denial is upheld",
  appeal_overturned: "Appeal decided: the denial is overturned and the request is approved",
};
const FINDING_WORDS: Record<FindingStatus, string> = {
  met: "Met",
  not_met: "Not met",
  not_documented: "Not documented",
  not_applicable: "Not applicable",
};

const isDenial = (d: Decision) => d === "denied" || d === "appeal_upheld";
const day = formatPlanDate;

function explain(label: string, status: FindingStatus): string {
  switch (status) {
    case "not_met":
      return `The policy requires: ${label}. The reviewer found that the records show this criterion is not met.`;
    case "not_documented":
      return `The policy requires: ${label}. The records sent with the request do not document it.`;
    case "met":
      return `The policy requires: ${label}. The records show this criterion is met.`;
    default:
      return `${label}: does not apply to this request.`;
  }
}

export function buildLetter(input: LetterInput): LetterContent {
  const denial = isDenial(input.decision);
  const service =
    (input.phase === "implant" ? "implantation of an intrathecal or epidural catheter and drug pump" : "an intrathecal or epidural drug infusion trial") +
    (input.cptCodes.length ? ` (CPT ${input.cptCodes.join(", ")})` : "") +
    (input.indication && input.indication !== "other" ? ` for ${INDICATION_LABELS[input.indication as keyof typeof INDICATION_LABELS]}` : "");
  const chosen = input.findings.filter((f) => (denial ? f.status === "not_met" || f.status === "not_documented" : f.status === "met"));
  const reasons = chosen.map((f): LetterReason => {
    const label = findCriterion(f.criterionId, input.policy)?.label ?? f.criterionId;
    return { criterion: label, finding: FINDING_WORDS[f.status], explanation: explain(label, f.status), quote: f.citationQuote, anchor: f.citationAnchor, note: f.note };
  });
  const verb = input.kind === "appeal" ? (denial ? "upheld the denial of" : "overturned the denial of, and approved,") : denial ? "denied" : "approved";
  const summary =
    `We have ${verb} the prior authorization request ${input.reference} for ${service}` +
    (input.outsidePolicy ? ". The policy does not address this request, so a physician reviewer decided it on its clinical merits." : ".");
  const deadline = appealDeadline(input.decidedAt);
  const appealRights =
    input.kind === "initial" && denial
      ? [
          `The member, or you on the member's behalf, may appeal this decision within ${APPEAL_WINDOW_DAYS} days of the date of this letter (by ${day(deadline)}).`,
          `To appeal, open case ${input.reference} in the provider portal and choose "File an appeal"; add any new information and records. A physician reviewer who did not make this decision will review the appeal and send a new letter.`,
        ]
      : input.kind === "appeal" && denial
        ? [
            "This appeal decision is the plan's final internal decision on the request.",
            "The member may have the right to an independent external review; the plan's member services explain how to request one.",
          ]
        : // An approval (initial, or an overturned denial): nothing to appeal, and no portal route for one.
          [
            "This approval needs no action from you or the member.",
            "If any part of the approval differs from what was requested, contact the plan's member services at the number on the member's ID card.",
          ];
  // Only a route that exists: the portal has no peer-to-peer request, so the offer is by phone.
  const peerToPeer = !denial
    ? null
    : `You may discuss this decision with the physician reviewer, ${input.reviewerName}, in a peer-to-peer conversation${input.kind === "initial" ? " before or instead of an appeal" : ""}. To ask for one, call the plan's utilization management line at the number on the member's ID card and give the case reference ${input.reference}.`;
  return {
    title: input.kind === "appeal" ? "Prior authorization appeal decision" : "Prior authorization decision",
    date: day(input.decidedAt),
    addressee: [input.organizationName, ...(input.memberName ? [`Member: ${input.memberName}${input.memberId ? ` (ID ${input.memberId})` : ""}`] : []), `Reference: ${input.reference}`],
    decisionLabel: DECISION_LABELS[input.decision],
    summary,
    reasonsHeading: denial ? "Why: the criteria not met or not documented" : "The criteria met",
    reasons,
    rationale: input.rationale,
    interqual: input.interqual
      ? `Medical necessity was reviewed under InterQual® (${input.interqual.subset}): ${input.interqual.result === "met" ? "criteria met" : "criteria not met"}.`
      : null,
    policyLine: `Policy applied: ${input.policy.policyId} "${input.policy.title}", version ${input.policy.id}, effective ${input.policy.effectiveDate}.`,
    changeOutcome: denial
      ? reasons.map((r) => `Records that document: ${r.criterion}.`)
      : ["Nothing further is needed: the request is approved."],
    appealHeading: denial ? "Your right to appeal" : "What happens next",
    appealRights,
    peerToPeer,
    signature: [input.reviewerName, input.reviewerRole, `Decided ${input.decidedAt.toISOString().replace("T", " ").slice(0, 16)} UTC`],
  };
}

/** The letter as plain paragraphs (the confirmation dialog and the PDF draw these). */
export function letterParagraphs(letter: LetterContent): { text: string; style: "title" | "heading" | "body" | "quote" }[] {
  const out: { text: string; style: "title" | "heading" | "body" | "quote" }[] = [];
  out.push({ text: letter.title, style: "title" }, { text: letter.date, style: "body" });
  for (const line of letter.addressee) out.push({ text: line, style: "body" });
  out.push({ text: `Decision: ${letter.decisionLabel}`, style: "heading" }, { text: letter.summary, style: "body" });
  out.push({ text: letter.reasonsHeading, style: "heading" });
  letter.reasons.forEach((r, i) => {
    out.push({ text: `${i + 1}. ${r.criterion} (${r.finding})`, style: "body" }, { text: r.explanation, style: "body" }, { text: `Policy text: "${r.quote}"`, style: "quote" });
    if (r.note) out.push({ text: `Reviewer's note: ${r.note}`, style: "body" });
  });
  if (!letter.reasons.length) out.push({ text: "No criterion-level reasons were recorded.", style: "body" });
  out.push({ text: "The reviewer's rationale", style: "heading" }, { text: letter.rationale, style: "body" });
  if (letter.interqual) out.push({ text: letter.interqual, style: "body" });
  out.push({ text: "Policy", style: "heading" }, { text: letter.policyLine, style: "body" });
  out.push({ text: "What information would change the outcome", style: "heading" });
  for (const line of letter.changeOutcome) out.push({ text: line, style: "body" });
  out.push({ text: letter.appealHeading, style: "heading" });
  for (const line of letter.appealRights) out.push({ text: line, style: "body" });
  if (letter.peerToPeer) out.push({ text: "Peer-to-peer discussion", style: "heading" }, { text: letter.peerToPeer, style: "body" });
  out.push({ text: "Signed", style: "heading" });
  for (const line of letter.signature) out.push({ text: line, style: "body" });
  return out;
}
