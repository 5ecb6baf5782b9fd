import { describe, expect, it } from "vitest";
import { PHARMACY_339_7_CRITERIA } from "./criteria";
import { INDICATIONS, PHASES } from "./constants";
import { OUTCOMES } from "./types";
import {
  AUTOMATED_APPROVAL_OFF,
  automatedApprovalCheck,
  DOCUMENT_KINDS,
  documentKindOf,
  missingDocuments,
  requiredDocuments,
  type AutomatedApprovalSetting,
  type DocumentKind,
} from "./documents";

const kinds = (indication: (typeof INDICATIONS)[number], phase: (typeof PHASES)[number]) =>
  requiredDocuments(indication, phase).map((d) => d.kind);

describe("the documents the policy asks for", () => {
  it("every documentation criterion of the catalogue is documented in some kind of record (a new one cannot be forgotten)", () => {
    for (const c of PHARMACY_339_7_CRITERIA.filter((c) => c.kind === "documentation"))
      expect(documentKindOf(c.id), c.id).toBeDefined();
    expect(documentKindOf("cnmp.trial.age")).toBeUndefined();
  });

  it("asks per indication and phase, the implant adding the trial's results", () => {
    expect(kinds("chronic_nonmalignant_pain", "trial")).toEqual([
      "clinical_notes",
      "treatment_history",
      "psychological_evaluation",
    ]);
    expect(kinds("chronic_nonmalignant_pain", "implant")).toEqual([
      ...kinds("chronic_nonmalignant_pain", "trial"),
      "trial_results",
    ]);
    expect(kinds("spasticity", "trial")).toEqual([
      "clinical_notes",
      "spasticity_scale",
      "treatment_history",
      "psychological_evaluation",
    ]);
    expect(kinds("spasticity", "implant")).toContain("trial_results");
    expect(kinds("cancer_pain", "trial")).toEqual(["clinical_notes", "treatment_history"]);
    expect(kinds("cancer_pain", "implant")).toEqual(["clinical_notes", "treatment_history", "trial_results"]);
    expect(kinds("other", "trial")).toEqual([]);
  });

  it("cites each kind by the criteria it documents, with their quotes from the catalogue", () => {
    const psych = requiredDocuments("chronic_nonmalignant_pain", "trial").find(
      (d) => d.kind === "psychological_evaluation",
    )!;
    expect(psych.criteria).toEqual([
      {
        id: "cnmp.doc.psychiatric-history",
        quote: "Psychiatric or psychosocial issues/history",
        anchor: "documentation-cnmp-trial-4",
      },
    ]);
  });

  it("names what is missing; unclassified and other records document nothing required", () => {
    expect(
      missingDocuments("chronic_nonmalignant_pain", "trial", ["clinical_notes", null, "other"]).map((d) => d.kind),
    ).toEqual(["treatment_history", "psychological_evaluation"]);
    expect(missingDocuments("chronic_nonmalignant_pain", "trial", DOCUMENT_KINDS)).toEqual([]);
  });
});

describe("automated approval: never a denial, only a fully met, documented, attested request the plan enabled", () => {
  const all: AutomatedApprovalSetting = {
    trial: ["chronic_nonmalignant_pain", "spasticity", "cancer_pain"],
    implant: ["chronic_nonmalignant_pain"],
  };
  const complete = (indication: (typeof INDICATIONS)[number], phase: (typeof PHASES)[number]): DocumentKind[] =>
    kinds(indication, phase);
  const clean = {
    setting: all,
    indication: "chronic_nonmalignant_pain" as const,
    phase: "trial" as const,
    outcome: "meets_criteria" as const,
    attached: complete("chronic_nonmalignant_pain", "trial"),
    attested: true,
  };

  it("approves only the outcome meets_criteria, whatever else holds", () => {
    for (const outcome of OUTCOMES)
      expect(automatedApprovalCheck({ ...clean, outcome }).approve, outcome).toBe(outcome === "meets_criteria");
  });

  it("a stored setting without a phase approves nothing in it (and does not fail)", () => {
    const trialOnly = { trial: ["chronic_nonmalignant_pain"] } as unknown as AutomatedApprovalSetting;
    expect(
      automatedApprovalCheck({
        ...clean,
        setting: trialOnly,
        phase: "implant",
        attached: complete("chronic_nonmalignant_pain", "implant"),
      }),
    ).toMatchObject({ reasons: ["not_enabled"] });
  });

  it("each missing condition is a reason of its own", () => {
    expect(automatedApprovalCheck(clean)).toEqual({ approve: true });
    expect(automatedApprovalCheck({ ...clean, setting: AUTOMATED_APPROVAL_OFF })).toMatchObject({
      reasons: ["not_enabled"],
    });
    expect(
      automatedApprovalCheck({ ...clean, phase: "implant", attached: complete("chronic_nonmalignant_pain", "implant") })
        .approve,
    ).toBe(true);
    expect(
      automatedApprovalCheck({ ...clean, indication: "spasticity", attached: complete("spasticity", "trial") }).approve,
    ).toBe(true);
    expect(
      automatedApprovalCheck({
        ...clean,
        indication: "spasticity",
        phase: "implant",
        attached: complete("spasticity", "implant"),
      }),
    ).toMatchObject({ reasons: ["not_enabled"] });
    const oneShort = automatedApprovalCheck({ ...clean, attached: ["clinical_notes", "treatment_history"] });
    expect(oneShort).toMatchObject({ reasons: ["documents_missing"] });
    if (!oneShort.approve) expect(oneShort.missing.map((d) => d.kind)).toEqual(["psychological_evaluation"]);
    expect(automatedApprovalCheck({ ...clean, attested: false })).toMatchObject({ reasons: ["not_attested"] });
    expect(
      automatedApprovalCheck({
        ...clean,
        setting: AUTOMATED_APPROVAL_OFF,
        outcome: "insufficient_documentation",
        attached: [],
        attested: false,
      }),
    ).toMatchObject({ reasons: ["not_enabled", "not_fully_met", "documents_missing", "not_attested"] });
  });

  it("every phase × indication × outcome × documents × attestation: approved exactly when all hold", () => {
    for (const phase of PHASES)
      for (const indication of INDICATIONS)
        for (const outcome of OUTCOMES)
          for (const documented of [true, false])
            for (const attested of [true, false]) {
              const required = complete(indication, phase);
              const attached = documented ? required : required.slice(1);
              const result = automatedApprovalCheck({ setting: all, indication, phase, outcome, attached, attested });
              const expected =
                all[phase].includes(indication) &&
                outcome === "meets_criteria" &&
                (documented || required.length === 0) &&
                attested;
              expect(result.approve, `${phase} ${indication} ${outcome} ${documented} ${attested}`).toBe(expected);
            }
  });
});
