import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CaseFacts } from "@/components/review/case-facts";
import { formatWhen, INDICATION_WORDS, OUTCOME_LABELS, PHASE_LABELS, URGENCY_LABELS } from "@/components/review/labels";
import { ReviewWorkspace } from "@/components/review/review-workspace";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { ADVERSE_FINDINGS, policyHref, STATUS_LABELS } from "@/lib/domain";
import { describeTimeLeft } from "@/lib/due-time";
import { NotFoundError } from "@/lib/server/errors";
import { getReviewWorkspace } from "@/lib/server/review/get-review-workspace";
import { requirePageAccess } from "@/lib/server/viewer";
import { FINDING_STATUS_LABELS } from "@/lib/validation/review";
import { findCriterion } from "@/lib/policy";

export const metadata: Metadata = { title: "Review a case" };

export default async function ReviewPage({ params }: { params: Promise<{ caseId: string }> }) {
  const ctx = await requirePageAccess("queue.read");
  const { caseId } = await params;
  let ws;
  try {
    ws = await getReviewWorkspace(ctx, caseId);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  const c = ws.case;
  const left = c.dueAt ? describeTimeLeft(c.dueAt) : null;
  const decided = ws.abilities.decided;
  return (
    <div className="space-y-4">
      <div>
        <Link href="/queue" className="text-sm text-blue-800 underline">
          Back to the queue
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">Case {c.reference}</h1>
        <p className="text-sm text-slate-700">
          {c.organizationName} · {c.urgency ? URGENCY_LABELS[c.urgency] : ""} · {INDICATION_WORDS[c.indication ?? ""] ?? ""} · {PHASE_LABELS[c.phase as "trial"] ?? ""} · policy{" "}
          {c.policyVersion}
        </p>
      </div>
      <dl className="grid gap-x-6 gap-y-1 rounded border border-slate-300 bg-slate-50 p-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="font-medium">Status</dt>
          <dd data-testid="case-status">{STATUS_LABELS[c.status]}</dd>
        </div>
        <div>
          <dt className="font-medium">Time left</dt>
          <dd className={left?.overdue && !decided ? "font-semibold text-red-800" : undefined}>
            {decided ? "Decided" : left ? `${left.overdue ? "Overdue: " : ""}${left.text}` : ""} <span className="text-xs text-slate-600">(due {formatWhen(c.dueAt)})</span>
          </dd>
        </div>
        <div>
          <dt className="font-medium">Engine outcome</dt>
          <dd>{OUTCOME_LABELS[c.engineOutcome ?? ""] ?? "none"}</dd>
        </div>
        <div>
          <dt className="font-medium">Routed to</dt>
          <dd>{c.physicianOnly ? "Physician reviewers only" : "Any reviewer"}</dd>
        </div>
      </dl>
      {ws.escalations.map((e) => (
        <p key={e.id} className="rounded border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="escalation">
          <strong>Escalated by {e.escalatedByName}</strong> ({formatWhen(e.escalatedAt)}): {e.reason}
        </p>
      ))}
      {ws.appeal ? (
        <p className="rounded border border-blue-300 bg-blue-50 p-3 text-sm">
          <strong>Appeal filed</strong> {formatWhen(ws.appeal.filedAt)}, due {formatWhen(ws.appeal.dueAt)}.{" "}
          {ws.appeal.viewerIsDenier ? "You denied this case, so another physician decides the appeal." : "A physician other than the one who denied decides it."}
        </p>
      ) : null}
      {ws.informationRequests.length ? (
        <section aria-labelledby="info-h" className="rounded border border-slate-300 bg-white p-3 text-sm">
          <h2 id="info-h" className="font-semibold">
            Requests for information
          </h2>
          <ul className="mt-1 space-y-2">
            {ws.informationRequests.map((r) => (
              <li key={r.id}>
                {formatWhen(r.requestedAt)}: {r.message} <span className="text-slate-700">Needed: {r.items.join("; ")}.</span>{" "}
                {r.respondedAt ? <span>Answered {formatWhen(r.respondedAt)}{r.responseNote ? `: ${r.responseNote}` : ""}.</span> : <span className="font-medium">Not answered yet.</span>}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {ws.determinations.length ? (
        <section aria-labelledby="det-h" className="rounded border border-slate-300 bg-white p-3 text-sm">
          <h2 id="det-h" className="font-semibold">
            Determinations (signed)
          </h2>
          <ul className="mt-1 space-y-3">
            {ws.determinations.map((d) => (
              <li key={d.id} data-testid="determination">
                <p>
                  <strong>{STATUS_LABELS[d.decision]}</strong> by {d.reviewerName} ({ROLE_LABELS[d.reviewerRole]}) at {formatWhen(d.decidedAt)}
                  {d.kind === "appeal" ? " on appeal" : ""}
                  {d.outsidePolicy ? ", outside the policy" : ""}.{" "}
                  <Link href={`/letters/${d.id}`} className="text-blue-800 underline">
                    Decision letter
                  </Link>
                </p>
                <p className="text-slate-700">Rationale: {d.rationale}</p>
                <ul className="ml-5 list-disc">
                  {d.findings.map((f) => (
                      <li key={f.id} className={ADVERSE_FINDINGS.includes(f.status) ? "font-medium text-red-900" : undefined}>
                        {findCriterion(f.criterionId)?.label ?? f.criterionId}: {FINDING_STATUS_LABELS[f.status]}. “{f.citationQuote}”{" "}
                        <a href={policyHref(d.policyVersion, f.citationAnchor)} className="text-blue-800 underline">
                          (policy)
                        </a>
                      </li>
                    ))}
                </ul>
                <p className="break-all font-mono text-xs text-slate-600">Signature {d.signature}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ReviewWorkspace
        caseId={c.id}
        reference={c.reference}
        version={c.version}
        assigneeName={c.assigneeName}
        abilities={ws.abilities}
        policyVersion={c.policyVersion}
        criteria={ws.criteria}
        passages={ws.policy?.passages ?? []}
        policyId={ws.policy?.policyId ?? null}
        attachments={ws.attachments.map((a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size }))}
        draft={ws.draft}
        facts={<CaseFacts request={ws.request} />}
      />
    </div>
  );
}
