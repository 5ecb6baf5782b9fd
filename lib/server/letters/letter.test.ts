import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { approvalExpiryDate } from "@/lib/approval-validity";
import { formatPlanDate } from "@/lib/domain";
import { auditEvents, determinationFindings } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import {
  ctxFor,
  findingsFor,
  givenApprovedCase,
  givenDeniedCase,
  givenProviderOrg,
  givenSubmittedCase,
  givenUser,
} from "@/test/given";
import { documentedRequest } from "@/lib/policy/fixtures";
import { PHARMACY_339_7 } from "@/lib/policy";
import { NotFoundError } from "../errors";
import { buildLetter, letterParagraphs, type LetterInput } from "./build-letter";
import { extractPdfText } from "@/test/extract-pdf-text";
import { getLetter } from "./get-letter";
import { previewDenialLetter } from "./preview-letter";
import { pdfSafeText, renderLetterPdf } from "./render-letter-pdf";

let handle: DatabaseHandle;
let provider: Awaited<ReturnType<typeof givenUser>>;
let otherProvider: Awaited<ReturnType<typeof givenUser>>;
let physician: Awaited<ReturnType<typeof givenUser>>;
let auditor: Awaited<ReturnType<typeof givenUser>>;
let denial: { determinationId: string; caseId: string; reference: string };
const norm = (s: string) => s.replace(/\s+/g, " ").trim();

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  const org = await givenProviderOrg(db);
  provider = await givenUser(db, "provider", { organizationId: org.id });
  otherProvider = await givenUser(db, "provider");
  physician = await givenUser(db, "physician_reviewer", { name: "Dr. Letter" });
  auditor = await givenUser(db, "auditor");
  // An implant request whose pain fell too little: the cited quotes include "≥" (not WinAnsi).
  const request = documentedRequest("chronic_nonmalignant_pain", "implant");
  request.clinical!.trial = { completed: true, painScale: "nrs_0_10", baselinePainScore: 8, postTrialPainScore: 6 };
  const made = await givenDeniedCase(ctxFor(db, physician), {
    provider: ctxFor(db, provider),
    request,
    findings: {
      "cnmp.implant.pain-reduction": { status: "not_met", note: "Pain fell from 8 to 6 (25%)." },
      "cnmp.trial.psychological": { status: "not_documented" },
      "cnmp.trial.age": { status: "met" },
    },
    rationale: "The trial did not reduce pain by half, and no psychological evaluation was sent.",
  });
  denial = { determinationId: made.determinationId, caseId: made.case.id, reference: made.case.reference };
});
afterAll(async () => handle.close());

