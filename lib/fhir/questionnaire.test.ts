import { describe, expect, it } from "vitest";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { LATEST_RULES, evaluate, parsePolicyRequest, selectCriteria, INDICATIONS, PHASES } from "@/lib/policy";
import type { Questionnaire, QuestionnaireItem } from "@medplum/fhirtypes";
import { buildQuestionnaire, factApplicability } from "./questionnaire";
import { questionnaireResponseToRequest, requestToQuestionnaireResponse } from "./questionnaire-response";
import { leafPaths } from "./fields";
import { CRITERION_SYSTEM, POLICY_CITATION_EXTENSION } from "./constants";
import { expectValidFhir } from "./testing/validate";

const q = buildQuestionnaire(LATEST_RULES);

function flatten(
  items: QuestionnaireItem[] = [],
  parents: QuestionnaireItem[] = [],
): { item: QuestionnaireItem; parents: QuestionnaireItem[] }[] {
  return items.flatMap((item) => [{ item, parents }, ...flatten(item.item, [...parents, item])]);
}
const all = flatten(q.item);

/** Whether an item is enabled for this indication and phase (R4 semantics: every ancestor enabled, own enableWhen any/all). */
function enabled(
  entry: { item: QuestionnaireItem; parents: QuestionnaireItem[] },
  answers: Record<string, string>,
): boolean {
  return [...entry.parents, entry.item].every((it) => {
    if (!it.enableWhen) return true;
    const results = it.enableWhen.map((w) => w.operator === "=" && answers[w.question] === w.answerCoding?.code);
    return it.enableBehavior === "all" ? results.every(Boolean) : results.some(Boolean);
  });
}

describe("the generated Questionnaire", () => {
  it("validates against base R4 and is versioned with the policy", () => {
    expectValidFhir(q);
    expect(q.version).toBe(LATEST_RULES.id);
    expect(new Set(all.map((e) => e.item.linkId)).size).toBe(all.length);
  });

  it("has one item per fact of the interchange schema", () => {
    const linkIds = new Set(all.map((e) => e.item.linkId));
    for (const { path } of leafPaths()) expect(linkIds, path).toContain(path);
  });

  it("names every catalogue criterion on the items it reads, with its policy anchor", () => {
    for (const c of LATEST_RULES.criteria) {
      const carrying = all.filter((e) =>
        e.item.code?.some((code) => code.system === CRITERION_SYSTEM && code.code === c.id),
      );
      expect(carrying.map((e) => e.item.linkId).sort(), c.id).toEqual([...c.fields].sort());
      for (const e of carrying) {
        const ext = e.item.extension!.find(
          (x) =>
            x.url === POLICY_CITATION_EXTENSION &&
            x.extension?.some((s) => s.url === "criterion" && s.valueCode === c.id),
        )!;
        expect(ext.extension!.find((s) => s.url === "anchor")!.valueString).toBe(c.anchor);
        expect(ext.extension!.find((s) => s.url === "quote")!.valueString).toBe(c.quote);
        expect(ext.extension!.find((s) => s.url === "link")!.valueUri).toBe(`/policy/${LATEST_RULES.id}#${c.anchor}`);
      }
    }
  });

  it("enables, for each indication and phase, exactly the facts that phase's criteria read", () => {
    const applicability = factApplicability(LATEST_RULES);
    for (const indication of INDICATIONS)
      for (const phase of PHASES) {
        const answers = { "request.indication": indication, "request.phase": phase };
        const on = new Set(all.filter((e) => e.item.type !== "group" && enabled(e, answers)).map((e) => e.item.linkId));
        // Every fact of every applicable criterion is asked.
        for (const c of selectCriteria(LATEST_RULES.criteria, indication, phase))
          for (const f of c.fields)
            for (const leaf of leafPaths().filter((l) => l.path === f || l.path.startsWith(`${f}.`)))
              expect(on, `${indication}/${phase}: ${c.id} ${leaf.path}`).toContain(leaf.path);
        // And no clinical fact is asked that no criterion of this indication and phase reads (or its siblings').
        for (const id of on)
          if (id.startsWith("clinical."))
            expect(applicability.get(id)!.has(`${indication}|${phase}`), `${indication}/${phase}: ${id}`).toBe(true);
        // member and request facts are always asked.
        expect(on).toContain("member.dateOfBirth");
        expect(on).toContain("request.cptCodes");
      }
    // Spot checks of the rules as the policy states them.
    const trial = all.find((e) => e.item.linkId === "clinical.trial.completed")!;
    expect(enabled(trial, { "request.indication": "chronic_nonmalignant_pain", "request.phase": "implant" })).toBe(
      true,
    );
    expect(enabled(trial, { "request.indication": "chronic_nonmalignant_pain", "request.phase": "trial" })).toBe(false);
    expect(enabled(trial, { "request.indication": "cancer_pain", "request.phase": "implant" })).toBe(false);
    const lesions = all.find((e) => e.item.linkId === "clinical.metastaticLesions.present")!;
    expect(enabled(lesions, { "request.indication": "cancer_pain", "request.phase": "trial" })).toBe(true);
    expect(enabled(lesions, { "request.indication": "spasticity", "request.phase": "trial" })).toBe(false);
    const other = all.filter(
      (e) =>
        e.item.linkId.startsWith("clinical.") &&
        enabled(e, { "request.indication": "other", "request.phase": "trial" }),
    );
    expect(other).toEqual([]);
  });
});

