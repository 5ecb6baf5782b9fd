import { describe, expect, it } from "vitest";
import { findPassage, indexPassages, inlineSegments, PHARMACY_339_7, readableText, splitPassages } from "@/lib/policy";
import { PHARMACY_339_7_OUTLINE } from "./text/pharmacy-339.7.outline";
import type { PassageOutline } from "./passages";

const passages = PHARMACY_339_7.passages;
const byAnchor = new Map(passages.map((p) => [p.anchor, p]));

// Published anchors: letters, determinations and links point at them. Changing this list is a
// deliberate act (a new policy version gets its own list).
const PINNED_ANCHORS = [
  "title",
  "policy-number",
  "effective-date",
  "title-3",
  "contents-header",
  "contents-1",
  "contents-2",
  "contents-3",
  "contents-4",
  "contents-5",
  "contents-6",
  "contents-7",
  "contents-8",
  "contents-9",
  "related-policies",
  "related-policies-1-1",
  "related-policies-1-2",
  "related-policies-1-3",
  "coverage",
  "coverage-cancer",
  "coverage-cancer-1",
  "coverage-cancer-2",
  "coverage-spasticity",
  "coverage-spasticity-1",
  "coverage-spasticity-2",
  "coverage-cnmp",
  "coverage-cnmp-trial-intro",
  "coverage-cnmp-trial",
  "coverage-cnmp-trial-1",
  "coverage-cnmp-trial-2",
  "coverage-cnmp-trial-3",
  "coverage-cnmp-trial-4",
  "coverage-cnmp-trial-5",
  "coverage-cnmp-implant-intro",
  "coverage-cnmp-implant-1",
  "coverage-cnmp-implant-2",
  "coverage-age-footnote",
  "documentation",
  "documentation-1",
  "documentation-table-header",
  "documentation-table-1",
  "documentation-table-2",
  "documentation-condition",
  "documentation-cancer",
  "documentation-cancer-trial",
  "documentation-cancer-trial-1",
  "documentation-cancer-trial-2",
  "documentation-cancer-trial-3",
  "documentation-cancer-trial-4",
  "documentation-cancer-implant",
  "documentation-spasticity",
  "documentation-spasticity-trial",
  "documentation-spasticity-trial-1",
  "documentation-spasticity-trial-2",
  "documentation-spasticity-trial-3",
  "documentation-spasticity-trial-4",
  "documentation-spasticity-trial-5",
  "documentation-spasticity-implant",
  "documentation-spasticity-implant-1",
  "documentation-spasticity-implant-2",
  "documentation-cnmp",
  "documentation-cnmp-trial",
  "documentation-cnmp-trial-1",
  "documentation-cnmp-trial-2",
  "documentation-cnmp-trial-3",
  "documentation-cnmp-trial-4",
  "documentation-cnmp-implant",
  "documentation-footnote",
  "codes",
  "codes-intro",
  "codes-table-header",
  "codes-62320",
  "codes-62321",
  "codes-62322",
  "codes-62323",
  "codes-62324",
  "codes-62325",
  "codes-62326",
  "codes-62327",
  "codes-62350",
  "codes-62351",
  "codes-62360",
  "codes-62361",
  "codes-62362",
  "codes-trademark",
  "description",
  "description-1",
  "evidence",
  "evidence-1",
  "evidence-2",
  "evidence-3",
  "evidence-4",
  "evidence-guidelines",
  "evidence-asipp",
  "evidence-asipp-1",
  "evidence-aspn",
  "evidence-aspn-1",
  "evidence-asra-asa",
  "evidence-asra-asa-1",
  "evidence-bps",
  "evidence-bps-1",
  "evidence-consensus",
  "evidence-consensus-1",
  "evidence-consensus-2-1",
  "evidence-consensus-2-1-1",
  "evidence-consensus-2-1-2",
  "evidence-consensus-2-1-3",
  "evidence-consensus-2-1-4",
  "evidence-consensus-2-2",
  "evidence-consensus-2-3",
  "evidence-consensus-3",
  "evidence-consensus-4",
  "evidence-consensus-5-1",
  "evidence-consensus-5-2",
  "evidence-consensus-5-3",
  "evidence-nccn",
  "evidence-nccn-1",
  "fda",
  "fda-1",
  "fda-2",
  "references",
  "references-1",
  "references-2",
  "references-3",
  "references-4",
  "references-5",
  "references-6",
  "references-7",
  "references-8",
  "references-9",
  "references-10",
  "references-11",
  "references-12",
  "references-13",
  "references-14",
  "references-15",
  "references-16",
  "references-17",
  "references-18",
  "references-19",
  "references-20",
  "references-21",
  "references-22",
  "references-23",
  "references-24",
  "history",
  "history-1-header",
  "history-1-1",
  "history-1-1-1",
  "history-1-1-2",
  "instructions",
  "instructions-1",
  "instructions-scope",
  "instructions-3",
];

