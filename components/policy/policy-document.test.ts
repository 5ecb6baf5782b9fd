import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LATEST_VERSION } from "@/lib/policy";
import { CriteriaIndex, PolicyDocument } from "./policy-document";

// What a reader (or a screen reader) gets from the markup: words, headings, links, anchors and
// table headers. The highlight of a linked passage is CSS (:target), checked in a browser by
// e2e/public/policy-page.spec.ts.

const BLOCK = /^(?:p|li|ul|ol|h[1-6]|tr|td|th|table|thead|tbody|blockquote|div|section|article|aside|nav|header)$/;
/** The words a reader sees: tags dropped (block ones break words), entities decoded, white space collapsed. */
function textOf(markup: string): string {
  return markup
    .replace(/<\/?([a-z0-9]+)\b[^>]*>/gi, (_tag, name: string) => (BLOCK.test(name.toLowerCase()) ? " " : ""))
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
const attribute = (attributes: string, name: string) => attributes.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
/** The element with this id, from its opening tag to its matching closing tag. */
function elementById(markup: string, id: string): string {
  const at = markup.indexOf(` id="${id}"`);
  expect(at, `an element with id ${id}`).toBeGreaterThan(-1);
  const start = markup.lastIndexOf("<", at);
  const tag = markup.slice(start + 1).match(/^[a-z0-9]+/i)![0];
  const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, "g");
  tags.lastIndex = start;
  let depth = 0;
  for (let m = tags.exec(markup); m; m = tags.exec(markup)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return markup.slice(start, tags.lastIndex);
  }
  throw new Error(`element ${id} is not closed`);
}
/** Headings in document order, as a screen reader lists them: level and text. */
const outline = (markup: string) =>
  [...markup.matchAll(/<h([1-6])\b[^>]*>(.*?)<\/h\1>/g)].map((m) => ({ level: Number(m[1]), text: textOf(m[2]!) }));
/** Every link: where it goes and its accessible name (aria-label, else its text). */
const linksOf = (markup: string) =>
  [...markup.matchAll(/<a\b([^>]*)>(.*?)<\/a>/g)].map((m) => ({
    href: attribute(m[1]!, "href"),
    name: attribute(m[1]!, "aria-label") ?? textOf(m[2]!),
  }));
/** The anchors a link can land on. */
const anchorsOf = (markup: string) => [...markup.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);

const html = renderToStaticMarkup(createElement(PolicyDocument));

describe("PolicyDocument", () => {
  it("renders every passage once under its anchor, with its words and a ¶ link to itself", () => {
    expect(anchorsOf(html).sort()).toEqual(LATEST_VERSION.passages.map((p) => p.anchor).sort());
    for (const p of LATEST_VERSION.passages) {
      const passage = elementById(html, p.anchor);
      expect(textOf(passage.replace(/<a\b[^>]*aria-label="Link to this passage"[^>]*>.*?<\/a>/g, ""))).toContain(
        textOf(p.text),
      );
      expect(linksOf(passage)).toContainEqual({ href: `#${p.anchor}`, name: "Link to this passage" });
    }
    const selfLinks = linksOf(html).filter((l) => l.name === "Link to this passage");
    expect(selfLinks).toHaveLength(LATEST_VERSION.passages.length);
  });

  it("uses headings in order: the title h1, sections h2, subsections h3 and h4", () => {
    const headings = outline(html);
    expect(headings[0]).toEqual({ level: 1, text: expect.stringContaining("Implanted Spinal Drug Delivery Systems") });
    expect(headings.filter((h) => h.level === 1)).toHaveLength(1);
    for (let i = 1; i < headings.length; i++)
      expect(headings[i]!.level).toBeLessThanOrEqual(headings[i - 1]!.level + 1);
    expect(elementById(html, "coverage")).toMatch(/^<h2\b/);
    expect(textOf(elementById(html, "coverage"))).toMatch(/^Coverage Rationale/);
    expect(elementById(html, "coverage-cnmp")).toMatch(/^<h3\b/);
    expect(textOf(elementById(html, "coverage-cnmp"))).toMatch(/^Chronic Non-Malignant Pain/);
    const nested = renderToStaticMarkup(createElement(PolicyDocument, { titleLevel: 2 }));
    expect(outline(nested).map((h) => h.level)).not.toContain(1);
    expect(outline(nested)[0]).toEqual({ level: 2, text: headings[0]!.text });
    expect(elementById(nested, "coverage")).toMatch(/^<h3\b/);
  });

  it("renders the CPT code table as a table with column and row headers", () => {
    const header = elementById(html, "codes-table-header");
    expect(header).toMatch(/^<tr\b/);
    expect(header).toMatch(/^<tr[^>]*><th scope="col"[^>]*>CPT Code/);
    expect(elementById(html, "codes-62323")).toMatch(/^<tr[^>]*><th scope="row"[^>]*>62323/);
  });

  it("renders the documentation requirements as nested lists inside the table cell", () => {
    const row = elementById(html, "documentation-table-2");
    expect(textOf(row)).toContain("Medical notes documenting the following, when applicable:");
    const cancer = elementById(row, "documentation-cancer");
    expect(cancer).toMatch(/^<li\b/);
    expect(textOf(cancer)).toMatch(/^For cancer-related pain:/);
    const trial = elementById(cancer, "documentation-cancer-trial");
    expect(textOf(trial)).toMatch(/^For trial:/);
    expect(elementById(trial, "documentation-cancer-trial-1")).toMatch(/^<li\b/);
  });

  it("renders emphasis and nested coverage criteria", () => {
    expect(html).toContain("<strong>all</strong>");
    const trial = elementById(html, "coverage-cnmp-trial");
    expect(trial).toMatch(/^<li\b/);
    const age = elementById(trial, "coverage-cnmp-trial-1");
    expect(age).toMatch(/^<li\b/);
    expect(textOf(age)).toMatch(/^Age ≥ 18 years\*; and/);
  });
});

describe("CriteriaIndex", () => {
  const index = renderToStaticMarkup(createElement(CriteriaIndex, { policyHref: "/policy/339.7" }));

  it("lists every criterion with its quote in a blockquote and a link to its passage", () => {
    const hrefs = linksOf(index).map((l) => l.href);
    for (const c of LATEST_VERSION.criteria) {
      expect(hrefs).toContain(`/policy/339.7#${c.anchor}`);
      // The criterion's words, never its internal id (e.g. "scope.age").
      expect(textOf(index)).not.toContain(c.id);
      expect(index).not.toContain(c.id);
    }
    expect(textOf(index)).toContain("Scope: the policy addresses members 18 or older (age on the service date)");
    const quotes = [...index.matchAll(/<blockquote\b[^>]*>(.*?)<\/blockquote>/g)].map((m) => textOf(m[1]!));
    expect(quotes).toHaveLength(LATEST_VERSION.criteria.length);
    expect(quotes.some((q) => q.includes("Age ≥ 18 years"))).toBe(true);
  });

  it("groups by indication, then phase, with ordered headings", () => {
    const headings = outline(index);
    expect(headings[0]).toEqual({ level: 2, text: expect.stringMatching(/^Criteria of PHARMACY 339.7/) });
    expect(elementById(index, "criteria-chronic_nonmalignant_pain")).toMatch(/^<h3\b/);
    expect(headings).toContainEqual({ level: 4, text: "Implantation only" });
  });
});
