import { describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { auditEvents, determinationFindings, determinations, portalSettings, users } from "@/db/schema";
import { requiredDocuments } from "@/lib/policy/documents";
import { verifyDeterminationSignatures } from "@/lib/audit/determination-signatures";
import { testDatabaseForFile } from "@/test/db";
import { bareRequest, caseRow, ctxFor, givenDocumentedSubmission, givenPeople, givenUser } from "@/test/given";
import { pdfBytes } from "@/test/fhir-bundles";
import { uploadAttachment } from "../attachments/upload-attachment";
import { claimCase } from "../review/claim-case";
import { escalateCase } from "../review/escalate-case";
import { getLetter } from "../letters/get-letter";
import { authenticate } from "../auth/sign-in";
import type { ServiceContext } from "../context";
import { ValidationError, ForbiddenError, NotFoundError } from "../errors";
import { changeRole, listAccounts, setUserActive } from "../admin/accounts";
import { POLICY_ENGINE_USER_ID } from "./policy-engine-actor";
import { getAutomationSettings, setAutomationSettings } from "./settings";

const t = testDatabaseForFile();

async function team() {
  const people = await givenPeople(t.db, { provider: "provider", admin: "admin", nurse: "nurse_reviewer" });
  return {
    provider: ctxFor(t.db, people.provider),
    admin: ctxFor(t.db, people.admin),
    nurse: ctxFor(t.db, people.nurse),
  };
}

async function enable(
  admin: ServiceContext,
  enabled: string[] = ["trial:chronic_nonmalignant_pain"],
  qaSamplePercent = 10,
) {
  await setAutomationSettings(admin, { enabled, qaSamplePercent: String(qaSamplePercent) });
}

/** A draft with a record of each kind, then submitted (attested unless told otherwise). */

async function determinationsOf(caseId: string) {
  return t.db
    .select()
    .from(determinations)
    .where(eq(determinations.caseId, caseId))
    .orderBy(asc(determinations.decidedAt));
}

describe("automated approval on submission", () => {
  it("is off by default: a clean, documented, attested request waits for a reviewer", async () => {
    const { provider } = await team();
    const submitted = await givenDocumentedSubmission(provider);
    expect(submitted.evaluation.outcome).toBe("meets_criteria");
    expect(submitted.status).toBe("submitted");
    expect(submitted.automatedApproval).toBeNull();
    expect(await determinationsOf(submitted.id)).toHaveLength(0);
  });

  it("approves a clean request in the submission itself, signed by the policy engine with the engine's findings, citations and records", async () => {
    const { provider, admin } = await team();
    await enable(admin);
    const submitted = await givenDocumentedSubmission(provider);
    expect(submitted.status).toBe("approved");
    expect(submitted.automatedApproval?.determinationId).toBeTruthy();
    const row = await caseRow(t.db, submitted.id);
    expect(row.status).toBe("approved");
    expect(row.decidedAt).not.toBeNull();

    const [d] = await determinationsOf(submitted.id);
    expect(d).toMatchObject({
      kind: "automated",
      decision: "approved",
      reviewerId: POLICY_ENGINE_USER_ID,
      reviewerRole: "policy_engine",
      outsidePolicy: false,
      interqual: null,
    });
    expect(d!.rationale).toMatch(/Approved automatically by the policy engine under PHARMACY 339\.7/);
    expect(d!.automation).toMatchObject({
      rule: "automated-approval/1",
      reason: "criteria_met",
      setting: { trial: ["chronic_nonmalignant_pain"], implant: [] },
    });
    expect(d!.automation!.attestedAt).toBe(row.attestedAt!.toISOString());
    expect(d!.automation!.documents.map((x) => x.kind).sort()).toEqual(
      requiredDocuments("chronic_nonmalignant_pain", "trial")
        .map((x) => x.kind)
        .sort(),
    );

    const findings = await t.db
      .select()
      .from(determinationFindings)
      .where(eq(determinationFindings.determinationId, d!.id));
    expect(findings).toHaveLength(submitted.evaluation.criteria.length);
    for (const f of findings) {
      const engine = submitted.evaluation.criteria.find((c) => c.id === f.criterionId)!;
      expect(["met", "not_applicable"]).toContain(f.status);
      expect(f.status).toBe(engine.status);
      expect(f.citationQuote).toBe(engine.citation.quote);
      expect(f.citationQuote.length).toBeGreaterThan(10);
    }
    // The documentation criteria point at the records of their kind.
    const etiology = findings.find((f) => f.criterionId === "cnmp.doc.etiology")!;
    expect(etiology.evidence).toHaveLength(1);

    // The signature verifies, and the audit chain names the engine as the one who decided.
    expect((await verifyDeterminationSignatures(t.db)).ok).toBe(true);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.caseId, submitted.id), eq(auditEvents.action, "case.approve_automatically")));
    expect(event).toMatchObject({ actorId: POLICY_ENGINE_USER_ID, actorRole: "policy_engine", outcome: "ok" });
    expect(event!.details).toMatchObject({ from: "submitted", to: "approved", rule: "automated-approval/1" });
  });

  it("sends to people anything but a fully met, documented, attested request in an enabled phase", async () => {
    const { provider, admin } = await team();
    await enable(admin);
    const unattested = await givenDocumentedSubmission(provider, { attested: false });
    const missing = await givenDocumentedSubmission(provider, { kinds: ["clinical_notes", "treatment_history"] });
    const insufficient = await givenDocumentedSubmission(provider, { request: bareRequest() });
    const implant = await givenDocumentedSubmission(provider, { phase: "implant" });
    const cancer = await givenDocumentedSubmission(provider, { indication: "cancer_pain" });
    for (const [name, s] of Object.entries({ unattested, missing, insufficient, implant, cancer })) {
      expect(s.status, name).toBe("submitted");
      expect(await determinationsOf(s.id), name).toHaveLength(0);
    }
    expect(insufficient.evaluation.outcome).toBe("insufficient_documentation");
    expect(cancer.evaluation.outcome).toBe("requires_clinical_review");
  });

  it("approves when the last record the policy asks for arrives, but not a case a reviewer holds", async () => {
    const { provider, admin, nurse } = await team();
    await enable(admin);
    const waiting = await givenDocumentedSubmission(provider, { kinds: ["clinical_notes", "treatment_history"] });
    expect(waiting.status).toBe("submitted");
    const added = await uploadAttachment(provider, {
      caseId: waiting.id,
      fileName: "psych.pdf",
      bytes: pdfBytes(),
      documentKind: "psychological_evaluation",
    });
    expect(added.caseStatus).toBe("approved");
    expect(added.automatedApproval?.determinationId).toBeTruthy();
    expect((await determinationsOf(waiting.id))[0]?.kind).toBe("automated");

    const held = await givenDocumentedSubmission(provider, { kinds: ["clinical_notes", "treatment_history"] });
    await claimCase(nurse, { caseId: held.id, version: held.version });
    const late = await uploadAttachment(provider, {
      caseId: held.id,
      fileName: "psych.pdf",
      bytes: pdfBytes(),
      documentKind: "psychological_evaluation",
    });
    expect(late.caseStatus).toBe("in_review");
    expect(late.automatedApproval).toBeNull();
    expect(await determinationsOf(held.id)).toHaveLength(0);
  });

  it("leaves a case a nurse escalated to physicians with them, even when its last record arrives", async () => {
    const { provider, admin, nurse } = await team();
    await enable(admin);
    const waiting = await givenDocumentedSubmission(provider, { kinds: ["clinical_notes", "treatment_history"] });
    await claimCase(nurse, { caseId: waiting.id, version: waiting.version });
    await escalateCase(nurse, {
      caseId: waiting.id,
      version: (await caseRow(t.db, waiting.id)).version,
      reason: "The etiology needs a physician's reading of the imaging.",
    });
    const escalated = await caseRow(t.db, waiting.id);
    expect(escalated).toMatchObject({ status: "submitted", assigneeId: null });
    const late = await uploadAttachment(provider, {
      caseId: waiting.id,
      fileName: "psych.pdf",
      bytes: pdfBytes(),
      documentKind: "psychological_evaluation",
    });
    expect(late.caseStatus).toBe("submitted");
    expect(await determinationsOf(waiting.id)).toHaveLength(0);
  });

  it("writes a letter that says the engine approved it automatically", async () => {
    const { provider, admin } = await team();
    await enable(admin);
    const submitted = await givenDocumentedSubmission(provider);
    const { letter } = await getLetter(provider, submitted.automatedApproval!.determinationId);
    expect(letter.title).toBe("Prior authorization decision (approved automatically)");
    expect(letter.summary).toMatch(
      /approved automatically on submission: the plan's policy engine found every criterion/,
    );
    expect(letter.signature[0]).toMatch(/^Policy engine: the plan's rules for PHARMACY 339\.7, version /);
    expect(letter.signature[1]).toMatch(/no person reviewed/);
    expect(letter.rationaleHeading).toBe("The basis of the automated approval");
    expect(letter.approved?.find((l) => l.label === "CPT codes")?.value).toBe("62324");
  });

  it("turns off again: the next clean request goes to the queue", async () => {
    const { provider, admin } = await team();
    await enable(admin);
    expect((await givenDocumentedSubmission(provider)).status).toBe("approved");
    await enable(admin, []);
    expect((await givenDocumentedSubmission(provider)).status).toBe("submitted");
  });
});