describe("passages of PHARMACY 339.7", () => {
  it("has exactly the pinned anchors, in document order", () => {
    expect(passages.map((p) => p.anchor)).toEqual(PINNED_ANCHORS);
  });

  it("gives every passage a unique anchor that is a valid HTML id", () => {
    expect(new Set(passages.map((p) => p.anchor)).size).toBe(passages.length);
    for (const p of passages) expect(p.anchor).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
  });

  it("is deterministic", () => {
    expect(splitPassages(PHARMACY_339_7.text, PHARMACY_339_7_OUTLINE)).toEqual(passages);
  });

  it("finds every outline heading exactly once, and uses every readable name", () => {
    for (const h of PHARMACY_339_7_OUTLINE.headings) {
      const found = passages.filter((p) => p.kind === "heading" && p.anchor === h.slug);
      expect(found, h.text).toHaveLength(1);
      expect(found[0]!.level).toBe(h.level);
    }
    for (const [, name] of PHARMACY_339_7_OUTLINE.names)
      expect(
        passages.some((p) => p.anchor === name || p.anchor.startsWith(`${name}-`)),
        name,
      ).toBe(true);
  });

  it("keeps the whole readable text: every word of the source appears in some passage", () => {
    const all = passages.map((p) => [p.text, ...(p.cells ?? [])].join(" ")).join(" ");
    // (camelCase runs split like the history list whose items lost their tags: "informationArchived")
    const source = readableText(PHARMACY_339_7.text.replace(/<[^>]+>/g, " ")).replace(/([a-z])([A-Z])/g, "$1 $2");
    const words = new Set(source.split(/[\s•○▪]+/));
    for (const w of [...words].filter(Boolean)) expect(all.includes(w), w).toBe(true);
  });

  it("gives headings levels 1 to 4 in a sane order", () => {
    const headings = passages.filter((p) => p.kind === "heading");
    expect(headings[0]).toMatchObject({ anchor: "title", level: 1 });
    for (let i = 1; i < headings.length; i++)
      expect(headings[i]!.level).toBeLessThanOrEqual(Math.max(2, headings[i - 1]!.level + 1));
  });

  it("links nested items to an existing parent one level up", () => {
    for (const p of passages) {
      if (p.parent === undefined) continue;
      const parent = byAnchor.get(p.parent);
      expect(parent, p.anchor).toBeDefined();
      if (parent!.kind === "list-item") expect(p.level).toBe(parent!.level + 1);
      else {
        expect(parent!.kind).toBe("table-row");
        expect(p.level).toBe(1);
      }
    }
  });

  it("splits the coverage criteria of chronic non-malignant pain into their own items", () => {
    expect(findPassage("coverage-cnmp-trial")?.text).toMatch(/^Chronic intractable pain of a non-malignant origin/);
    expect(findPassage("coverage-cnmp-trial-1")?.text).toBe("Age ≥ 18 years*; and");
    expect(findPassage("coverage-cnmp-trial-4")?.text).toMatch(
      /^Documentation of treatment failure.*behavioral health treatment\); and$/,
    );
    expect(findPassage("coverage-cnmp-trial-5")?.parent).toBe("coverage-cnmp-trial");
    expect(findPassage("coverage-cnmp-implant-1")?.text).toBe(
      "Completion of drug infusion trial that met above criteria; and",
    );
    expect(findPassage("coverage-cnmp-implant-2")?.text).toBe(
      "Documentation of a ≥ 50% reduction in pain during trial",
    );
    expect(findPassage("coverage-cnmp-trial-6")).toBeUndefined();
  });

  it("splits the Documentation Requirements cell into nested bullets", () => {
    const cell = passages.filter((p) => p.anchor.startsWith("documentation-") && p.kind === "list-item");
    expect(cell.filter((p) => p.level === 1).map((p) => p.text)).toEqual([
      "Condition requiring procedure",
      "For cancer-related pain:",
      "For spasticity:",
      "For chronic non-malignant pain:",
    ]);
    expect(findPassage("documentation-cancer-trial")).toMatchObject({
      text: "For trial:",
      level: 2,
      parent: "documentation-cancer",
    });
    expect(["1", "2", "3", "4"].map((i) => findPassage(`documentation-cancer-trial-${i}`)?.text)).toEqual([
      "Presence and location of metastatic lesions",
      "Presence or absence of increased intracranial pressure",
      "Life expectancy",
      "Treatments tried, failed, or contraindicated; include the dates and reason for discontinuation",
    ]);
    expect(findPassage("documentation-spasticity-trial-2")?.text).toBe(
      "Results of Modified Ashworth Scale or Penn Spasm Frequency Scale",
    );
    expect(findPassage("documentation-spasticity-trial-5")?.level).toBe(3);
    expect(findPassage("documentation-spasticity-implant-2")?.text).toBe(
      "Score/point reduction in the Modified Ashworth Scale or Penn Spasm Frequency Scale",
    );
    expect(findPassage("documentation-cnmp-trial-4")?.text).toBe("Psychiatric or psychosocial issues/history");
    expect(findPassage("documentation-cnmp-implant")?.text).toBe(
      "For implantation, in addition to the above, also provide the degree of pain reduction after trial",
    );
    const row = findPassage("documentation-table-2");
    expect(row?.kind).toBe("table-row");
    expect(row?.cells).toEqual([
      "62320 62321 62322 62324 62325 62326 62327 62350 62351 62360 62361 62362",
      "Medical notes documenting the following, when applicable:",
    ]);
  });

  it("makes the CPT code table rows addressable by code", () => {
    expect(findPassage("codes-table-header")?.cells).toEqual(["CPT Code", "Description"]);
    for (const code of PHARMACY_339_7.parameters.applicableCodes) {
      const row = findPassage(`codes-${code}`);
      expect(row?.kind, code).toBe("table-row");
      expect(row?.cells?.[0]).toBe(code);
    }
  });

  it("joins a paragraph broken across a page", () => {
    expect(findPassage("codes-intro")?.text).toMatch(
      /applicable laws that may require coverage for a specific service\. The inclusion/,
    );
    expect(findPassage("description-1")?.text).toMatch(/ziconotide \(a non-opioid drug\) for IT analgesia/);
  });

  it("splits the revision history list whose items lost their tags", () => {
    expect(findPassage("history-1-1")?.cells).toEqual(["07/01/2023", "Supporting Information"]);
    expect(findPassage("history-1-1-1")?.text).toBe(
      "Updated Clinical Evidence and References sections to reflect the most current information",
    );
    expect(findPassage("history-1-1-2")?.text).toBe("Archived previous policy version PHARMACY 339.6");
  });
});

