"use client";
// The reviewer's workspace: who holds the case, the request, attachments and cited policy text,
// one finding per criterion, the decision fields, and the sticky decision bar. What the viewer may
// do comes from the server (`abilities`); this file only composes the pieces.
import { lazy, Suspense, useState } from "react";
import type { CaseAbilities } from "@/lib/server/cases/abilities";
import { AttachmentViewer, type AttachmentItem } from "./attachment-viewer";
import { ClaimButton } from "./claim-button";
import { CitedPassages } from "./workspace/cited-passages";
import { DecisionBar } from "./workspace/decision-bar";
import { InterqualFields, RationaleField } from "./workspace/decision-fields";
import { FindingEditor, type WorkspaceCriterion } from "./workspace/finding-editor";
import { decisionNote } from "./workspace/decision-note";
import { useReviewForm } from "./workspace/use-review-form";

export type { WorkspaceCriterion } from "./workspace/finding-editor";

// Opened from the decision bar: their code loads then.
const PendPanel = lazy(() => import("./workspace/request-panels").then((m) => ({ default: m.PendPanel })));
const EscalatePanel = lazy(() => import("./workspace/request-panels").then((m) => ({ default: m.EscalatePanel })));

export interface WorkspaceProps {
  caseId: string;
  reference: string;
  version: number;
  snapshotId: string | null;
  policyVersion: string | null;
  assigneeName: string | null;
  /** "Dr. Paul Physician, Physician reviewer": who signs what this viewer decides. */
  signer: string;
  abilities: CaseAbilities;
  /** The viewer signed the denial under appeal (they may read it, not decide it). */
  viewerIsAppealDenier: boolean;
  criteria: WorkspaceCriterion[];
  passages: { anchor: string; text: string; kind: string }[];
  policyId: string | null;
  attachments: AttachmentItem[];
  draft: Record<string, unknown> | null;
  facts: React.ReactNode;
}