describe("the policy engine's account", () => {
  it("cannot be signed in with, whatever the password", async () => {
    const { provider, admin } = await team();
    await enable(admin);
    await givenDocumentedSubmission(provider);
    for (const password of ["!", "", "portal-demo-339"]) {
      const outcome = await authenticate(
        t.db,
        { email: "policy-engine@portal.invalid", password },
        { ip: "127.0.0.1", userAgent: "vitest" },
      );
      expect(outcome.kind).toBe("failed");
    }
  });
});

describe("the policy engine's account, on the administrator's side", () => {
  it("is not listed among people, and cannot be given a role, reactivated or deactivated (as unknown, audited)", async () => {
    const { provider, admin } = await team();
    await enable(admin);
    await givenDocumentedSubmission(provider);
    expect((await listAccounts(admin)).some((a) => a.id === POLICY_ENGINE_USER_ID)).toBe(false);
    await expect(changeRole(admin, { userId: POLICY_ENGINE_USER_ID, role: "admin" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(setUserActive(admin, { userId: POLICY_ENGINE_USER_ID, active: true })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const [engine] = await t.db.select().from(users).where(eq(users.id, POLICY_ENGINE_USER_ID));
    expect(engine).toMatchObject({ role: "policy_engine", active: false, passwordHash: "!" });
  });
});

describe("the automated-approval settings", () => {
  it("refuse bad input naming the field, and change nothing", async () => {
    const { admin } = await team();
    await enable(admin, ["trial:chronic_nonmalignant_pain"], 15);
    const before = await getAutomationSettings(t.db);
    const bad: [unknown, string][] = [
      [{ enabled: ["trial:cancer_pain"], qaSamplePercent: "10" }, "enabled[0]"],
      [{ enabled: ["bogus"], qaSamplePercent: "10" }, "enabled[0]"],
      [{ enabled: [], qaSamplePercent: "" }, "qaSamplePercent"],
      [{ enabled: [], qaSamplePercent: "101" }, "qaSamplePercent"],
      [{ enabled: [], qaSamplePercent: "2.5" }, "qaSamplePercent"],
      [{ enabled: [], qaSamplePercent: "-1" }, "qaSamplePercent"],
      [{ enabled: "trial:chronic_nonmalignant_pain", qaSamplePercent: "10" }, "enabled"],
    ];
    for (const [input, path] of bad) {
      const err = await setAutomationSettings(admin, input).catch((e: unknown) => e);
      expect(err, JSON.stringify(input)).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues.map((i) => i.path)).toContain(path);
    }
    expect(await getAutomationSettings(t.db)).toEqual(before);
  });

  it("are the administrator's alone, and each change is audited with before and after", async () => {
    const { admin, provider, nurse } = await team();
    for (const who of [provider, nurse])
      await expect(setAutomationSettings(who, { enabled: [], qaSamplePercent: "10" })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    await enable(admin, ["trial:chronic_nonmalignant_pain", "implant:chronic_nonmalignant_pain"], 25);
    const settings = await getAutomationSettings(t.db);
    expect(settings.automatedApproval).toEqual({
      trial: ["chronic_nonmalignant_pain"],
      implant: ["chronic_nonmalignant_pain"],
    });
    expect(settings.qaSamplePercent).toBe(25);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "admin.settings.update"), eq(auditEvents.targetId, "automated_approval")))
      .orderBy(asc(auditEvents.seq));
    expect(event?.details).toHaveProperty("before");
    expect(event?.details).toHaveProperty("after");
    const [row] = await t.db.select().from(portalSettings);
    expect(row?.updatedBy).toBe(admin.viewer.userId);
    // A plain user with no relation to the settings row at all is still refused.
    const stranger = ctxFor(t.db, await givenUser(t.db, "auditor"));
    await expect(setAutomationSettings(stranger, { enabled: [], qaSamplePercent: "10" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
