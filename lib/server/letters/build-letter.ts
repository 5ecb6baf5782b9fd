import "server-only";
// The decision letter's content, built from a determination: pure (no I/O), so the printable
// page, the PDF and the deny confirmation dialog all say exactly the same words.
import {
  APPEAL_WINDOW_DAYS,
  appealDeadline,
  FINDING_STATUS_LABELS,
  formatPlanDate,
  INDICATION_CHOICES,
  INDICATION_LABELS,
  isAdverseFinding,
  labelOf,
  PLAN_TIME_ZONE,
} from "@/lib/domain";
import { findCriterion, type PolicyVersion } from "@/lib/policy";
import type { Decision, FindingStatus } from "@/db/schema";
import type { DeterminationKind } from "@/lib/domain";
import { approvalExpiryDate } from "@/lib/approval-validity";

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
  kind: DeterminationKind;
  decision: Decision;
  decidedAt: Date;
  reviewerName: string;
  reviewerRole: string;
  policy: PolicyVersion;
  indication: string | null;
  phase: string | null;
  cptCodes: string[];
  /** The planned service date the request gave, if any (YYYY-MM-DD). */
  serviceDate?: string | null;
  findings: LetterFinding[];
  rationale: string;
  interqual: { subset: string; result: string } | null;
  outsidePolicy: boolean;
  /** An automated approval made under the practice's gold card (not on the criteria). */
  goldCard?: boolean;
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
  /** An approval: what is approved (service, phase, codes, member, validity), as label/value lines. */
  approved: { label: string; value: string }[] | null;
  reasonsHeading: string;
  /** A denial: only the criteria not met or not documented, each with its policy sentence. */
  reasons: LetterReason[];
  /** An approval: the criteria met, by name only (compact). */
  criteriaMet: string[];
  /** "The reviewer's rationale", or the basis of an automated approval. */
  rationaleHeading: string;
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

const isDenial = (d: Decision) => d === "denied" || d === "appeal_upheld";
const day = formatPlanDate;
/** The signature time in the plan's time, like every other time in the portal. */
const dayAndTime = (d: Date) =>
  `${day(d)} at ${d.toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit", timeZone: PLAN_TIME_ZONE })} ET`;
const PHASE_WORDS: Record<string, string> = {
  trial: "Trial: intrathecal or epidural drug infusion trial",
  implant: "Implantation of an intrathecal or epidural catheter and drug pump",
};

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
  // "Another indication" tells the member nothing: a letter names only the policy's indications.
  const named = input.indication !== "other";
  const indication = named ? labelOf(INDICATION_LABELS, input.indication) : undefined;
  const indicationCapitalized = named ? labelOf(INDICATION_CHOICES, input.indication) : undefined;
  const service =
    (input.phase === "implant"
      ? "implantation of an intrathecal or epidural catheter and drug pump"
      : "an intrathecal or epidural drug infusion trial") +
    (input.cptCodes.length ? ` (CPT ${input.cptCodes.join(", ")})` : "") +
    (indication ? ` for ${indication}` : "");
  const criterionName = (id: string) => findCriterion(id, input.policy)?.label ?? id;
  const chosen = denial ? input.findings.filter((f) => isAdverseFinding(f.status)) : [];
  const criteriaMet = denial
    ? []
    : input.findings.filter((f) => f.status === "met").map((f) => criterionName(f.criterionId));
  const reasons = chosen.map((f): LetterReason => {
    const label = criterionName(f.criterionId);
    return {
      criterion: label,
      finding: FINDING_STATUS_LABELS[f.status],
      explanation: explain(label, f.status),
      quote: f.citationQuote,
      anchor: f.citationAnchor,
      note: f.note,
    };
  });
  const verb =
    input.kind === "appeal"
      ? denial
        ? "upheld the denial of"
        : "overturned the denial of, and approved,"
      : denial
        ? "denied"
        : "approved";
  const summary =
    `We have ${verb} the prior authorization request ${input.reference} for ${service}` +
    (input.outsidePolicy
      ? ". The policy does not address this request, so a physician reviewer decided it on its clinical merits."
      : input.kind === "automated" && input.goldCard
        ? `. It was approved automatically on submission under your practice's gold card for ${input.policy.policyId} (earned by the share of your practice's requests the plan approved); the policy engine's evaluation of the request is kept with this decision. No person reviewed it before this decision.`
        : input.kind === "automated"
          ? `. It was approved automatically on submission: the plan's policy engine found every criterion of ${input.policy.policyId} met by the facts you attested, with every record the policy's documentation list asks for attached. No person reviewed it before this decision.`
          : ".");
  const deadline = appealDeadline(input.decidedAt);
  const appealRights =
    input.kind === "initial" && denial
      ? [
          `The member, or you on the member's behalf, may appeal this decision within ${APPEAL_WINDOW_DAYS} days of the date of this letter (by ${day(deadline)}).`,
          `To appeal, open case ${input.reference} in the provider portal, choose "Open the appeal form", say why the decision should change, add any new information and records, and choose "File the appeal". A physician reviewer who did not make this decision will review the appeal and send a new letter.`,
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
    title:
      input.kind === "appeal"
        ? "Prior authorization appeal decision"
        : input.kind === "automated"
          ? "Prior authorization decision (approved automatically)"
          : "Prior authorization decision",
    date: day(input.decidedAt),
    addressee: [
      input.organizationName,
      ...(input.memberName ? [`Member: ${input.memberName}${input.memberId ? ` (ID ${input.memberId})` : ""}`] : []),
      `Reference: ${input.reference}`,
    ],
    decisionLabel: DECISION_LABELS[input.decision],
    summary,
    approved: denial
      ? null
      : [
          { label: "Service", value: input.phase ? (PHASE_WORDS[input.phase] ?? input.phase) : "As requested" },
          { label: "CPT codes", value: input.cptCodes.length ? input.cptCodes.join(", ") : "As requested" },
          ...(indicationCapitalized ? [{ label: "For", value: indicationCapitalized }] : []),
          ...(input.memberName
            ? [{ label: "Member", value: `${input.memberName}${input.memberId ? ` (ID ${input.memberId})` : ""}` }]
            : []),
          {
            label: "Valid",
            value: `From ${day(input.decidedAt)} through ${day(new Date(`${approvalExpiryDate(input.decidedAt, input.serviceDate)}T12:00:00Z`))}${input.serviceDate ? `, for the planned service date ${input.serviceDate}` : ""}; only for the service and codes listed. Another service or code needs a new request.`,
          },
        ],
    reasonsHeading: denial ? "Why: the criteria not met or not documented" : "The policy's criteria met",
    reasons,
    criteriaMet,
    rationaleHeading: input.kind === "automated" ? "The basis of the automated approval" : "The reviewer's rationale",
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
    signature:
      input.kind === "automated"
        ? [
            `${input.reviewerName}: the plan's rules for ${input.policy.policyId}, version ${input.policy.id}`,
            "Approved automatically; no person reviewed this request before the decision",
            `Decided ${dayAndTime(input.decidedAt)}`,
          ]
        : [input.reviewerName, input.reviewerRole, `Decided ${dayAndTime(input.decidedAt)}`],
  };
}

