import { describe, expect, it } from "vitest";
import { isSettledFinding, mergeDraft } from "./review-draft";

const criteria = (psych: string) => [
  { id: "etiology", status: "met", citation: { anchor: "a-etiology" } },
  { id: "psych", status: psych, citation: { anchor: "a-psych" } },
];

describe("a review draft meets the case's evaluation", () => {
  it("without a draft every finding starts from the engine", () => {
    const { form, stale } = mergeDraft(criteria("missing_documentation"), "snap-1", null);
    expect(form.findings.psych!.status).toBe("not_documented");
    expect(form.snapshotId).toBe("snap-1");
    expect(form.engine).toEqual({ etiology: "met", psych: "missing_documentation" });
    expect(stale).toEqual({});
  });

  it("a draft made against the current evaluation is taken as it is, overrides included", () => {
    const first = mergeDraft(criteria("missing_documentation"), "snap-1", null).form;
    const draft = {
      ...first,
      findings: { ...first.findings, etiology: { ...first.findings.etiology!, status: "not_met", note: "Mine" } },
    };
    const { form, stale } = mergeDraft(criteria("missing_documentation"), "snap-1", draft);
    expect(form.findings.etiology).toMatchObject({ status: "not_met", note: "Mine" });
    expect(stale).toEqual({});
  });

  it("a draft made before the provider's answer does not win over the new evaluation: the changed finding is flagged", () => {
    // Autosave stored every finding at the engine's values of that moment (psych not documented).
    const before = mergeDraft(criteria("missing_documentation"), "snap-1", null).form;
    const draft = JSON.parse(
      JSON.stringify({
        ...before,
        findings: { ...before.findings, psych: { ...before.findings.psych!, note: "Asked for it" } },
      }),
    );
    const { form, stale } = mergeDraft(criteria("met"), "snap-2", draft);
    expect(form.findings.psych!.status).toBe("met");
    expect(form.findings.psych!.note).toBe("Asked for it"); // the reviewer's own words stay
    expect(stale).toEqual({ psych: { draftStatus: "not_documented", engineBefore: "missing_documentation" } });
    expect(form.snapshotId).toBe("snap-2");
    // A criterion whose engine status did not change keeps the reviewer's value.
    expect(form.findings.etiology!.status).toBe("met");
    expect(stale.etiology).toBeUndefined();
  });

  it("a reviewer's override on a criterion the new evaluation did not change is kept", () => {
    const before = mergeDraft(criteria("missing_documentation"), "snap-1", null).form;
    const draft = {
      ...before,
      findings: { ...before.findings, etiology: { ...before.findings.etiology!, status: "not_met" } },
    };
    const { form, stale } = mergeDraft(criteria("met"), "snap-2", draft);
    expect(form.findings.etiology!.status).toBe("not_met");
    expect(Object.keys(stale)).toEqual(["psych"]);
  });

  it("an older draft that did not record its evaluation: values that differ from the engine now are flagged", () => {
    const legacy = {
      findings: { psych: { status: "not_documented", citationAnchor: "a-psych", evidence: [], note: "" } },
      rationale: "Kept",
    };
    const { form, stale } = mergeDraft(criteria("met"), "snap-2", legacy);
    expect(form.findings.psych!.status).toBe("met");
    expect(stale.psych).toEqual({ draftStatus: "not_documented", engineBefore: null });
    expect(form.rationale).toBe("Kept");
  });
});

describe("findings shown compactly", () => {
  const f = { status: "met", citationAnchor: "a", evidence: [], note: "" };
  it("met by the engine, agreed, nothing added", () => expect(isSettledFinding("met", f, "a")).toBe(true));
  it("open when not met, not documented, overridden, annotated or citing another passage", () => {
    expect(isSettledFinding("missing_documentation", { ...f, status: "not_documented" }, "a")).toBe(false);
    expect(isSettledFinding("met", { ...f, status: "not_met" }, "a")).toBe(false);
    expect(isSettledFinding("met", { ...f, note: "x" }, "a")).toBe(false);
    expect(isSettledFinding("met", { ...f, citationAnchor: "b" }, "a")).toBe(false);
    expect(isSettledFinding("needs_clinical_review", { ...f, status: "" }, "a")).toBe(false);
  });
});
