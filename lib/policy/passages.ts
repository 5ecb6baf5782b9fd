// Splits a policy text into addressable passages, deterministically.
//
// The text is a flattened policy document: blocks separated by blank lines; markdown lists
// ("- item", nested by indentation); tab-separated tables whose first line is the header and
// whose cells may hold HTML (<p>, <ul>, <i>) with • ○ ▪ bullets; and single-line headings.
// Headings are not guessed: the version's outline lists each heading's exact text, level and
// slug (a test checks that every outline entry is found exactly once).
//
// Anchors come only from the section and the position in it:
//   heading                      its slug                           coverage-cnmp
//   paragraph n of the section   <section>-<n>                      coverage-cancer-1
//   list block n, item i, j...   <section>-<n>-<i>-<j>              coverage-cnmp-2-1-4
//   table block n                <section>-<n>-header, <section>-<n>-<row>; a row whose first cell
//                                is a five-digit code is <section>-<code> (codes-62320)
//   list inside a table cell     <row anchor>-<i>-<j>...
// then the version's `names` give important positions readable names, by longest matching
// prefix at a "-" boundary: ["coverage-cnmp-2-1", "coverage-cnmp-trial"] renames that item and
// makes its children coverage-cnmp-trial-1..5.
//
// Page-break continuations (a paragraph that begins with a lower-case letter) are joined to the
// paragraph before, with a space, since the source broke one paragraph across two pages.

import type { InlineSegment, Passage, PassageKind } from "./types";

export interface OutlineHeading {
  /** The heading's exact line in the text. */
  text: string;
  /** 1 for the title, 2 for sections, 3 and 4 below. */
  level: 1 | 2 | 3 | 4;
  /** Section slug: lower case letters, digits and "-", starting with a letter. */
  slug: string;
}

export interface PassageOutline {
  headings: readonly OutlineHeading[];
  /** [positional anchor or prefix, readable name]. */
  names: readonly (readonly [string, string])[];
}

const BULLET_LEVEL: Record<string, number> = { "•": 1, "○": 2, "▪": 3 };

/** Markup-free readable text of a source fragment: links, LaTeX-ish signs, tags and emphasis marks removed. */
export function readableText(raw: string): string {
  return inlineSegments(raw)
    .map((s) => s.text)
    .join("");
}

/**
 * The readable text split into emphasis runs: **bold**, *italic* and <i>italic</i> become
 * segments; a lone "*" (a footnote marker such as "Age ≥ 18 years*") stays as text.
 */