/** The letter as plain paragraphs (the confirmation dialog and the PDF draw these). */
export function letterParagraphs(
  letter: LetterContent,
): { text: string; style: "title" | "heading" | "body" | "quote" }[] {
  const out: { text: string; style: "title" | "heading" | "body" | "quote" }[] = [];
  out.push({ text: letter.title, style: "title" }, { text: letter.date, style: "body" });
  for (const line of letter.addressee) out.push({ text: line, style: "body" });
  out.push({ text: `Decision: ${letter.decisionLabel}`, style: "heading" }, { text: letter.summary, style: "body" });
  if (letter.approved) {
    out.push({ text: "What is approved", style: "heading" });
    for (const line of letter.approved) out.push({ text: `${line.label}: ${line.value}`, style: "body" });
  }
  out.push({ text: letter.reasonsHeading, style: "heading" });
  if (letter.approved) {
    out.push({
      text: letter.criteriaMet.length
        ? letter.criteriaMet.join("; ") + "."
        : "No criterion-level findings were recorded.",
      style: "body",
    });
  } else {
    letter.reasons.forEach((r, i) => {
      out.push(
        { text: `${i + 1}. ${r.criterion} (${r.finding})`, style: "body" },
        { text: r.explanation, style: "body" },
        { text: `Policy text: "${r.quote}"`, style: "quote" },
      );
      if (r.note) out.push({ text: `Reviewer's note: ${r.note}`, style: "body" });
    });
    if (!letter.reasons.length) out.push({ text: "No criterion-level reasons were recorded.", style: "body" });
  }
  out.push({ text: letter.rationaleHeading, style: "heading" }, { text: letter.rationale, style: "body" });
  if (letter.interqual) out.push({ text: letter.interqual, style: "body" });
  out.push({ text: "Policy", style: "heading" }, { text: letter.policyLine, style: "body" });
  out.push({ text: "What information would change the outcome", style: "heading" });
  for (const line of letter.changeOutcome) out.push({ text: line, style: "body" });
  out.push({ text: letter.appealHeading, style: "heading" });
  for (const line of letter.appealRights) out.push({ text: line, style: "body" });
  if (letter.peerToPeer)
    out.push({ text: "Peer-to-peer discussion", style: "heading" }, { text: letter.peerToPeer, style: "body" });
  out.push({ text: "Signed", style: "heading" });
  for (const line of letter.signature) out.push({ text: line, style: "body" });
  return out;
}
