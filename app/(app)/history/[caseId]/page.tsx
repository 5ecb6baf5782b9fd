import type { Metadata } from "next";
import Link from "next/link";
import {
  CRITERION_STATUS_LABELS,
  FINDING_STATUS_LABELS,
  INDICATION_HEADINGS,
  OUTCOME_LABELS,
  PHASE_LABELS,
  ROLE_LABELS,
  STATUS_LABELS,
  URGENCY_LABELS,
  formatPlanDateTime,
  labelOf,
  policyHref,
  type Role,
} from "@/lib/domain";
import { getCaseTimeline, type TimelineEntry } from "@/lib/server/history/case-timeline";
import { requirePageAccess } from "@/lib/server/viewer";

export const metadata: Metadata = { title: "Case timeline" };

const role = (r: string | null) => (r ? (ROLE_LABELS[r as Role] ?? r) : "no session");

function Entry({ e }: { e: TimelineEntry }) {
  switch (e.kind) {
    case "event":
      return (
        <>
          <p>
            <span className="font-medium">{e.action}</span>{" "}
            {e.outcome !== "ok" ? (
              <span className="rounded bg-red-100 px-1 font-semibold text-red-900">{e.outcome}</span>
            ) : null}{" "}
            by {e.who ?? "—"} ({role(e.role)}){e.ip ? ` from ${e.ip}` : ""} · event #{e.seq}
          </p>
          {Object.keys(e.details).length ? (
            <p className="break-words font-mono text-xs text-slate-700">{JSON.stringify(e.details)}</p>
          ) : null}
        </>
      );
    case "snapshot":
      return (
        <>
          <p>
            <span className="font-medium">Evaluation ({e.reason})</span>:{" "}
            {labelOf(OUTCOME_LABELS, e.outcome) ?? e.outcome}, policy {e.policyVersion}
          </p>
          {e.changed.length ? (
            <ul className="list-disc pl-5 text-sm">
              {e.changed.map((c) => (
                <li key={c.id}>
                  {c.id}: {c.from ? (labelOf(CRITERION_STATUS_LABELS, c.from) ?? c.from) : "—"} →{" "}
                  {labelOf(CRITERION_STATUS_LABELS, c.to) ?? c.to}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      );
    case "attachment":
      return (
        <p>
          <span className="font-medium">File attached</span> by {e.who}:{" "}
          <a href={`/attachments/${e.id}`} className="text-blue-800 underline">
            {e.fileName}
          </a>{" "}
          ({e.contentType}, {e.size.toLocaleString("en-US")} bytes){" "}
          <span className="break-all font-mono text-xs">SHA-256 {e.sha256}</span>
        </p>
      );
    case "information_request":
      return (
        <>
          <p>
            <span className="font-medium">Information requested</span> by {e.who}: {e.message} ({e.items.join(", ")})
          </p>
          <p className="text-sm">
            {e.respondedAt
              ? `Answered ${formatPlanDateTime(e.respondedAt)}${e.responseNote ? `: ${e.responseNote}` : ""}`
              : "Not answered."}
          </p>
        </>
      );
    case "escalation":
      return (
        <p>
          <span className="font-medium">Escalated to a physician</span> by {e.who}: {e.reason}
        </p>
      );
    case "appeal":
      return (
        <p>
          <span className="font-medium">Appeal filed</span> by {e.who} (due {formatPlanDateTime(e.dueAt)}): {e.reason}
        </p>
      );
    case "determination":
      return (
        <div className="space-y-2">
          <p>
            <span className="font-medium">
              {e.determinationKind === "appeal" ? "Appeal decision" : "Determination"}:{" "}
              {STATUS_LABELS[e.decision as "approved"] ?? e.decision}
            </span>{" "}
            by {e.who} ({role(e.role)}), policy {e.policyVersion} ·{" "}
            <Link href={`/letters/${e.id}`} className="text-blue-800 underline">
              letter
            </Link>
          </p>
          <p
            className={e.signatureValid ? "text-green-800" : "font-semibold text-red-800"}
            data-testid="signature-status"
          >
            {e.signatureValid
              ? "Signature valid"
              : "Signature INVALID: the stored determination no longer matches its signature"}{" "}
            (recomputed now) · <span className="break-all font-mono text-xs">{e.signature}</span>
          </p>
          <p className="text-sm">Rationale: {e.rationale}</p>
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">Findings of this determination</caption>
            <thead>
              <tr className="bg-slate-100">
                <th scope="col" className="px-2 py-1">
                  Criterion
                </th>
                <th scope="col" className="px-2 py-1">
                  Reviewer
                </th>
                <th scope="col" className="px-2 py-1">
                  Engine
                </th>
                <th scope="col" className="px-2 py-1">
                  Citation
                </th>
                <th scope="col" className="px-2 py-1">
                  Evidence
                </th>
              </tr>
            </thead>
            <tbody>
              {e.findings.map((f) => (
                <tr key={f.criterionId} className="border-t border-slate-200 align-top">
                  <td className="px-2 py-1 font-mono text-xs">{f.criterionId}</td>
                  <td className="px-2 py-1">{labelOf(FINDING_STATUS_LABELS, f.status) ?? f.status}</td>
                  <td className="px-2 py-1">
                    {f.engineStatus ? (labelOf(CRITERION_STATUS_LABELS, f.engineStatus) ?? f.engineStatus) : ""}
                  </td>
                  <td className="px-2 py-1">
                    <Link href={policyHref(e.policyVersion, f.citationAnchor)} className="text-blue-800 underline">
                      “{f.citationQuote.length > 90 ? `${f.citationQuote.slice(0, 90)}…` : f.citationQuote}”
                    </Link>
                  </td>
                  <td className="px-2 py-1">
                    {f.evidence.map((ev) => (
                      <a
                        key={`${ev.attachmentId}-${ev.page}`}
                        href={`/attachments/${ev.attachmentId}`}
                        className="mr-2 text-blue-800 underline"
                      >
                        file{ev.page ? ` p.${ev.page}` : ""}
                      </a>
                    ))}
                    {f.note ? <span className="block text-xs">{f.note}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
}

export default async function CaseTimelinePage({ params }: { params: Promise<{ caseId: string }> }) {
  const { caseId } = await params;
  const ctx = await requirePageAccess("audit.read", { type: "case", id: caseId });
  const { case: c, entries } = await getCaseTimeline(ctx, caseId);
  return (
    <div className="space-y-4">
      <p>
        <Link href="/history" className="text-blue-800 underline">
          ← Decision history
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        {c.reference} <span className="text-lg font-normal text-slate-700">({STATUS_LABELS[c.status]}, read-only)</span>
      </h1>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 rounded border border-slate-300 bg-white p-3 text-sm md:grid-cols-4">
        <dt className="font-medium">Organization</dt>
        <dd>
          {c.organization} (submitted by {c.createdBy})
        </dd>
        <dt className="font-medium">Member</dt>
        <dd>
          {c.memberName ?? "—"} ({c.memberId ?? "no ID"})
        </dd>
        <dt className="font-medium">Request</dt>
        <dd>
          {c.indication ? INDICATION_HEADINGS[c.indication] : ""}, {c.phase ? PHASE_LABELS[c.phase] : ""},{" "}
          {c.urgency ? URGENCY_LABELS[c.urgency] : ""}
        </dd>
        <dt className="font-medium">Engine outcome</dt>
        <dd>{c.engineOutcome ? (labelOf(OUTCOME_LABELS, c.engineOutcome) ?? c.engineOutcome) : "—"}</dd>
        <dt className="font-medium">Submitted</dt>
        <dd>{formatPlanDateTime(c.submittedAt)}</dd>
        <dt className="font-medium">Due</dt>
        <dd>{formatPlanDateTime(c.dueAt)}</dd>
        <dt className="font-medium">Decided</dt>
        <dd>{c.decidedAt ? formatPlanDateTime(c.decidedAt) : "not yet"}</dd>
        <dt className="font-medium">Policy</dt>
        <dd>{c.policyVersion}</dd>
      </dl>
      <details className="rounded border border-slate-300 bg-white p-3">
        <summary className="cursor-pointer font-medium">Request facts as submitted</summary>
        <pre className="mt-2 overflow-x-auto text-xs">{JSON.stringify(c.request, null, 2)}</pre>
      </details>
      <h2 className="text-xl font-semibold">Timeline ({entries.length} entries, oldest first)</h2>
      <ol className="space-y-2" aria-label="Case timeline">
        {entries.map((e, i) => (
          <li
            key={i}
            data-testid={`timeline-${e.kind}`}
            className={`rounded border p-3 ${e.kind === "event" && e.outcome !== "ok" ? "border-red-300 bg-red-50" : "border-slate-300 bg-white"}`}
          >
            <p className="text-xs text-slate-700">
              <time dateTime={e.at.toISOString()}>{formatPlanDateTime(e.at)}</time>
            </p>
            <Entry e={e} />
          </li>
        ))}
      </ol>
    </div>
  );
}
