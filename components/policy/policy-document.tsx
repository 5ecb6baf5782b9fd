// The policy, rendered faithfully from its passages, every passage linkable by its anchor; and
// an index of the criteria catalogue. Server components: no state, no data fetching.
//
//   <PolicyDocument />                      the latest version; its title is an <h1>
//   <PolicyDocument version={v} titleLevel={2} />   inside a page that has its own <h1>
//   <CriteriaIndex headingLevel={2} />      criteria by indication and phase, linking to #anchor
//
// A citation link `/policy/339.7#coverage-cnmp-trial-4` scrolls to the passage (scroll-mt-24
// keeps it clear of a sticky header) and highlights it with the `target:` variant.

import { createElement, type HTMLAttributes, type ReactNode } from "react";
import { INDICATION_HEADINGS, INDICATION_LABELS } from "@/lib/domain";
import {
  LATEST_VERSION,
  type Criterion,
  type CriterionIndication,
  type InlineSegment,
  type Passage,
  type PolicyVersion,
} from "@/lib/policy";

const TARGET = "scroll-mt-24 rounded-sm target:bg-yellow-100 target:ring-2 target:ring-yellow-400";

/** <h1>..<h6> by number (levels beyond 6 render as h6). */
function Heading({ level, ...props }: { level: number } & HTMLAttributes<HTMLHeadingElement>) {
  return createElement(`h${Math.min(6, Math.max(1, level))}`, props);
}

const HEADING_CLASS: Record<number, string> = {
  1: "text-2xl font-bold",
  2: "mt-8 border-b border-gray-200 pb-1 text-xl font-semibold",
  3: "mt-6 text-lg font-semibold",
  4: "mt-4 font-semibold",
};

function PilcrowLink({ anchor }: { anchor: string }) {
  return (
    <a
      href={`#${anchor}`}
      aria-label="Link to this passage"
      className="ml-1 text-gray-400 no-underline hover:text-gray-700 focus:text-gray-700"
    >
      ¶
    </a>
  );
}

function Inline({ passage }: { passage: Pick<Passage, "text" | "segments"> }) {
  if (!passage.segments) return <>{passage.text}</>;
  return (
    <>
      {passage.segments.map((s: InlineSegment, i) =>
        s.emphasis === "strong" ? (
          <strong key={i}>{s.text}</strong>
        ) : s.emphasis === "em" ? (
          <em key={i}>{s.text}</em>
        ) : (
          s.text
        ),
      )}
    </>
  );
}

/** Children of each passage (nested list items, or a table row's cell list). */
function childrenIndex(passages: readonly Passage[]): Map<string, Passage[]> {
  const map = new Map<string, Passage[]>();
  for (const p of passages) {
    if (p.parent === undefined) continue;
    const list = map.get(p.parent);
    if (list) list.push(p);
    else map.set(p.parent, [p]);
  }
  return map;
}