// The repository's copy of the public conformance cases (reference/README.md).
const CASES_DIR = path.resolve(__dirname, "../../reference/conformance/cases");

describe("QuestionnaireResponse -> interchange request", () => {
  it("round-trips every public conformance case to the same request and the same evaluation", () => {
    const files = readdirSync(CASES_DIR).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThanOrEqual(16);
    for (const file of files) {
      const {
        expected: _expected,
        caseId: _caseId,
        ...request
      } = JSON.parse(readFileSync(path.join(CASES_DIR, file), "utf8"));
      const qr = requestToQuestionnaireResponse(request, LATEST_RULES.id);
      expectValidFhir(qr);
      const back = questionnaireResponseToRequest(JSON.parse(JSON.stringify(qr)));
      assert(back.ok, file);
      expect(back.request, file).toEqual(request);
      const original = parsePolicyRequest(request);
      const mapped = parsePolicyRequest(back.request);
      expect(mapped.ok, file).toBe(original.ok);
      // The same evaluation, or the same refusal.
      expect(mapped.ok ? evaluate(mapped.data) : mapped.error.issues, file).toEqual(
        original.ok ? evaluate(original.data) : original.error.issues,
      );
    }
  });

  it("names the element of every structural problem", () => {
    const bad = questionnaireResponseToRequest({
      resourceType: "QuestionnaireResponse",
      questionnaire: "https://elsewhere.example/Questionnaire/x",
      status: "in-progress",
      item: [
        { linkId: "member", item: [{ linkId: "member.dateOfBirth", answer: [{ valueString: "1968-04-12" }] }] },
        { linkId: "request", item: [{ linkId: "request.phase", answer: [{ valueCoding: { code: "maintenance" } }] }] },
        { linkId: "clinical.unknownFact", answer: [{ valueBoolean: true }] },
      ],
    });
    assert(!bad.ok, "the response is refused");
    expect(bad.issues).toEqual([
      { expression: "QuestionnaireResponse.questionnaire", message: expect.stringMatching(/must name/) },
      { expression: "QuestionnaireResponse.status", message: expect.stringMatching(/completed/) },
      {
        expression: "QuestionnaireResponse.item.where(linkId='member.dateOfBirth').answer",
        message: expect.stringMatching(/valueDate/),
      },
      {
        expression: "QuestionnaireResponse.item.where(linkId='request.phase').answer",
        message: "must be one of: trial, implant",
      },
      {
        expression: "QuestionnaireResponse.item.where(linkId='clinical.unknownFact')",
        message: expect.stringMatching(/not an item/),
      },
    ]);
    expect(questionnaireResponseToRequest({ resourceType: "Patient" })).toEqual({
      ok: false,
      issues: [{ expression: "QuestionnaireResponse", message: expect.any(String) }],
    });
  });
});

export type { Questionnaire };