export function ReviewWorkspace(props: WorkspaceProps) {
  const a = props.abilities;
  const review = useReviewForm({
    caseId: props.caseId,
    version: props.version,
    snapshotId: props.snapshotId,
    criteria: props.criteria,
    draft: props.draft,
    autosave: a.canKeepNotes,
    needsInterqual: a.needsInterqual,
  });
  const [viewerFile, setViewerFile] = useState<string | null>(props.attachments[0]?.id ?? null);
  const [viewerPage, setViewerPage] = useState(1);
  const [panel, setPanel] = useState<"none" | "pend" | "escalate">("none");
  const [claimRefusal, setClaimRefusal] = useState<string | null>(null);
  const [citable] = useState(() => props.passages.filter((p) => p.kind !== "heading"));
  const shownFile = props.attachments.find((f) => f.id === viewerFile) ?? null;
  const policyHref = (anchor: string) => `/policy/${props.policyVersion ?? "339.7"}#${anchor}`;
  const readOnly = !a.canKeepNotes;
  const note = decisionNote(a, props.viewerIsAppealDenier);

  return (
    <div className="space-y-6">
      {!a.closed ? (
        <div
          className="flex flex-wrap items-center gap-3 rounded border border-slate-300 bg-white p-3 text-sm"
          data-testid="hold-status"
        >
          {a.heldByViewer ? (
            <>
              <span>You hold this case.</span>
              {a.canRelease ? (
                <ClaimButton caseId={props.caseId} version={props.version} mode="release" reference={props.reference} />
              ) : null}
            </>
          ) : a.heldByOther ? (
            <span>
              Claimed by <strong>{props.assigneeName}</strong>. You can read it and keep notes; only they can decide it.
            </span>
          ) : a.canClaim ? (
            <>
              <span>Nobody holds this case. Claim it to decide it; your notes are kept either way.</span>
              <ClaimButton
                caseId={props.caseId}
                version={props.version}
                mode="claim"
                reference={props.reference}
                openAfterClaim={false}
                onRefused={setClaimRefusal}
              />
            </>
          ) : (
            <span>{note}</span>
          )}
          {claimRefusal ? (
            <span role="alert" className="basis-full text-amber-900">
              {claimRefusal}
            </span>
          ) : null}
        </div>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-3">
        <section aria-labelledby="facts-h" className="rounded border border-slate-300 bg-white p-3">
          <h2 id="facts-h" className="mb-2 text-lg font-semibold">
            The request
          </h2>
          {props.facts}
        </section>
        <section aria-labelledby="files-h" className="rounded border border-slate-300 bg-white p-3">
          <h2 id="files-h" className="mb-2 text-lg font-semibold">
            Attachments
          </h2>
          <AttachmentViewer
            attachments={props.attachments}
            selectedId={viewerFile}
            page={viewerPage}
            onSelect={(id) => (setViewerFile(id), setViewerPage(1))}
            onPage={setViewerPage}
          />
        </section>
        <section aria-labelledby="policy-h" className="rounded border border-slate-300 bg-white p-3">
          <h2 id="policy-h" className="mb-2 text-lg font-semibold">
            Cited policy text {props.policyId ? `(${props.policyId})` : ""}
          </h2>
          <CitedPassages
            criteria={props.criteria}
            findings={review.form.findings}
            passages={props.passages}
            policyHref={policyHref}
          />
        </section>
      </div>

      {a.closed ? (
        <p className="rounded border border-slate-300 bg-white p-3 text-sm">
          This case is closed: its signed findings, evidence and notes are listed with the determinations above.
        </p>
      ) : (
        <>
          <section aria-labelledby="findings-h" className="space-y-3">
            <h2 id="findings-h" className="text-lg font-semibold">
              Findings, criterion by criterion
            </h2>
            <p className="text-sm text-slate-700">
              Each finding starts from the engine&apos;s evaluation and cites the criterion&apos;s own policy passage;
              you may cite another passage and add evidence pointers to the attachment and page. Criteria the engine
              found met are folded: open one to change it.
            </p>
            <ol className="space-y-2">
              {props.criteria.map((c, i) => (
                <FindingEditor
                  key={c.id}
                  index={i}
                  criterion={c}
                  finding={review.form.findings[c.id]!}
                  stale={review.stale[c.id]}
                  passages={citable}
                  attachments={props.attachments}
                  shownFile={shownFile}
                  shownPage={viewerPage}
                  issues={review.issues.at(`finding:${c.id}`)}
                  readOnly={readOnly}
                  onChange={review.setFinding}
                  onKeepDraft={review.keepDraftValue}
                  onAcceptNew={review.acceptNewValue}
                />
              ))}
            </ol>
            {props.criteria.length === 0 ? <p className="text-sm">This case has no evaluation to review.</p> : null}
          </section>

          {a.needsInterqual && !a.canDecideUnaddressed ? <InterqualFields review={review} readOnly={readOnly} /> : null}

          <section aria-labelledby="decide-h" className="space-y-3 rounded border border-slate-300 bg-white p-3">
            <h2 id="decide-h" className="text-lg font-semibold">
              Decision
            </h2>
            <RationaleField review={review} readOnly={readOnly} />
            <Suspense fallback={<p className="text-sm text-slate-700">Loading…</p>}>
              {panel === "pend" && a.canPend ? (
                <PendPanel review={review} caseId={props.caseId} version={props.version} />
              ) : null}
              {panel === "escalate" && a.canEscalate ? (
                <EscalatePanel review={review} caseId={props.caseId} version={props.version} />
              ) : null}
            </Suspense>
          </section>
        </>
      )}

      {!a.closed || review.outcome ? (
        <DecisionBar
          note={note}
          reference={props.reference}
          signer={props.signer}
          abilities={a}
          review={review}
          criteriaIds={props.criteria.map((c) => c.id)}
          panel={panel}
          onPanel={setPanel}
        />
      ) : null}
    </div>
  );
}