function List({ items, kids }: { items: Passage[]; kids: Map<string, Passage[]> }) {
  return (
    <ul className="ml-6 list-disc space-y-1 marker:text-gray-500 [&_ul]:list-[circle] [&_ul_ul]:list-[square]">
      {items.map((item) => {
        const nested = kids.get(item.anchor);
        return (
          <li key={item.anchor} id={item.anchor} className={TARGET}>
            <Inline passage={item} />
            <PilcrowLink anchor={item.anchor} />
            {nested ? <List items={nested} kids={kids} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

function Table({ rows, kids }: { rows: Passage[]; kids: Map<string, Passage[]> }) {
  const header = rows[0]?.kind === "table-header" ? rows[0] : undefined;
  const body = header ? rows.slice(1) : rows;
  const columns = Math.max(...rows.map((r) => r.cells?.length ?? 1));
  return (
    <div className="my-4 overflow-x-auto">
      <table className="w-full border-collapse text-left text-sm">
        {header ? (
          <thead>
            <tr id={header.anchor} className={TARGET}>
              {(header.cells ?? [header.text]).map((cell, i) => (
                <th key={i} scope="col" className="border border-gray-300 bg-gray-50 px-2 py-1 font-semibold">
                  {cell}
                  {i === 0 ? <PilcrowLink anchor={header.anchor} /> : null}
                </th>
              ))}
            </tr>
          </thead>
        ) : null}
        <tbody>
          {body.map((row) => {
            const cells = row.cells ?? [row.text];
            const nested = kids.get(row.anchor);
            // A row with only its first cell filled is a group label spanning the table.
            const spanning = !nested && cells.slice(1).every((c) => c === "");
            return (
              <tr key={row.anchor} id={row.anchor} className={`${TARGET} align-top`}>
                <th
                  scope="row"
                  colSpan={spanning ? columns : undefined}
                  className="border border-gray-300 px-2 py-1 font-medium"
                >
                  {cells[0]}
                  <PilcrowLink anchor={row.anchor} />
                </th>
                {spanning
                  ? null
                  : cells.slice(1).map((cell, i) => (
                      <td key={i} className="border border-gray-300 px-2 py-1">
                        {nested && i === cells.length - 2 ? (
                          <>
                            {cell ? <p className="mb-1">{cell}</p> : null}
                            <List items={nested} kids={kids} />
                          </>
                        ) : (
                          cell
                        )}
                      </td>
                    ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export interface PolicyDocumentProps {
  /** The version to render (default: the latest). */
  version?: PolicyVersion;
  /** Heading element of the policy title: 1 on a page of its own, 2 when the page has an <h1>. */
  titleLevel?: 1 | 2;
}

/** The whole policy text, passage by passage, each with id={anchor} and a ¶ link. */
export function PolicyDocument({ version = LATEST_VERSION, titleLevel = 1 }: PolicyDocumentProps) {
  const kids = childrenIndex(version.passages);
  const out: ReactNode[] = [];
  const passages = version.passages;
  let i = 0;
  while (i < passages.length) {
    const p = passages[i]!;
    if (p.kind === "heading") {
      out.push(
        <Heading
          key={p.anchor}
          level={p.level + titleLevel - 1}
          id={p.anchor}
          className={`${TARGET} ${HEADING_CLASS[p.level] ?? "font-semibold"}`}
        >
          <Inline passage={p} />
          <PilcrowLink anchor={p.anchor} />
        </Heading>,
      );
      i++;
      continue;
    }
    if (p.kind === "paragraph" && p.parent === undefined) {
      out.push(
        <p key={p.anchor} id={p.anchor} className={`${TARGET} my-3 leading-relaxed`}>
          <Inline passage={p} />
          <PilcrowLink anchor={p.anchor} />
        </p>,
      );
      i++;
      continue;
    }
    // A list or a table: every passage of the same source block.
    let j = i;
    while (j < passages.length && passages[j]!.block === p.block) j++;
    const group = passages.slice(i, j);
    if (p.kind === "list-item")
      out.push(<List key={p.anchor} items={group.filter((x) => x.parent === undefined)} kids={kids} />);
    else
      out.push(
        <Table
          key={p.anchor}
          rows={group.filter((x) => x.kind === "table-header" || x.kind === "table-row")}
          kids={kids}
        />,
      );
    i = j;
  }
  return (
    <article lang="en" className="max-w-none text-gray-900" aria-label={`${version.policyId} ${version.title}`}>
      {out}
    </article>
  );
}

const INDICATION_ORDER: CriterionIndication[] = ["all", "chronic_nonmalignant_pain", "cancer_pain", "spasticity"];
const GROUP_TITLE: Record<CriterionIndication, string> = { all: "Every request", ...INDICATION_HEADINGS };
const KIND_LABEL: Record<Criterion["kind"], string> = {
  scope: "Scope",
  coverage: "Coverage criterion",
  documentation: "Documentation requirement",
};

export interface CriteriaIndexProps {
  version?: PolicyVersion;
  /** Heading element of the index title (its groups use the next two levels). */
  headingLevel?: 2 | 3 | 4;
  /** Where the policy page is, when the index is rendered on another page (links become `${policyHref}#anchor`). */
  policyHref?: string;
}

/** Every catalogue criterion, grouped by indication and phase, with its quote and a link to the passage. */
export function CriteriaIndex({ version = LATEST_VERSION, headingLevel = 2, policyHref = "" }: CriteriaIndexProps) {
  return (
    <section aria-labelledby="criteria-index-title" className="space-y-6">
      <Heading level={headingLevel} id="criteria-index-title" className="text-xl font-semibold">
        Criteria of {version.policyId}
      </Heading>
      {INDICATION_ORDER.map((indication) => {
        const criteria = version.criteria.filter((c) => c.indication === indication);
        if (criteria.length === 0) return null;
        const phases = [
          { title: "Trial and implantation", items: criteria.filter((c) => c.phases.length > 1) },
          { title: "Trial only", items: criteria.filter((c) => c.phases.length === 1 && c.phases[0] === "trial") },
          {
            title: "Implantation only",
            items: criteria.filter((c) => c.phases.length === 1 && c.phases[0] === "implant"),
          },
        ].filter((g) => g.items.length > 0);
        return (
          <section key={indication} aria-labelledby={`criteria-${indication}`}>
            <Heading level={headingLevel + 1} id={`criteria-${indication}`} className="text-lg font-semibold">
              {GROUP_TITLE[indication]}
              {indication !== "all" ? <span className="sr-only"> ({INDICATION_LABELS[indication]})</span> : null}
            </Heading>
            {phases.map((phase) => (
              <div key={phase.title} className="mt-3">
                <Heading level={headingLevel + 2} className="font-semibold">
                  {phase.title}
                </Heading>
                <ul className="mt-2 space-y-4">
                  {phase.items.map((c) => (
                    <li key={c.id} className="rounded border border-gray-200 p-3">
                      <p className="font-medium">
                        {c.label}{" "}
                        <span className="text-xs font-normal uppercase tracking-wide text-gray-600">
                          {KIND_LABEL[c.kind]}
                        </span>
                      </p>
                      <blockquote className="mt-2 border-l-4 border-gray-300 pl-3 text-gray-700 italic">
                        {c.quote}
                      </blockquote>
                      <p className="mt-2 text-sm">
                        <a href={`${policyHref}#${c.anchor}`} className="text-blue-700 underline">
                          See the passage in the policy<span className="sr-only"> for {c.label}</span>
                        </a>
                      </p>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
        );
      })}
    </section>
  );
}
