import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/ui/action-form";
import {
  FINDING_STATUS_LABELS,
  formatPlanDateTime,
  INDICATION_HEADINGS,
  labelOf,
  PHASE_LABELS,
  policyHref,
  URGENCY_LABELS,
} from "@/lib/domain";
import { getQualityReview, type QualityReviewFinding } from "@/lib/server/automation/quality-review";
import { NotFoundError } from "@/lib/server/errors";
import { requirePageAccess } from "@/lib/server/viewer";
import { QA_NOTE_MAX, QA_REASON_MAX } from "@/lib/validation/quality-review";
import { recordQualityReviewAction } from "../actions";

export const metadata: Metadata = { title: "Quality review of an automated approval" };

export default async function QualityReviewPage({ params }: { params: Promise<{ determinationId: string }> }) {
  const { determinationId } = await params;
  const ctx = await requirePageAccess("qa.review", { type: "determination", id: determinationId });
  let qa;
  try {
    qa = await getQualityReview(ctx, determinationId);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  const d = qa.determination;
  const review = qa.review;
  return (
    <div className="space-y-4">
      <div>
        <Link href="/review/quality" className="text-sm text-blue-800 underline">
          Back to quality review
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">Quality review of automated approval {d.reference}</h1>
        <p className="text-sm text-slate-700">
          {[
            labelOf(URGENCY_LABELS, d.urgency),
            labelOf(INDICATION_HEADINGS, d.indication),
            labelOf(PHASE_LABELS, d.phase),
            `policy ${d.policyVersion}`,
          ]
            .filter(Boolean)
            .join(" · ")}{" "}
          · approved automatically {formatPlanDateTime(d.decidedAt)} ·{" "}
          <Link href={`/review/${d.caseId}`} className="text-blue-800 underline">
            Open the case
          </Link>
        </p>
      </div>
      <p className="max-w-3xl text-sm text-slate-700">
        {d.underGoldCard
          ? "The policy engine approved this request under the practice's gold card, whatever its findings below (the engine's own finding is shown for each criterion). Read each finding with the policy's words and the records it rests on, and say what you find. Your review does not change the approval; it is counted in the plan's measure of gold-card approvals."
          : "The policy engine approved this request because it found every criterion below met or not applicable. Read each finding with the policy's words and the records it rests on. Your review does not change the approval; it is counted in the plan's measure of the engine."}
      </p>
      {review ? (
        <section
          aria-labelledby="qa-done"
          className="space-y-2 rounded-lg border border-green-600 bg-green-50 p-4"
          data-testid="qa-recorded"
        >
          <h2 id="qa-done" className="text-lg font-semibold">
            Reviewed by {review.reviewerName}, {formatPlanDateTime(review.createdAt)}
          </h2>
          {review.agrees ? (
            <p>They agree with every finding.</p>
          ) : (
            <ul className="list-disc space-y-1 pl-5">
              {review.disagreements.map((x) => (
                <li key={x.criterionId}>
                  <span className="font-medium">{x.label}</span>: the engine found it{" "}
                  {labelOf(FINDING_STATUS_LABELS, x.engineStatus)?.toLowerCase() ?? x.engineStatus}; they find it{" "}
                  {FINDING_STATUS_LABELS[x.status].toLowerCase()}. {x.reason}
                </li>
              ))}
            </ul>
          )}
          {review.note ? <p className="text-sm">Note: {review.note}</p> : null}
        </section>
      ) : null}
      {review ? (
        <Findings findings={qa.findings} policyVersion={d.policyVersion} editable={false} />
      ) : (
        <ActionForm
          action={recordQualityReviewAction}
          ariaLabel="Quality review"
          submitLabel="Record my review"
          success="Your review is recorded. The approval is unchanged."
          className="space-y-4"
        >
          <input type="hidden" name="determinationId" value={d.id} />
          <Findings findings={qa.findings} policyVersion={d.policyVersion} editable />
          <fieldset className="space-y-1">
            <legend className="font-semibold">Your review</legend>
            <div className="flex items-center gap-2">
              <input id="qa-agree" type="radio" name="agrees" value="yes" className="h-4 w-4" />
              <label htmlFor="qa-agree">I agree with every finding</label>
            </div>
            <div className="flex items-center gap-2">
              <input id="qa-disagree" type="radio" name="agrees" value="no" className="h-4 w-4" />
              <label htmlFor="qa-disagree">
                I find the criteria marked above otherwise (each with my finding and why)
              </label>
            </div>
          </fieldset>
          <div>
            <label htmlFor="qa-note" className="block text-sm font-medium">
              Note (optional)
            </label>
            <textarea
              id="qa-note"
              name="note"
              rows={2}
              maxLength={QA_NOTE_MAX}
              className="mt-1 w-full max-w-3xl rounded border border-slate-400 px-2 py-1.5 text-sm"
            />
          </div>
        </ActionForm>
      )}
    </div>
  );
}

/** The engine's findings, each with the policy's words and its records; `editable`: with the "find otherwise" fields. */
function Findings({
  findings,
  policyVersion,
  editable,
}: {
  findings: QualityReviewFinding[];
  policyVersion: string;
  editable: boolean;
}) {
  return (
    <ol className="space-y-3">
      {findings.map((f, i) => (
        <li key={f.criterionId} className="rounded-lg border border-slate-300 bg-white p-3">
          <fieldset className="space-y-2">
            <legend className="font-semibold">
              {f.label} <span className="font-mono text-xs font-normal text-slate-600">{f.criterionId}</span>
            </legend>
            <p className="text-sm">
              Engine&apos;s finding: <span className="font-semibold">{f.statusLabel}</span>
            </p>
            <blockquote className="border-l-4 border-slate-300 pl-3 text-sm text-slate-800">
              &ldquo;{f.citationQuote}&rdquo;{" "}
              <Link href={policyHref(policyVersion, f.citationAnchor)} className="text-blue-800 underline">
                policy text
              </Link>
            </blockquote>
            {f.evidence.length ? (
              <p className="text-sm">
                Records:{" "}
                {f.evidence.map((e, j) => (
                  <span key={`${e.attachmentId}-${j}`}>
                    {j ? ", " : ""}
                    <a href={`/attachments/${e.attachmentId}`} className="text-blue-800 underline">
                      {e.fileName}
                    </a>
                    {e.kind ? ` (${e.kind}${e.page ? `, page ${e.page}` : ""})` : e.page ? ` (page ${e.page})` : ""}
                  </span>
                ))}
              </p>
            ) : null}
            {editable ? (
              <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
                <input
                  id={`qa-o-${i}`}
                  type="checkbox"
                  name="otherwise"
                  value={f.criterionId}
                  className="peer mt-1 h-4 w-4"
                />
                <label htmlFor={`qa-o-${i}`} className="text-sm font-medium">
                  I find this criterion otherwise
                </label>
                <div className="hidden basis-full space-y-2 pl-7 peer-checked:block">
                  <div>
                    <label htmlFor={`qa-s-${i}`} className="block text-sm font-medium">
                      My finding
                    </label>
                    <select
                      id={`qa-s-${i}`}
                      name={`status:${f.criterionId}`}
                      defaultValue=""
                      className="mt-1 rounded border border-slate-400 px-2 py-1.5 text-sm"
                    >
                      <option value="">Choose…</option>
                      {f.otherStatuses.map((s) => (
                        <option key={s.value} value={s.value}>
                          {s.label}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div>
                    <label htmlFor={`qa-r-${i}`} className="block text-sm font-medium">
                      Why (the records and the policy&apos;s words you rely on)
                    </label>
                    <textarea
                      id={`qa-r-${i}`}
                      name={`reason:${f.criterionId}`}
                      rows={3}
                      maxLength={QA_REASON_MAX}
                      className="mt-1 w-full max-w-3xl rounded border border-slate-400 px-2 py-1.5 text-sm"
                    />
                  </div>
                </div>
              </div>
            ) : null}
          </fieldset>
        </li>
      ))}
    </ol>
  );
}
