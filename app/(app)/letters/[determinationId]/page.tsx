import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NotFoundError } from "@/lib/server/errors";
import { getLetter } from "@/lib/server/letters/get-letter";
import { policyHref } from "@/lib/domain";
import { requirePageAccess } from "@/lib/server/viewer";
import { PrintButton } from "@/components/review/print-button";

export const metadata: Metadata = { title: "Decision letter" };

export default async function LetterPage({ params }: { params: Promise<{ determinationId: string }> }) {
  const ctx = await requirePageAccess("letter.read");
  const { determinationId } = await params;
  let data;
  try {
    data = await getLetter(ctx, determinationId, "page");
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  const { letter } = data;
  return (
    <article className="mx-auto max-w-3xl space-y-4 bg-white p-6 leading-relaxed print:p-0">
      <div className="flex flex-wrap items-center gap-3 print:hidden">
        <PrintButton />
        <a
          href={`/letters/${data.determinationId}/pdf`}
          className="rounded border border-slate-500 px-3 py-1 text-sm hover:bg-slate-100"
        >
          Download PDF
        </a>
      </div>
      <header>
        <h1 className="text-2xl font-semibold">{letter.title}</h1>
        <p>{letter.date}</p>
        {letter.addressee.map((l) => (
          <p key={l}>{l}</p>
        ))}
      </header>
      <section aria-labelledby="l-decision">
        <h2 id="l-decision" className="text-lg font-semibold">
          Decision: {letter.decisionLabel}
        </h2>
        <p>{letter.summary}</p>
      </section>
      {letter.approved ? (
        <section aria-labelledby="l-approved">
          <h2 id="l-approved" className="text-lg font-semibold">
            What is approved
          </h2>
          <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1">
            {letter.approved.map((l) => (
              <div key={l.label} className="contents">
                <dt className="font-medium">{l.label}</dt>
                <dd>{l.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      <section aria-labelledby="l-reasons">
        <h2 id="l-reasons" className="text-lg font-semibold">
          {letter.reasonsHeading}
        </h2>
        {letter.approved ? (
          <ul className="columns-1 text-sm sm:columns-2" data-testid="letter-criteria-met">
            {letter.criteriaMet.map((c) => (
              <li key={c} className="break-inside-avoid">
                <span aria-hidden="true">✓ </span>
                {c}
              </li>
            ))}
          </ul>
        ) : (
          <ol className="list-decimal space-y-3 pl-6">
            {letter.reasons.map((r, i) => (
              <li key={i} data-testid="letter-reason">
                <p className="font-medium">
                  {r.criterion} ({r.finding})
                </p>
                <p>{r.explanation}</p>
                <blockquote className="mt-1 border-l-4 border-amber-400 pl-3 italic">
                  “{r.quote}”{" "}
                  <a
                    href={policyHref(data.policyVersion, r.anchor)}
                    className="not-italic text-blue-800 underline print:no-underline"
                  >
                    (policy passage)
                  </a>
                </blockquote>
                {r.note ? <p className="text-slate-700">Reviewer&apos;s note: {r.note}</p> : null}
              </li>
            ))}
          </ol>
        )}
        {!letter.approved && letter.reasons.length === 0 ? <p>No criterion-level reasons were recorded.</p> : null}
        {letter.approved && letter.criteriaMet.length === 0 ? <p>No criterion-level findings were recorded.</p> : null}
      </section>
      <section aria-labelledby="l-rationale">
        <h2 id="l-rationale" className="text-lg font-semibold">
          {letter.rationaleHeading}
        </h2>
        <p>{letter.rationale}</p>
        {letter.interqual ? <p>{letter.interqual}</p> : null}
      </section>
      <section aria-labelledby="l-policy">
        <h2 id="l-policy" className="text-lg font-semibold">
          Policy
        </h2>
        <p>{letter.policyLine}</p>
      </section>
      <section aria-labelledby="l-change">
        <h2 id="l-change" className="text-lg font-semibold">
          What information would change the outcome
        </h2>
        <ul className="list-disc pl-6">
          {letter.changeOutcome.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="l-appeal" className="space-y-2">
        <h2 id="l-appeal" className="text-lg font-semibold">
          {letter.appealHeading}
        </h2>
        {letter.appealRights.map((l) => (
          <p key={l}>{l}</p>
        ))}
      </section>
      {letter.peerToPeer ? (
        <section aria-labelledby="l-p2p">
          <h2 id="l-p2p" className="text-lg font-semibold">
            Peer-to-peer discussion
          </h2>
          <p>{letter.peerToPeer}</p>
        </section>
      ) : null}
      <footer className="border-t border-slate-300 pt-3">
        {letter.signature.map((l) => (
          <p key={l}>{l}</p>
        ))}
      </footer>
    </article>
  );
}