describe("readable text", () => {
  it("strips markup but keeps footnote markers", () => {
    expect(readableText("when **all** of the following")).toBe("when all of the following");
    expect(readableText("Completion of drug infusion trial that [met above criteria](#); and")).toBe(
      "Completion of drug infusion trial that met above criteria; and",
    );
    expect(readableText("reductions of $\\geq 50\\%$; $n = 18$")).toBe("reductions of ≥ 50%; n = 18");
    expect(readableText("the InterQual[®] criteria")).toBe("the InterQual® criteria");
    expect(readableText("Results of <i>Modified Ashworth Scale</i>")).toBe("Results of Modified Ashworth Scale");
    expect(readableText("Age ≥ 18 years*; and")).toBe("Age ≥ 18 years*; and");
    expect(readableText("*This policy does not address")).toBe("*This policy does not address");
  });

  it("marks emphasis as segments whose texts join to the readable text", () => {
    expect(inlineSegments("when **all** of")).toEqual([
      { text: "when " },
      { text: "all", emphasis: "strong" },
      { text: " of" },
    ]);
    expect(inlineSegments("Medicine. *Anesthesiology*. 2010")).toEqual([
      { text: "Medicine. " },
      { text: "Anesthesiology", emphasis: "em" },
      { text: ". 2010" },
    ]);
    const emphasized = passages.filter((p) => p.segments);
    expect(emphasized.map((p) => p.anchor)).toEqual(
      expect.arrayContaining(["coverage-cnmp-trial", "documentation-spasticity-trial-2", "references-2"]),
    );
    for (const p of emphasized) {
      expect(p.segments!.map((s) => s.text).join(""), p.anchor).toBe(p.text);
      expect(p.segments!.some((s) => s.emphasis)).toBe(true);
    }
    expect(findPassage("coverage-cnmp-trial")?.segments).toContainEqual({ text: "all", emphasis: "strong" });
  });
});

