import { readFileSync } from "node:fs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LATEST_VERSION } from "@/lib/policy";
import { CriteriaIndex, PolicyDocument } from "./policy-document";

const html = renderToStaticMarkup(createElement(PolicyDocument));
const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);

describe("PolicyDocument", () => {
  it("is a server component (no client directive)", () => {
    const source = readFileSync(new URL("./policy-document.tsx", import.meta.url), "utf8");
    expect(source).not.toMatch(/^\s*["']use client["']/m);
  });

  it("renders every passage once, with its anchor as id, a ¶ link and the target highlight", () => {
    expect(ids.sort()).toEqual(LATEST_VERSION.passages.map((p) => p.anchor).sort());
    for (const p of LATEST_VERSION.passages) expect(html).toContain(`href="#${p.anchor}" aria-label="Link to this passage"`);
    expect(html.match(/target:bg-yellow-100 target:ring-2 target:ring-yellow-400/g)?.length).toBe(LATEST_VERSION.passages.length);
    expect(html.match(/scroll-mt-24/g)?.length).toBe(LATEST_VERSION.passages.length);
  });

  it("uses headings in order: the title h1, sections h2, subsections h3 and h4", () => {
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeLessThanOrEqual(levels[i - 1] + 1);
    expect(html).toMatch(/<h2 id="coverage"[^>]*>Coverage Rationale/);
    expect(html).toMatch(/<h3 id="coverage-cnmp"[^>]*>Chronic Non-Malignant Pain/);
    const nested = renderToStaticMarkup(createElement(PolicyDocument, { titleLevel: 2 }));
    expect(nested).not.toMatch(/<h1\b/);
    expect(nested).toMatch(/<h3 id="coverage"/);
  });

  it("renders the CPT code table as a table with column and row headers", () => {
    expect(html).toMatch(/<tr id="codes-table-header"[^>]*><th scope="col"[^>]*>CPT Code/);
    expect(html).toMatch(/<tr id="codes-62323"[^>]*><th scope="row"[^>]*>62323/);
  });

  it("renders the documentation requirements as nested lists inside the table cell", () => {
    const row = html.slice(html.indexOf('<tr id="documentation-table-2"'), html.indexOf("</tr>", html.indexOf('<tr id="documentation-table-2"')));
    expect(row).toContain("Medical notes documenting the following, when applicable:");
    expect(row).toMatch(/<li id="documentation-cancer"[^>]*>For cancer-related pain:.*<ul[^>]*><li id="documentation-cancer-trial"[^>]*>For trial:.*<ul[^>]*><li id="documentation-cancer-trial-1"/);
  });

  it("renders emphasis and nested coverage criteria", () => {
    expect(html).toContain("<strong>all</strong>");
    expect(html).toMatch(/<li id="coverage-cnmp-trial"[^>]*>.*<ul[^>]*><li id="coverage-cnmp-trial-1"[^>]*>Age ≥ 18 years\*; and/);
  });
});

describe("CriteriaIndex", () => {
  const index = renderToStaticMarkup(createElement(CriteriaIndex, { policyHref: "/policy/339.7" }));

  it("lists every criterion with its quote in a blockquote and a link to its passage", () => {
    for (const c of LATEST_VERSION.criteria) {
      expect(index).toContain(`href="/policy/339.7#${c.anchor}"`);
      // The criterion's words, never its internal id (e.g. "scope.age").
      expect(index).not.toContain(`>${c.id}<`);
      expect(index).not.toContain(c.id);
    }
    expect(index).toContain("Scope: the policy addresses members 18 or older (age on the service date)");
    expect(index.match(/<blockquote/g)?.length).toBe(LATEST_VERSION.criteria.length);
    expect(index).toContain("Age ≥ 18 years");
  });

  it("groups by indication, then phase, with ordered headings", () => {
    expect(index).toMatch(/<h2[^>]*>Criteria of PHARMACY 339.7/);
    expect(index).toMatch(/<h3 id="criteria-chronic_nonmalignant_pain"/);
    expect(index).toMatch(/<h4[^>]*>Implantation only<\/h4>/);
  });
});
