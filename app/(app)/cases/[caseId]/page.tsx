import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import {
  APPEAL_WINDOW_DAYS,
  formatPlanDateTime,
  INDICATION_LABELS,
  OUTCOME_SUMMARIES,
  STATUS_LABELS,
  todayInPlanZone,
} from "@/lib/domain";
import { describeTimeLeft } from "@/lib/due-time";
import { getCaseDetail } from "@/lib/server/cases/get-case-detail";
import { NotFoundError } from "@/lib/server/errors";
import { requirePageAccess } from "@/lib/server/viewer";
import { CaseFormOnOpen, LazyCaseForm } from "@/components/case/lazy-case-form";
import { Timeline } from "@/components/case/timeline";
import { WithdrawButton } from "@/components/case/withdraw-button";
import { AttachmentUploader } from "@/components/case/attachment-uploader";
import { RequiredDocuments } from "@/components/case/required-documents";
import { AttachmentList } from "@/components/case/attachment-list";
import { CriterionStatusList } from "@/components/case/criterion-list";

export const metadata: Metadata = { title: "Case" };

const DECISION_TEXT: Record<string, string> = {
  approved: "Approved",
  denied: "Denied",
  appeal_upheld: "Appeal decided: the denial stands",
  appeal_overturned: "Appeal decided: approved",
};