describe("splitPassages on a small made-up text: each rule of the format", () => {
  const outline: PassageOutline = {
    headings: [
      { text: "Coverage", level: 2, slug: "coverage" },
      { text: "Codes", level: 2, slug: "codes" },
    ],
    names: [
      ["coverage-1", "coverage-intro"],
      ["coverage-3", "coverage-steps"],
      ["codes-1", "codes-table"],
      ["codes-1-1", "codes-row"],
      ["coverage-4-head", "never"], // a prefix that ends inside a word renames nothing
    ],
  };
  const text = [
    "\n\nCoverage\n", // blank lines around a block and a heading's own line are trimmed
    "First **rule** here.\ncontinued on the next page.\nSecond plain\nand *more* words.",
    "- top one\n  - nested a\n  - nested b\n- top two",
    "Code\tDescription\n62320\tInjection <ul><li>Alpha</li><li><i>Beta</i></li></ul>\nX\tOther <ul>first itemSecond item</ul>",
    "Codes  ",
    "Line\tCell\nA\t<ul>• one ○ two ▪ three • four</ul>\nNote without a tab",
    "lower case after a table row\nRange - wide\n- item\nCodes\n- only",
    "  \t ",
  ].join("\n\n");
  // Split inside each test (not once for the describe block), so mutation testing sees it run under each test.
  const split = () => splitPassages(text, outline);
  const at = (anchor: string) => split().find((p) => p.anchor === anchor);

  it("numbers blocks within their section, renames by longest prefix at a '-' boundary", () => {
    expect(split().map((p) => [p.anchor, p.kind, p.level, p.section, p.block, p.parent])).toEqual([
      ["coverage", "heading", 2, "coverage", 0, undefined],
      ["coverage-intro", "paragraph", 0, "coverage", 1, undefined],
      ["coverage-2", "paragraph", 0, "coverage", 1, undefined],
      ["coverage-steps-1", "list-item", 1, "coverage", 2, undefined],
      ["coverage-steps-1-1", "list-item", 2, "coverage", 2, "coverage-steps-1"],
      ["coverage-steps-1-2", "list-item", 2, "coverage", 2, "coverage-steps-1"],
      ["coverage-steps-2", "list-item", 1, "coverage", 2, undefined],
      ["coverage-4-header", "table-header", 0, "coverage", 3, undefined],
      ["coverage-62320", "table-row", 0, "coverage", 3, undefined],
      ["coverage-62320-1", "list-item", 1, "coverage", 3, "coverage-62320"],
      ["coverage-62320-2", "list-item", 1, "coverage", 3, "coverage-62320"],
      ["coverage-4-2", "table-row", 0, "coverage", 3, undefined],
      ["coverage-4-2-1", "list-item", 1, "coverage", 3, "coverage-4-2"],
      ["coverage-4-2-2", "list-item", 1, "coverage", 3, "coverage-4-2"],
      ["codes", "heading", 2, "codes", 4, undefined],
      ["codes-table-header", "table-header", 0, "codes", 5, undefined],
      ["codes-row", "table-row", 0, "codes", 5, undefined],
      ["codes-row-1", "list-item", 1, "codes", 5, "codes-row"],
      ["codes-row-1-1", "list-item", 2, "codes", 5, "codes-row-1"],
      ["codes-row-1-1-1", "list-item", 3, "codes", 5, "codes-row-1-1"],
      ["codes-row-2", "list-item", 1, "codes", 5, "codes-row"],
      ["codes-table-2", "table-row", 0, "codes", 5, undefined],
      ["codes-2", "paragraph", 0, "codes", 6, undefined],
      ["codes-3", "paragraph", 0, "codes", 6, undefined],
      ["codes-4", "paragraph", 0, "codes", 6, undefined],
      ["codes-5", "paragraph", 0, "codes", 6, undefined],
      ["codes-6", "paragraph", 0, "codes", 6, undefined],
    ]);
    // A heading is a block of one line; a list is a block whose every line is "- item".
    expect(["codes-2", "codes-3", "codes-4", "codes-5", "codes-6"].map((a) => at(a)?.text)).toEqual([
      "lower case after a table row",
      "Range - wide",
      "- item",
      "Codes",
      "- only",
    ]);
  });

  it("joins a line that starts in lower case to the paragraph before, emphasis runs included", () => {
    expect(at("coverage-intro")).toMatchObject({
      text: "First rule here. continued on the next page.",
      segments: [
        { text: "First " },
        { text: "rule", emphasis: "strong" },
        { text: " here." },
        { text: " " },
        { text: "continued on the next page." },
      ],
    });
    expect(at("coverage-2")).toMatchObject({
      text: "Second plain and more words.",
      segments: [
        { text: "Second plain" },
        { text: " " },
        { text: "and " },
        { text: "more", emphasis: "em" },
        { text: " words." },
      ],
    });
    expect(at("coverage-steps-1-1")?.text).toBe("nested a");
    expect(at("coverage-steps-1")).not.toHaveProperty("segments");
  });

  it("reads table cells without markup, and the list in a row's last cell by <li>, by bullet or by the case change of a flattened list", () => {
    expect(at("coverage-4-header")).toMatchObject({ text: "Code Description", cells: ["Code", "Description"] });
    expect(at("coverage-62320")).toMatchObject({ text: "62320 Injection", cells: ["62320", "Injection"] });
    expect(at("codes-row")).toMatchObject({ text: "A", cells: ["A", ""] });
    expect(
      [
        "coverage-62320-1",
        "coverage-62320-2",
        "coverage-4-2-1",
        "coverage-4-2-2",
        "codes-row-1",
        "codes-row-1-1",
        "codes-row-1-1-1",
        "codes-row-2",
      ].map((a) => at(a)?.text),
    ).toEqual(["Alpha", "Beta", "first item", "Second item", "one", "two", "three", "four"]);
    expect(at("coverage-62320-2")?.segments).toEqual([{ text: "Beta", emphasis: "em" }]);
    expect(at("coverage")).not.toHaveProperty("cells");
    expect(at("codes-table-2")).toMatchObject({ text: "Note without a tab", cells: ["Note without a tab"] });
  });

  it("takes <li> tags with attributes, reads a closing tag as a word break, and wants a heading alone in its block and '- ' at each line's start", () => {
    const passages = splitPassages(
      [
        "Coverage\nstill the intro",
        "Range - wide\nSpan - narrow",
        'B\t<ul><li class="x">Alpha</li><li class="y">Beta</li></ul>\nC\t<ul>alpha beta</ul>Gamma',
      ].join("\n\n"),
      { headings: [{ text: "Coverage", level: 2, slug: "coverage" }], names: [] },
    );
    expect(passages.map((p) => [p.anchor, p.kind, p.text])).toEqual([
      ["-1", "paragraph", "Coverage still the intro"],
      ["-2", "paragraph", "Range - wide"],
      ["-3", "paragraph", "Span - narrow"],
      ["-4-header", "table-header", "B"],
      ["-4-header-1", "list-item", "Alpha"],
      ["-4-header-2", "list-item", "Beta"],
      ["-4-1", "table-row", "C"],
      ["-4-1-1", "list-item", "alpha beta Gamma"],
    ]);
  });

  it("starts a paragraph in lower case when nothing comes before it, and indexes passages by anchor", () => {
    expect(splitPassages("only a page's second half", { headings: [], names: [] })).toEqual([
      { anchor: "-1", kind: "paragraph", level: 0, section: "", text: "only a page's second half", block: 0 },
    ]);
    const passages = split();
    const index = indexPassages(passages);
    expect(index.size).toBe(passages.length);
    expect(index.get("codes-row-1-1")?.text).toBe("two");
    expect(index.get("codes-1-1")).toBeUndefined();
  });
});

describe("inlineSegments: markup rules", () => {
  it("reads an emphasis at the very start, ≥ written without a space, and collapses white space", () => {
    expect(inlineSegments("*Note* at the start")).toEqual([
      { text: "Note", emphasis: "em" },
      { text: " at the start" },
    ]);
    expect(inlineSegments("a $\\geq50 b")).toEqual([{ text: "a ≥ 50 b" }]);
    expect(inlineSegments("a $\\geq   50 %")).toEqual([{ text: "a ≥ 50 %" }]);
    expect(inlineSegments("x  \n y<p>z</p>")).toEqual([{ text: "x y z" }]);
    expect(inlineSegments("a*b*c (*x*) *y*.")).toEqual([
      { text: "a*b*c (" },
      { text: "x", emphasis: "em" },
      { text: ") " },
      { text: "y", emphasis: "em" },
      { text: "." },
    ]);
    expect(inlineSegments("*a* and *bc*")).toEqual([
      { text: "a", emphasis: "em" },
      { text: " and " },
      { text: "bc", emphasis: "em" },
    ]);
    expect(inlineSegments("<p>")).toEqual([{ text: "" }]);
    expect(inlineSegments("")).toEqual([{ text: "" }]);
  });
});