describe("the decision letter", () => {
  it("states the decision, each reason with its quoted policy sentence, the policy, appeal rights and peer-to-peer", async () => {
    const { letter } = await getLetter(ctxFor(handle.db, provider), denial.determinationId);
    expect(letter.decisionLabel).toBe("Denied");
    expect(letter.reasons.map((r) => r.criterion)).toEqual([
      "No untreated psychological or psychosocial issues that will interfere with pain treatment",
      "Pain fell by at least 50% during the trial",
    ]);
    expect(letter.reasons[1]!.quote).toBe("Documentation of a ≥ 50% reduction in pain during trial");
    expect(letter.policyLine).toContain('PHARMACY 339.7 "Implanted Spinal Drug Delivery Systems", version 339.7');
    expect(letter.appealRights.join(" ")).toMatch(/within 180 days/);
    expect(letter.peerToPeer).toMatch(/Dr\. Letter/);
    // The peer-to-peer offer says how, and only by a route that exists (the portal has none).
    expect(letter.peerToPeer).toContain(
      "call the plan's utilization management line at the number on the member's ID card",
    );
    expect(letter.peerToPeer).toContain(denial.reference);
    expect(letter.peerToPeer).not.toMatch(/portal/);
    expect(letter.appealHeading).toBe("Your right to appeal");
    expect(letter.changeOutcome).toHaveLength(2);
  });

  it("the PDF's extractable text contains every cited quote", async () => {
    const { letter } = await getLetter(ctxFor(handle.db, physician), denial.determinationId, "pdf");
    const pdf = await renderLetterPdf(letter);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
    const text = norm(extractPdfText(pdf));
    const cited = await handle.db
      .select()
      .from(determinationFindings)
      .where(eq(determinationFindings.determinationId, denial.determinationId));
    const adverse = cited.filter((f) => f.status === "not_met" || f.status === "not_documented");
    expect(adverse).toHaveLength(2);
    for (const f of adverse) expect(text).toContain(norm(pdfSafeText(f.citationQuote)));
    expect(text).toContain("Documentation of a >= 50% reduction in pain during trial");
    expect(text).toContain("within 180 days");
    expect(text).toContain("peer-to-peer");
    expect(text).toContain("utilization management line");
  });

  it("another organization's provider gets an audited 404; each reading is audited", async () => {
    await expect(getLetter(ctxFor(handle.db, otherProvider), denial.determinationId)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(getLetter(ctxFor(handle.db, otherProvider), "not-a-uuid")).rejects.toBeInstanceOf(NotFoundError);
    await getLetter(ctxFor(handle.db, auditor), denial.determinationId);
    const views = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "letter.view"), eq(auditEvents.targetId, denial.determinationId)));
    expect(views.filter((v) => v.outcome === "ok").length).toBeGreaterThanOrEqual(3);
    const refused = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "case.read"), eq(auditEvents.outcome, "refused")));
    expect(refused.some((r) => r.actorId === otherProvider.id)).toBe(true);
  });

  it("an approval letter lists the criteria met and no peer-to-peer offer", async () => {
    const db = handle.db;
    const out = await givenApprovedCase(ctxFor(db, physician), {
      provider: ctxFor(db, provider),
      request: documentedRequest("spasticity", "trial"),
      interqual: { subset: "CP: Procedures, Intrathecal Baclofen", result: "met" },
    });
    const { letter } = await getLetter(ctxFor(db, provider), out.determinationId);
    expect(letter.decisionLabel).toBe("Approved");
    expect(letter.peerToPeer).toBeNull();
    // An approval offers no appeal through the portal: nothing to do; partial matters go to member services.
    expect(letter.appealHeading).toBe("What happens next");
    expect(letter.appealRights.join(" ")).toContain("This approval needs no action");
    expect(letter.appealRights.join(" ")).toContain("member services");
    expect(letter.appealRights.join(" ")).not.toMatch(/appeal|portal/i);
    expect(letter.interqual).toMatch(/Intrathecal Baclofen/);
    // An approval states what is approved and lists the criteria met by name, compactly: no
    // denial-style reasons with quotes.
    expect(letter.approved?.map((l) => l.label)).toEqual(["Service", "CPT codes", "For", "Member", "Valid"]);
    // Valid as long as CRD says (satisfied-pa-id, expiry-date): 180 days after the later of the
    // decision and the planned service date.
    const expiry = approvalExpiryDate(out.case.decidedAt!, "2026-03-16");
    expect(letter.approved?.at(-1)?.value).toContain(
      `through ${formatPlanDate(new Date(`${expiry}T12:00:00Z`))}, for the planned service date 2026-03-16`,
    );
    expect(letter.reasons).toEqual([]);
    expect(letter.criteriaMet.length).toBe(findingsFor(out.result).filter((f) => f.status === "met").length);
    const text = norm(extractPdfText(await renderLetterPdf(letter)));
    const spasticity = PHARMACY_339_7.criteria.find((c) => c.id === "spasticity.doc.assessment")!;
    expect(text).toContain(norm(pdfSafeText(spasticity.label)));
    expect(text).not.toContain(norm(pdfSafeText(spasticity.quote)));
    expect(text).toContain("What is approved");
  });

  it("the letter says the words on the provider's screen and signs in the plan's time", async () => {
    const { letter } = await getLetter(ctxFor(handle.db, provider), denial.determinationId);
    const rights = letter.appealRights.join(" ");
    expect(rights).toContain('"Open the appeal form"');
    expect(rights).toContain('"File the appeal"');
    expect(rights).not.toContain("File an appeal");
    expect(letter.signature[2]).toMatch(/^Decided [A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d{2} [AP]M ET$/);
    expect(letter.approved).toBeNull();
    expect(letter.criteriaMet).toEqual([]);
  });

  it("the denial preview shows the letter about to be sent and changes nothing", async () => {
    const db = handle.db;
    const made = await givenSubmittedCase(db, { provider: ctxFor(db, provider) });
    const input = {
      caseId: made.case.id,
      decision: "denied",
      findings: findingsFor(made.result, { "cnmp.trial.etiology": { status: "not_met" } }),
      rationale: "The etiology of the pain is unknown.",
    };
    const { paragraphs } = await previewDenialLetter(ctxFor(db, physician), input);
    expect(paragraphs.map((p) => p.text).join("\n")).toContain(
      'Policy text: "Etiology of pain is known and clearly documented"',
    );
    await expect(
      previewDenialLetter(ctxFor(db, physician), { ...input, findings: findingsFor(made.result) }),
    ).rejects.toThrow(/at least one criterion/);
  });

  it("an overturned appeal is an approval: no appeal offer, no peer-to-peer; an upheld appeal offers peer-to-peer by phone", () => {
    const base: LetterInput = {
      reference: "PA-2026-000001",
      organizationName: "Northside Pain Clinic",
      memberName: null,
      memberId: null,
      kind: "appeal",
      decision: "appeal_overturned",
      decidedAt: new Date("2026-03-11T12:00:00Z"),
      reviewerName: "Dr. Two",
      reviewerRole: "Physician reviewer",
      policy: PHARMACY_339_7,
      indication: "chronic_nonmalignant_pain",
      phase: "trial",
      cptCodes: [],
      findings: [],
      rationale: "The new evaluation documents every criterion.",
      interqual: null,
      outsidePolicy: false,
    };
    const overturned = buildLetter(base);
    expect(overturned.appealHeading).toBe("What happens next");
    expect(overturned.appealRights.join(" ")).toContain("This approval needs no action");
    expect(overturned.appealRights.join(" ")).not.toMatch(/appeal|portal/i);
    expect(overturned.peerToPeer).toBeNull();
    const text = letterParagraphs(overturned)
      .map((p) => p.text)
      .join("\n");
    expect(text).not.toMatch(/right to appeal|provider portal/i);
    const upheld = buildLetter({ ...base, decision: "appeal_upheld" });
    expect(upheld.appealHeading).toBe("Your right to appeal");
    expect(upheld.peerToPeer).toContain(
      "call the plan's utilization management line at the number on the member's ID card",
    );
    expect(upheld.peerToPeer).not.toMatch(/portal|instead of an appeal/);
  });

  it("every cited quote is in the extractable text, whichever page it lands on", async () => {
    // Line breaks and page breaks move with the widths of the names and notes: try many layouts.
    const criteria = [
      ...PHARMACY_339_7.criteria.filter((c) => c.id.startsWith("spasticity")),
      ...PHARMACY_339_7.criteria.slice(0, 4),
    ];
    let multiPage = 0;
    for (let i = 0; i < 60; i++) {
      const letter = buildLetter({
        reference: `PA-T-${"x".repeat(i % 20)}`,
        organizationName: `Clinic ${"W".repeat(i % 37)}`,
        memberName: "Test Member",
        memberId: `M${"i".repeat(i % 13)}`,
        kind: "initial",
        decision: "denied",
        decidedAt: new Date("2026-03-11T12:00:00Z"),
        reviewerName: "Dr. Letter",
        reviewerRole: "Physician reviewer",
        policy: PHARMACY_339_7,
        indication: "spasticity",
        phase: "trial",
        cptCodes: ["62324"],
        findings: criteria.map((c) => ({
          criterionId: c.id,
          status: "not_met" as const,
          citationAnchor: c.anchor,
          citationQuote: c.quote,
          note: i % 3 ? null : "A note. ".repeat(i % 30),
        })),
        rationale: "Meets InterQual; documentation complete. ".repeat(1 + (i % 5)),
        interqual: { subset: "CP: Procedures, Intrathecal Baclofen", result: "met" },
        outsidePolicy: false,
      });
      const pdf = await renderLetterPdf(letter);
      if (
        (
          Buffer.from(pdf)
            .toString("latin1")
            .match(/\/Type \/Page\b/g) ?? []
        ).length > 1
      )
        multiPage++;
      const text = norm(extractPdfText(pdf));
      for (const c of criteria) expect(text, `layout ${i}, ${c.id}`).toContain(norm(pdfSafeText(c.quote)));
    }
    expect(multiPage).toBeGreaterThan(0);
  });
});