export default async function CasePage({
  params,
  searchParams,
}: {
  params: Promise<{ caseId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await requirePageAccess("case.list_own");
  const { caseId } = await params;
  const sp = await searchParams;
  const detail = await getCaseDetail(ctx, caseId).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const c = detail.case;
  const files = detail.attachments.map((a) => ({
    id: a.id,
    fileName: a.fileName,
    size: a.size,
    contentType: a.contentType,
    documentKind: a.documentKind,
  }));
  const formInitial = {
    caseId: c.id,
    version: c.version,
    idempotencyKey: c.idempotencyKey,
    memberId: c.memberId,
    memberName: c.memberName,
    request: c.request,
    attachments: files,
  };

  const a = detail.abilities;
  if (a.draft) {
    return (
      <div className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-semibold">Draft {c.reference}</h1>
          {a.canWithdraw ? <WithdrawButton caseId={c.id} version={c.version} reference={c.reference} /> : null}
        </div>
        <p className="text-sm text-slate-700">
          Not submitted yet. Complete what you can and submit when you are ready.
        </p>
        <LazyCaseForm today={todayInPlanZone()} initial={formInitial} />
      </div>
    );
  }

  const appealDeadline = a.appealDeadline;
  const canAppeal = a.canAppeal;
  const open = detail.openInformationRequest;
  const due = c.dueAt && !c.decidedAt && !a.closed ? describeTimeLeft(c.dueAt) : null;
  const r = detail.request.request;

  return (
    <div className="space-y-6">
      {sp.submitted ? (
        <p role="status" className="rounded border border-green-400 bg-green-50 p-3 text-sm text-green-900">
          {detail.approvedUnderGoldCard
            ? `Request ${c.reference} was approved automatically when it was submitted, under your practice's gold card. The decision and its letter are below.`
            : detail.approvedAutomatically
              ? `Request ${c.reference} was approved automatically when it was submitted: the policy engine found every criterion met, every record the policy asks for attached, and the facts attested. The decision and its letter are below.`
              : `Request ${c.reference} was submitted. A reviewer will decide by ${formatPlanDateTime(c.dueAt) || "—"}.`}
        </p>
      ) : null}
      {sp.answered ? (
        <p role="status" className="rounded border border-green-400 bg-green-50 p-3 text-sm text-green-900">
          {a.waitingForClaim
            ? "Your answer was sent; the case is back in the reviewers’ queue."
            : "Your answer was sent; the case is back in review."}
        </p>
      ) : null}
      {sp.appealed ? (
        <p role="status" className="rounded border border-green-400 bg-green-50 p-3 text-sm text-green-900">
          Your appeal was filed. A physician who did not make the first decision will review it.
        </p>
      ) : null}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Case {c.reference}</h1>
          <p className="text-sm text-slate-700">
            {c.memberName} · {r?.indication ? INDICATION_LABELS[r.indication] : "—"} ·{" "}
            {r?.phase === "implant" ? "implantation" : "trial"} · {r?.urgency ?? "—"}
          </p>
        </div>
        {a.canWithdraw ? <WithdrawButton caseId={c.id} version={c.version} reference={c.reference} /> : null}
      </div>

      <dl className="grid gap-3 rounded-lg border border-slate-300 bg-white p-4 text-sm sm:grid-cols-4">
        <div>
          <dt className="font-medium text-slate-700">Status</dt>
          <dd className="text-base font-semibold" data-testid="case-status">
            {STATUS_LABELS[c.status]}
          </dd>
        </div>
        <div>
          <dt className="font-medium text-slate-700">Submitted</dt>
          <dd>
            {formatPlanDateTime(c.submittedAt) || "—"}
            {c.attestedAt ? <span className="block text-slate-700">Facts attested at submission</span> : null}
          </dd>
        </div>
        <div>
          <dt className="font-medium text-slate-700">{c.decidedAt ? "Decided" : "Decision due"}</dt>
          <dd>
            {formatPlanDateTime(c.decidedAt ?? c.dueAt) || "—"}
            {due ? (
              <span className={`block ${due.overdue ? "font-semibold text-red-800" : "text-slate-700"}`}>
                {due.text}
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt className="font-medium text-slate-700">Policy</dt>
          <dd>PHARMACY {c.policyVersion ?? "339.7"}</dd>
        </div>
      </dl>

      {detail.determinations.length ? (
        <section
          aria-labelledby="decision-heading"
          className="space-y-2 rounded-lg border border-slate-300 bg-white p-4"
        >
          <h2 id="decision-heading" className="text-lg font-semibold">
            Decision
          </h2>
          {detail.determinations.map((d) => (
            <div key={d.id} className="text-sm">
              <p className="text-base font-semibold">
                {DECISION_TEXT[d.decision] ?? d.decision} on {formatPlanDateTime(d.decidedAt)}
              </p>
              <p className="mt-1 whitespace-pre-line">{d.rationale}</p>
              <p className="mt-2 flex gap-4">
                <Link className="text-blue-800 underline" href={`/letters/${d.id}`}>
                  Read the decision letter
                </Link>
                <a className="text-blue-800 underline" href={`/letters/${d.id}/pdf`}>
                  Download the letter (PDF)
                </a>
              </p>
            </div>
          ))}
          {detail.appeals.map((ap) => (
            <div key={ap.id} className="rounded border border-blue-300 bg-blue-50 p-2 text-sm" data-testid="appeal">
              <p className="font-medium">
                Your appeal, filed {formatPlanDateTime(ap.filedAt)}
                {a.appeal ? `; decision due by ${formatPlanDateTime(ap.dueAt)}` : ""}:
              </p>
              <p className="whitespace-pre-line" data-testid="appeal-reason">
                {ap.reason}
              </p>
            </div>
          ))}
          {a.denialStands && appealDeadline ? (
            <p className="text-sm">
              {canAppeal
                ? `You may appeal until ${appealDeadline.toISOString().slice(0, 10)} (${APPEAL_WINDOW_DAYS} days after the denial).`
                : `The ${APPEAL_WINDOW_DAYS}-day appeal window closed on ${appealDeadline.toISOString().slice(0, 10)}.`}
            </p>
          ) : null}
        </section>
      ) : null}

      {open && a.canRespond ? (
        <section
          aria-labelledby="pend-heading"
          className="space-y-3 rounded-lg border-2 border-amber-400 bg-amber-50 p-4"
        >
          <h2 id="pend-heading" className="text-lg font-semibold">
            The reviewer asks for more information
          </h2>
          <p className="text-sm">
            Asked on {formatPlanDateTime(open.requestedAt)}. The decision is still due by{" "}
            {formatPlanDateTime(c.dueAt) || "—"}: the clock does not stop.
          </p>
          <blockquote className="whitespace-pre-line border-l-4 border-amber-500 pl-3 text-sm">
            {open.message}
          </blockquote>
          {open.items.length ? (
            <ul className="list-disc pl-5 text-sm">
              {open.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          ) : null}
          <h3 className="text-base font-semibold">Answer: correct or add facts, attach records, and send</h3>
          <LazyCaseForm today={todayInPlanZone()} initial={formInitial} mode="respond" />
        </section>
      ) : null}

      {canAppeal ? (
        <section aria-labelledby="appeal-heading" className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
          <h2 id="appeal-heading" className="text-lg font-semibold">
            Appeal the denial
          </h2>
          <CaseFormOnOpen
            summary="Open the appeal form"
            today={todayInPlanZone()}
            initial={formInitial}
            mode="appeal"
          />
        </section>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <section
          aria-labelledby="evaluation-heading"
          className="space-y-2 rounded-lg border border-slate-300 bg-white p-4"
        >
          <h2 id="evaluation-heading" className="text-lg font-semibold">
            Policy check at the last submission
          </h2>
          {detail.evaluation ? (
            <>
              <p className="text-sm font-medium" data-outcome={detail.evaluation.outcome}>
                {OUTCOME_SUMMARIES[detail.evaluation.outcome]}
              </p>
              <CriterionStatusList
                criteria={detail.evaluation.criteria}
                policyVersion={c.policyVersion ?? detail.evaluation.policy.version}
              />
              <p className="text-xs text-slate-600">
                {detail.snapshots.length} evaluation{detail.snapshots.length === 1 ? "" : "s"} kept for this case.
              </p>
            </>
          ) : (
            <p className="text-sm">No evaluation stored.</p>
          )}
        </section>
        <div className="space-y-6">
          <section
            aria-labelledby="files-heading"
            className="space-y-2 rounded-lg border border-slate-300 bg-white p-4"
          >
            <h2 id="files-heading" className="text-lg font-semibold">
              Records
            </h2>
            {c.indication && c.phase ? (
              <RequiredDocuments
                indication={c.indication}
                phase={c.phase}
                attached={files.map((f) => f.documentKind)}
              />
            ) : null}
            {a.canUpload && !a.waitingForProvider ? (
              <AttachmentUploader caseId={c.id} files={files} />
            ) : files.length ? (
              <AttachmentList files={files} />
            ) : (
              <p className="text-sm">No files attached.</p>
            )}
          </section>
          <section
            aria-labelledby="timeline-heading"
            className="space-y-2 rounded-lg border border-slate-300 bg-white p-4"
          >
            <h2 id="timeline-heading" className="text-lg font-semibold">
              Timeline
            </h2>
            <Timeline items={detail.timeline} />
            {detail.informationRequests
              .filter((ir) => ir.respondedAt)
              .map((ir) => (
                <div key={ir.id} className="mt-2 rounded border border-slate-200 p-2 text-sm">
                  <p className="font-medium">Reviewer asked ({formatPlanDateTime(ir.requestedAt)}):</p>
                  <p className="whitespace-pre-line">{ir.message}</p>
                  <p className="mt-1 font-medium">You answered ({formatPlanDateTime(ir.respondedAt)}):</p>
                  <p className="whitespace-pre-line">{ir.responseNote}</p>
                </div>
              ))}
          </section>
        </div>
      </div>
    </div>
  );
}