export function inlineSegments(raw: string): InlineSegment[] {
  const plain = raw
    .replace(/\[([^\]]*)\]\(#\)/g, "$1")
    .replace(/\[®\]/g, "®")
    .replace(/\$\\geq\s*/g, "≥ ")
    .replace(/\\%/g, "%")
    .replace(/\$/g, "")
    .replace(/<(?!\/?i>)[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const segments: InlineSegment[] = [];
  const pattern = /\*\*([^*]+)\*\*|<i>([^<]*)<\/i>|(^|[\s(])\*([^*\s](?:[^*]*[^*\s])?)\*(?=[\s.,;:)]|$)/g;
  let last = 0;
  for (let m = pattern.exec(plain); m; m = pattern.exec(plain)) {
    const lead = m[3] ?? "";
    const start = m.index + lead.length;
    if (start > last) segments.push({ text: plain.slice(last, start) });
    if (m[1] !== undefined) segments.push({ text: m[1], emphasis: "strong" });
    else segments.push({ text: (m[2] ?? m[4])!, emphasis: "em" });
    last = m.index + m[0].length;
  }
  if (last < plain.length) segments.push({ text: plain.slice(last) });
  return segments.length ? segments : [{ text: "" }];
}

/** Readable text plus its emphasis runs when it has any. */
function textOf(raw: string): { text: string; segments?: InlineSegment[] } {
  const segments = inlineSegments(raw);
  const text = segments.map((x) => x.text).join("");
  return segments.some((x) => x.emphasis) ? { text, segments } : { text };
}

interface Draft {
  anchor: string;
  kind: PassageKind;
  level: number;
  section: string;
  text: string;
  segments?: InlineSegment[];
  parent?: string;
  cells?: string[];
  block: number;
}

const FIVE_DIGITS = /^\d{5}$/;

/** Splits the list part of an HTML table cell into items with nesting levels. */
function cellListItems(html: string): { level: number; raw: string }[] {
  const body = html.replace(/<\/?(ul|li)\b[^>]*>/g, (tag) => (tag.startsWith("<li") ? "\u0000" : " "));
  if (/[•○▪]/.test(body)) {
    const items: { level: number; raw: string }[] = [];
    const re = /([•○▪])([^•○▪]*)/g;
    for (let m = re.exec(body); m; m = re.exec(body)) items.push({ level: BULLET_LEVEL[m[1]!]!, raw: m[2]! });
    return items;
  }
  if (body.includes("\u0000")) return body.split("\u0000").map((raw) => ({ level: 1, raw }));
  // A <ul> that lost both its <li> tags and its bullets when the page was flattened: the items
  // run into each other ("...current informationArchived previous..."), so a lower-case letter
  // directly followed by an upper-case one marks the start of the next item.
  return body.split(/(?<=[a-z])(?=[A-Z])/).map((raw) => ({ level: 1, raw }));
}

/** Splits `text` into passages following `outline`. Pure and deterministic. */
export function splitPassages(text: string, outline: PassageOutline): Passage[] {
  const headings = new Map(outline.headings.map((h) => [h.text, h]));
  const drafts: Draft[] = [];
  let section = "";
  let n = 0; // block counter within the section
  let blockIndex = -1;

  const blocks = text.split(/\n[ \t]*\n/);
  for (const rawBlock of blocks) {
    // The split leaves at most one newline at either end (two or more would have split again).
    const block = rawBlock.replace(/^\n|\n$/g, "");
    if (block.trim() === "") continue;
    blockIndex++;
    const lines = block.split("\n");
    const heading = lines.length === 1 ? headings.get(lines[0]!.trim()) : undefined;

    if (heading) {
      section = heading.slug;
      n = 0;
      drafts.push({
        anchor: heading.slug,
        kind: "heading",
        level: heading.level,
        section,
        ...textOf(heading.text),
        block: blockIndex,
      });
      continue;
    }

    if (lines.every((l) => /^\s*- /.test(l))) {
      n++;
      const stack: { indent: number; anchor: string; count: number }[] = [];
      let topCount = 0;
      for (const line of lines) {
        const indent = line.length - line.trimStart().length;
        while (stack.length && stack.at(-1)!.indent >= indent) stack.pop();
        const parent = stack[stack.length - 1];
        let anchor: string;
        if (parent) anchor = `${parent.anchor}-${++parent.count}`;
        else anchor = `${section}-${n}-${++topCount}`;
        drafts.push({
          anchor,
          kind: "list-item",
          level: stack.length + 1,
          section,
          ...textOf(line.trim().slice(2)),
          parent: parent?.anchor,
          block: blockIndex,
        });
        stack.push({ indent, anchor, count: 0 });
      }
      continue;
    }

    if (lines.some((l) => l.includes("\t"))) {
      n++;
      const tableAnchor = `${section}-${n}`;
      lines.forEach((line, r) => {
        const rawCells = line.split("\t");
        const last = rawCells.at(-1)!;
        const ulAt = last.search(/<ul\b/);
        const cells = rawCells.map((c, i) =>
          readableText(i === rawCells.length - 1 && ulAt >= 0 ? c.slice(0, ulAt) : c),
        );
        const anchor =
          r === 0
            ? `${tableAnchor}-header`
            : FIVE_DIGITS.test(cells[0]!)
              ? `${section}-${cells[0]}`
              : `${tableAnchor}-${r}`;
        drafts.push({
          anchor,
          kind: r === 0 ? "table-header" : "table-row",
          level: 0,
          section,
          text: cells.filter((c) => c !== "").join(" "),
          cells,
          block: blockIndex,
        });
        if (ulAt < 0) return;
        const stack: { level: number; anchor: string; count: number }[] = [{ level: 0, anchor, count: 0 }];
        for (const item of cellListItems(last.slice(ulAt))) {
          const itemText = textOf(item.raw);
          if (!itemText.text) continue;
          // The row itself (level 0) stays at the bottom: every item is level 1 or deeper.
          while (stack.at(-1)!.level >= item.level) stack.pop();
          const parent = stack.at(-1)!;
          const itemAnchor = `${parent.anchor}-${++parent.count}`;
          drafts.push({
            anchor: itemAnchor,
            kind: "list-item",
            level: stack.length,
            section,
            ...itemText,
            parent: parent.anchor,
            block: blockIndex,
          });
          stack.push({ level: item.level, anchor: itemAnchor, count: 0 });
        }
      });
      continue;
    }

    // Paragraphs: one per line; a lower-case start continues the paragraph right before it (page
    // break), never a heading, list item or table row.
    for (const line of lines) {
      const t = textOf(line);
      const lastDraft = drafts[drafts.length - 1];
      if (/^[a-z]/.test(t.text) && lastDraft?.kind === "paragraph") {
        if (lastDraft.segments || t.segments)
          lastDraft.segments = [
            ...(lastDraft.segments ?? [{ text: lastDraft.text }]),
            { text: " " },
            ...(t.segments ?? [{ text: t.text }]),
          ];
        lastDraft.text = `${lastDraft.text} ${t.text}`;
        continue;
      }
      n++;
      drafts.push({ anchor: `${section}-${n}`, kind: "paragraph", level: 0, section, ...t, block: blockIndex });
    }
  }

  const rename = renamer(outline.names);
  return drafts.map((d) => {
    const p: Passage = {
      anchor: rename(d.anchor),
      kind: d.kind,
      level: d.level,
      section: d.section,
      text: d.text,
      block: d.block,
    };
    if (d.segments) p.segments = d.segments;
    if (d.parent !== undefined) p.parent = rename(d.parent);
    if (d.cells) p.cells = d.cells;
    return p;
  });
}

function renamer(names: PassageOutline["names"]): (anchor: string) => string {
  const sorted = [...names].sort((a, b) => b[0].length - a[0].length);
  return (anchor) => {
    for (const [from, to] of sorted) {
      if (anchor === from) return to;
      if (anchor.startsWith(from) && anchor.charCodeAt(from.length) === 45) return to + anchor.slice(from.length);
    }
    return anchor;
  };
}

/** A lookup of passages by anchor. */
export function indexPassages(passages: readonly Passage[]): ReadonlyMap<string, Passage> {
  return new Map(passages.map((p) => [p.anchor, p]));
}
