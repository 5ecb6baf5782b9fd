import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CaseFacts } from "@/components/review/case-facts";
import { ReviewWorkspace } from "@/components/review/review-workspace";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import {
  formatPlanDateTime,
  INDICATION_HEADINGS,
  isAdverseFinding,
  labelOf,
  OUTCOME_LABELS,
  PHASE_LABELS,
  policyHref,
  STATUS_LABELS,
  URGENCY_LABELS,
} from "@/lib/domain";
import { describeTimeLeft } from "@/lib/due-time";
import { NotFoundError } from "@/lib/server/errors";
import { getReviewWorkspace } from "@/lib/server/review/get-review-workspace";
import { viewerLicenceWarning } from "@/lib/server/admin/credentials";
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
  const licenceWarning = await viewerLicenceWarning(ctx);
  const left = c.dueAt ? describeTimeLeft(c.dueAt) : null;
  const decided = ws.abilities.decided;
  const fileName = new Map(ws.attachments.map((a) => [a.id, a.fileName]));
  return (
    <div className="space-y-4">
      <div>
        <Link href="/queue" className="text-sm text-blue-800 underline">
          Back to the queue
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">Case {c.reference}</h1>
        <p className="text-sm text-slate-700">
          {c.organizationName} · {c.urgency ? URGENCY_LABELS[c.urgency] : ""} ·{" "}
          {labelOf(INDICATION_HEADINGS, c.indication) ?? ""} · {labelOf(PHASE_LABELS, c.phase) ?? ""} · policy{" "}
          {c.policyVersion}
        </p>
      </div>
      {licenceWarning ? (
        <p
          role="alert"
          className="rounded border border-amber-500 bg-amber-50 p-3 text-sm text-amber-900"
          data-testid="licence-warning"
        >
          {licenceWarning}
        </p>
      ) : null}
      <dl className="grid gap-x-6 gap-y-1 rounded border border-slate-300 bg-slate-50 p-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="font-medium">Status</dt>
          <dd data-testid="case-status">{STATUS_LABELS[c.status]}</dd>
        </div>
        <div>
          <dt className="font-medium">Time left</dt>
          <dd className={left?.overdue && !decided ? "font-semibold text-red-800" : undefined}>
            {decided ? "Decided" : left ? `${left.overdue ? "Overdue: " : ""}${left.text}` : ""}{" "}
            <span className="text-xs text-slate-600">(due {formatPlanDateTime(c.dueAt)})</span>
          </dd>
        </div>
        <div>
          <dt className="font-medium">Engine outcome</dt>
          <dd>{labelOf(OUTCOME_LABELS, c.engineOutcome) ?? "none"}</dd>
        </div>
        <div>
          <dt className="font-medium">Routed to</dt>
          <dd>{c.physicianOnly ? "Physician reviewers only" : "Any reviewer"}</dd>
        </div>
      </dl>
      {ws.escalations.map((e) => (
        <p key={e.id} className="rounded border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="escalation">
          <strong>Escalated by {e.escalatedByName}</strong> ({formatPlanDateTime(e.escalatedAt)}): {e.reason}
        </p>
      ))}
      {ws.appeal ? (
        <section
          aria-labelledby="appeal-h"
          className="rounded border border-blue-300 bg-blue-50 p-3 text-sm"
          data-testid="appeal"
        >
          <h2 id="appeal-h" className="font-semibold">
            Appeal filed {formatPlanDateTime(ws.appeal.filedAt)}, due {formatPlanDateTime(ws.appeal.dueAt)}
          </h2>
          <p className="mt-1">
            <span className="font-medium">The provider&apos;s reason: </span>
            <span className="whitespace-pre-line" data-testid="appeal-reason">
              {ws.appeal.reason}
            </span>
          </p>
          <p className="mt-1 text-slate-700">
            {ws.appeal.viewerIsDenier
              ? "You denied this case, so another physician decides the appeal."
              : "A physician other than the one who denied decides it."}
          </p>
        </section>
      ) : null}
      {ws.informationRequests.length ? (
        <section aria-labelledby="info-h" className="rounded border border-slate-300 bg-white p-3 text-sm">
          <h2 id="info-h" className="font-semibold">
            Requests for information
          </h2>
          <ul className="mt-1 space-y-2">
            {ws.informationRequests.map((r) => (
              <li key={r.id}>
                {formatPlanDateTime(r.requestedAt)}: {r.message}{" "}
                <span className="text-slate-700">Needed: {r.items.join("; ")}.</span>{" "}
                {r.respondedAt ? (
                  <span>
                    Answered {formatPlanDateTime(r.respondedAt)}
                    {r.responseNote ? `: ${r.responseNote}` : ""}.
                  </span>
                ) : (
                  <span className="font-medium">Not answered yet.</span>
                )}
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
                  <strong>{STATUS_LABELS[d.decision]}</strong> by {d.reviewerName} ({ROLE_LABELS[d.reviewerRole]}) at{" "}
                  {formatPlanDateTime(d.decidedAt)}
                  {d.kind === "appeal" ? " on appeal" : ""}
                  {d.outsidePolicy ? ", outside the policy" : ""}.{" "}
                  <Link href={`/letters/${d.id}`} className="text-blue-800 underline">
                    Decision letter
                  </Link>
                </p>
                <p className="text-slate-700">Rationale: {d.rationale}</p>
                <ul className="ml-5 list-disc">
                  {d.findings.map((f) => (
                    <li key={f.id} className={isAdverseFinding(f.status) ? "font-medium text-red-900" : undefined}>
                      {findCriterion(f.criterionId)?.label ?? f.criterionId}: {FINDING_STATUS_LABELS[f.status]}. “
                      {f.citationQuote}”{" "}
                      <a href={policyHref(d.policyVersion, f.citationAnchor)} className="text-blue-800 underline">
                        (policy)
                      </a>
                      {f.evidence.length ? (
                        <span className="block font-normal text-slate-800" data-testid="determination-evidence">
                          Evidence:{" "}
                          {f.evidence
                            .map((e) => `${fileName.get(e.attachmentId) ?? "file"}${e.page ? `, page ${e.page}` : ""}`)
                            .join("; ")}
                        </span>
                      ) : null}
                      {f.note ? <span className="block font-normal text-slate-800">Note: {f.note}</span> : null}
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
        snapshotId={ws.snapshot?.id ?? null}
        policyVersion={c.policyVersion}
        assigneeName={c.assigneeName}
        signer={`${ctx.viewer.name}, ${ROLE_LABELS[ctx.viewer.role]}`}
        abilities={ws.abilities}
        viewerIsAppealDenier={ws.appeal?.viewerIsDenier ?? false}
        criteria={ws.criteria}
        passages={ws.policy?.passages ?? []}
        policyId={ws.policy?.policyId ?? null}
        attachments={ws.attachments.map((a) => ({
          id: a.id,
          fileName: a.fileName,
          contentType: a.contentType,
          size: a.size,
        }))}
        draft={ws.draft}
        facts={<CaseFacts request={ws.request} />}
      />
    </div>
  );
}
