import { describe, expect, it } from "vitest";
import {
  criteriaFor,
  findPassage,
  INDICATIONS,
  KNOWN_CRITERION_IDS,
  PHARMACY_339_7,
  PHASES,
  policyRequestSchema,
  type Indication,
  type Phase,
} from "@/lib/policy";
import { fold } from "./testing/fold";

const catalogue = PHARMACY_339_7.criteria;
// Where each kind of criterion quotes from.
const SECTION_OF_KIND: Record<(typeof catalogue)[number]["kind"], RegExp> = {
  coverage: /^coverage: coverage/,
  documentation: /^documentation: documentation$/,
  scope: /^scope: (coverage|instructions|description|codes)/,
};
const foldedPolicy = fold(PHARMACY_339_7.text);

describe("the criteria catalogue", () => {
  it("folds like the checker", () => {
    expect(fold("Age ≥ 18 years*; and")).toBe("age ≥ 18 years; and");
    expect(fold("<li>Results of <i>Modified Ashworth Scale</i>")).toBe("results of modified ashworth scale");
    expect(fold("a [met above criteria](#) b")).toBe("a met above criteria b");
    expect(fold("Member’s ▪ InterQual[®]")).toBe("member's interqual");
  });

  it("quotes every criterion verbatim from the policy, at least 12 characters", () => {
    for (const c of catalogue) {
      expect(fold(c.quote).length, c.id).toBeGreaterThanOrEqual(12);
      expect(foldedPolicy.includes(fold(c.quote)), `${c.id}: "${c.quote}"`).toBe(true);
    }
  });

  it("anchors every criterion to an existing passage that contains its quote", () => {
    for (const c of catalogue) {
      const passage = findPassage(c.anchor, PHARMACY_339_7);
      expect(passage, `${c.id} -> ${c.anchor}`).toBeDefined();
      expect(fold(passage!.text).includes(fold(c.quote)), `${c.id} in ${c.anchor}`).toBe(true);
    }
  });

  it("quotes the Coverage Rationale for coverage criteria and the Documentation Requirements for documentation ones", () => {
    for (const c of catalogue) {
      const section = findPassage(c.anchor, PHARMACY_339_7)!.section;
      expect(`${c.kind}: ${section}`, c.id).toMatch(SECTION_OF_KIND[c.kind]);
    }
  });

  it("has unique, well-formed ids, each decided by a rule, and no rule without a criterion", () => {
    const ids = catalogue.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/);
    expect([...KNOWN_CRITERION_IDS].sort()).toEqual([...ids].sort());
  });

  it("names only fields that exist in the request schema", () => {
    const exists = (path: string): boolean => {
      // zod 4 internals: walk object shapes through optional wrappers and arrays.
      let node = policyRequestSchema as unknown as { _zod: { def: Record<string, unknown> } };
      for (const key of path.split(".")) {
        for (;;) {
          const def = node._zod.def;
          if (def.type === "optional") node = def.innerType as typeof node;
          else if (def.type === "array") node = def.element as typeof node;
          else break;
        }
        const shape = node._zod.def.shape as Record<string, typeof node> | undefined;
        if (!shape || !(key in shape)) return false;
        node = shape[key]!;
      }
      return true;
    };
    for (const c of catalogue) {
      expect(c.fields.length, c.id).toBeGreaterThan(0);
      for (const f of c.fields) expect(exists(f), `${c.id}: ${f}`).toBe(true);
    }
    expect(exists("clinical.nonsense")).toBe(false);
  });

  it("gives every criterion a label and at least one phase", () => {
    for (const c of catalogue) {
      expect(c.label.length, c.id).toBeGreaterThan(5);
      expect(c.phases.length, c.id).toBeGreaterThan(0);
    }
  });
});

const SCOPE = ["scope.age", "scope.line-of-business", "scope.indication", "scope.codes"];
const EXPECTED: Record<Indication, Record<Phase, string[]>> = {
  chronic_nonmalignant_pain: {
    trial: [
      ...SCOPE,
      "cnmp.trial.age",
      "cnmp.trial.etiology",
      "cnmp.trial.further-treatment",
      "cnmp.trial.conservative-therapy",
      "cnmp.trial.psychological",
      "common.doc.condition",
      "cnmp.doc.etiology",
      "cnmp.doc.treatments-reasons",
      "cnmp.doc.additional-treatments",
      "cnmp.doc.psychiatric-history",
    ],
    implant: [
      ...SCOPE,
      "cnmp.trial.age",
      "cnmp.trial.etiology",
      "cnmp.trial.further-treatment",
      "cnmp.trial.conservative-therapy",
      "cnmp.trial.psychological",
      "cnmp.implant.trial-completed",
      "cnmp.implant.pain-reduction",
      "common.doc.condition",
      "cnmp.doc.etiology",
      "cnmp.doc.treatments-reasons",
      "cnmp.doc.additional-treatments",
      "cnmp.doc.psychiatric-history",
      "cnmp.doc.pain-reduction",
    ],
  },
  cancer_pain: {
    trial: [
      ...SCOPE,
      "cancer.medical-necessity",
      "common.doc.condition",
      "cancer.doc.metastatic-lesions",
      "cancer.doc.intracranial-pressure",
      "cancer.doc.life-expectancy",
      "cancer.doc.treatments",
    ],
    implant: [
      ...SCOPE,
      "cancer.medical-necessity",
      "common.doc.condition",
      "cancer.doc.metastatic-lesions",
      "cancer.doc.intracranial-pressure",
      "cancer.doc.life-expectancy",
      "cancer.doc.treatments",
      "cancer.doc.pain-reduction",
    ],
  },
  spasticity: {
    trial: [
      ...SCOPE,
      "spasticity.medical-necessity",
      "common.doc.condition",
      "spasticity.doc.assessment",
      "spasticity.doc.scale-baseline",
      "spasticity.doc.treatments",
      "spasticity.doc.psychiatric-history",
      "spasticity.doc.intracranial-pressure",
    ],
    implant: [
      ...SCOPE,
      "spasticity.medical-necessity",
      "common.doc.condition",
      "spasticity.doc.assessment",
      "spasticity.doc.scale-baseline",
      "spasticity.doc.treatments",
      "spasticity.doc.psychiatric-history",
      "spasticity.doc.intracranial-pressure",
      "spasticity.doc.pain-reduction",
      "spasticity.doc.scale-reduction",
    ],
  },
  other: { trial: SCOPE, implant: SCOPE },
};

describe("criteriaFor", () => {
  for (const indication of INDICATIONS)
    for (const phase of PHASES)
      it(`lists the criteria of ${indication} / ${phase}, scope first`, () => {
        expect(criteriaFor(indication, phase).map((c) => c.id)).toEqual(EXPECTED[indication][phase]);
      });
});
