"use client";
import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import dynamic from "next/dynamic";
import {
  approveCaseAction,
  decideAppealAction,
  decideUnaddressedCaseAction,
  denyCaseAction,
  escalateCaseAction,
  pendCaseAction,
  previewDenialLetterAction,
  saveReviewDraftAction,
} from "@/app/(app)/review/[caseId]/actions";
import { engineDefaultStatus, FINDING_STATUS_LABELS, FINDING_STATUSES, isAdverseFinding, policyHref } from "@/lib/domain";
import type { CaseAbilities } from "@/lib/server/cases/abilities";
import { AttachmentViewer, type AttachmentItem } from "./attachment-viewer";
import { ClaimButton } from "./claim-button";
import { ENGINE_STATUS_LABELS } from "./labels";
import type { LetterPreview } from "./denial-letter-dialog";

// The sign-and-send dialog (and Radix Dialog with it) is loaded only when a denial is previewed;
// openDenialPreview starts loading it alongside the preview request.
const loadDenialLetterDialog = () => import("./denial-letter-dialog");
const DenialLetterDialog = dynamic(() => loadDenialLetterDialog().then((m) => m.DenialLetterDialog), { ssr: false });

export interface WorkspaceCriterion {
  id: string;
  label: string;
  kind: string;
  status: string;
  explanation: string;
  citation: { anchor: string; quote: string };
}

export interface WorkspaceProps {
  caseId: string;
  reference: string;
  version: number;
  assigneeName: string | null;
  /** What the viewer may do, decided on the server (lib/server/cases/abilities.ts). */
  abilities: CaseAbilities;
  policyVersion: string | null;
  criteria: WorkspaceCriterion[];
  passages: { anchor: string; text: string; kind: string }[];
  policyId: string | null;
  attachments: AttachmentItem[];
  draft: Record<string, unknown> | null;
  facts: React.ReactNode;
}

interface FindingState {
  status: string;
  citationAnchor: string;
  evidence: { attachmentId: string; page?: number }[];
  note: string;
}
interface FormState {
  findings: Record<string, FindingState>;
  rationale: string;
  interqualSubset: string;
  interqualResult: string;
  pendMessage: string;
  pendItems: string;
  escalationText: string;
}

type Result = { ok: true; data: unknown } | { ok: false; code: string; message: string; issues?: { path: string; message: string }[] };

function initialState(criteria: WorkspaceCriterion[], draft: Record<string, unknown> | null): FormState {
  const saved = (draft ?? {}) as Partial<FormState>;
  const findings: Record<string, FindingState> = {};
  for (const c of criteria) {
    const prior = saved.findings?.[c.id];
    findings[c.id] = {
      status: prior?.status ?? engineDefaultStatus(c.status) ?? "",
      citationAnchor: prior?.citationAnchor ?? c.citation.anchor,
      evidence: Array.isArray(prior?.evidence) ? prior.evidence : [],
      note: prior?.note ?? "",
    };
  }
  return {
    findings,
    rationale: saved.rationale ?? "",
    interqualSubset: saved.interqualSubset ?? "",
    interqualResult: saved.interqualResult ?? "",
    pendMessage: saved.pendMessage ?? "",
    pendItems: saved.pendItems ?? "",
    escalationText: saved.escalationText ?? "",
  };
}

const short = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function ReviewWorkspace(props: WorkspaceProps) {
  const router = useRouter();
  const [form, setForm] = useState<FormState>(() => initialState(props.criteria, props.draft));
  const [viewerFile, setViewerFile] = useState<string | null>(props.attachments[0]?.id ?? null);
  const [viewerPage, setViewerPage] = useState(1);
  const [message, setMessage] = useState<{ kind: "error" | "conflict" | "success"; text: string; issues?: { path: string; message: string }[]; letterId?: string } | null>(null);
  const [draftSavedAt, setDraftSavedAt] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const [preview, setPreview] = useState<LetterPreview | null>(null);
  const [panel, setPanel] = useState<"none" | "pend" | "escalate">("none");
  const firstRender = useRef(true);

  const a = props.abilities;
  const heldByMe = a.heldByViewer;
  const reviewer = a.canKeepNotes;
  const unaddressed = a.unaddressed;
  const needsInterqual = a.needsInterqual;
  const decided = a.closed;
  const canDecide = a.canDecide;
  const citable = useMemo(() => props.passages.filter((p) => p.kind !== "heading"), [props.passages]);
  const passageByAnchor = useMemo(() => new Map(props.passages.map((p) => [p.anchor, p])), [props.passages]);

  // Save the unsigned work a moment after each change, so a reload or a lost race loses nothing.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (!reviewer || decided) return;
    const timer = setTimeout(async () => {
      const r = await saveReviewDraftAction({ caseId: props.caseId, content: form });
      if (r.ok) setDraftSavedAt(new Date(r.data.savedAt).toLocaleTimeString());
    }, 1200);
    return () => clearTimeout(timer);
  }, [form, props.caseId, reviewer, decided]);

  const setFinding = (id: string, patch: Partial<FindingState>) => setForm((f) => ({ ...f, findings: { ...f.findings, [id]: { ...f.findings[id]!, ...patch } } }));

  const findingsInput = () =>
    props.criteria.map((c) => {
      const f = form.findings[c.id]!;
      return { criterionId: c.id, status: f.status || undefined, citationAnchor: f.citationAnchor, evidence: f.evidence, note: f.note || undefined };
    });
  const interqual = () => (needsInterqual && (form.interqualSubset || form.interqualResult) ? { subset: form.interqualSubset, result: form.interqualResult || undefined } : undefined);
  const base = () => ({ caseId: props.caseId, version: props.version, findings: findingsInput(), rationale: form.rationale, interqual: interqual() });

  function show(result: Result, success: string) {
    if (result.ok) {
      const data = result.data as { determinationId?: string };
      setMessage({ kind: "success", text: success, letterId: data.determinationId });
      setPreview(null);
      setPanel("none");
      router.refresh();
    } else {
      setMessage({ kind: result.code === "CONFLICT" ? "conflict" : "error", text: result.message, issues: result.issues });
      setPreview(null);
    }
  }

  const act = (fn: () => Promise<Result>, success: string) =>
    start(async () => {
      setMessage(null);
      void loadDenialLetterDialog().catch(() => undefined);
      await saveReviewDraftAction({ caseId: props.caseId, content: form });
      show(await fn(), success);
    });

  const openDenialPreview = (decision: "denied" | "appeal_upheld", outside = false) =>
    start(async () => {
      setMessage(null);
      void loadDenialLetterDialog().catch(() => undefined);
      await saveReviewDraftAction({ caseId: props.caseId, content: form });
      const input = outside ? { ...base(), findings: findingsInput().filter((f) => f.status), decision } : { ...base(), decision };
      const r = await previewDenialLetterAction(input);
      if (r.ok) setPreview({ decision, outside, paragraphs: r.data.paragraphs });
      else show(r, "");
    });

  const confirmDenial = () => {
    if (!preview) return;
    if (preview.decision === "appeal_upheld") act(() => decideAppealAction({ ...base(), decision: "appeal_upheld" }), "The denial is upheld. The letter has been issued.");
    else if (preview.outside)
      act(() => decideUnaddressedCaseAction({ ...base(), findings: findingsInput().filter((f) => f.status), decision: "denied" }), "Denied. The letter has been issued.");
    else act(() => denyCaseAction(base()), "Denied. The letter has been issued.");
  };

  const citedAnchors = [...new Set(Object.values(form.findings).map((f) => f.citationAnchor))];

  return (
    <div className="space-y-6">
      {message ? (
        <div
          role="alert"
          className={`rounded border p-3 ${message.kind === "success" ? "border-green-400 bg-green-50 text-green-900" : message.kind === "conflict" ? "border-amber-400 bg-amber-50 text-amber-950" : "border-red-300 bg-red-50 text-red-900"}`}
        >
          <p className="font-medium">{message.text}</p>
          {message.issues?.length ? (
            <ul className="mt-1 list-disc pl-5 text-sm">
              {message.issues.slice(0, 8).map((i, n) => (
                <li key={n}>
                  {i.path ? `${i.path}: ` : ""}
                  {i.message}
                </li>
              ))}
            </ul>
          ) : null}
          {message.letterId ? (
            <a href={`/letters/${message.letterId}`} className="mt-1 inline-block text-blue-800 underline">
              Open the decision letter
            </a>
          ) : null}
          {message.kind === "conflict" ? (
            <button type="button" onClick={() => router.refresh()} className="ml-3 mt-1 rounded border border-amber-600 px-2 py-0.5 text-sm">
              Reload the case (your notes stay)
            </button>
          ) : null}
        </div>
      ) : null}

      {!decided ? (
        <div className="flex flex-wrap items-center gap-3 rounded border border-slate-300 bg-white p-3 text-sm">
          {heldByMe || a.heldByOther ? (
            heldByMe ? (
              <>
                <span>You hold this case.</span>
                <ClaimButton caseId={props.caseId} version={props.version} mode="release" reference={props.reference} />
              </>
            ) : (
              <span>
                Claimed by <strong>{props.assigneeName}</strong>. You can read it and keep notes; only they can decide it.
              </span>
            )
          ) : a.waitingForClaim ? (
            a.canClaim ? (
              <>
                <span>Nobody holds this case. Claim it to decide it; your notes are kept either way.</span>
                <ClaimButton caseId={props.caseId} version={props.version} mode="claim" reference={props.reference} openAfterClaim={false} />
              </>
            ) : null
          ) : (
            <span>Waiting for the provider&apos;s information.</span>
          )}
          {draftSavedAt ? <span className="ml-auto text-xs text-slate-600">Draft saved {draftSavedAt}</span> : null}
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
          <AttachmentViewer attachments={props.attachments} selectedId={viewerFile} page={viewerPage} onSelect={(id) => (setViewerFile(id), setViewerPage(1))} onPage={setViewerPage} />
        </section>
        <section aria-labelledby="policy-h" className="rounded border border-slate-300 bg-white p-3">
          <h2 id="policy-h" className="mb-2 text-lg font-semibold">
            Cited policy text {props.policyId ? `(${props.policyId})` : ""}
          </h2>
          <ul className="max-h-[40rem] space-y-2 overflow-y-auto text-sm">
            {citedAnchors.map((anchor) => {
              const p = passageByAnchor.get(anchor);
              const by = props.criteria.filter((c) => form.findings[c.id]?.citationAnchor === anchor);
              const adverse = by.some((c) => isAdverseFinding(form.findings[c.id]!.status));
              return (
                <li key={anchor} data-testid="cited-passage">
                  <mark className={`block rounded px-2 py-1 ${adverse ? "bg-amber-100" : "bg-yellow-50"}`}>{p?.text ?? anchor}</mark>
                  <div className="mt-0.5 text-xs text-slate-700">
                    Cited for: {by.map((c) => c.label).join("; ")} ·{" "}
                    <a href={policyHref(props.policyVersion, anchor)} className="text-blue-800 underline">
                      Open in the policy
                    </a>
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      </div>

      {decided ? (
        <p className="rounded border border-slate-300 bg-white p-3 text-sm">This case is decided: its signed findings are listed with the determinations above.</p>
      ) : (
      <section aria-labelledby="findings-h" className="space-y-3">
        <h2 id="findings-h" className="text-lg font-semibold">
          Findings, criterion by criterion
        </h2>
        <p className="text-sm text-slate-700">
          Each finding starts from the engine&apos;s evaluation and cites the criterion&apos;s own policy passage; you may cite another passage. Add evidence pointers to the
          attachment and page.
        </p>
        <ol className="space-y-3">
          {props.criteria.map((c, i) => {
            const f = form.findings[c.id]!;
            const base = `finding-${i}`;
            return (
              <li key={c.id} className="rounded border border-slate-300 bg-white p-3" data-testid="finding" data-criterion={c.id}>
                <fieldset>
                  <legend className="font-semibold">
                    {i + 1}. {c.label}
                  </legend>
                  <p className="mt-1 text-sm">
                    <span className="font-medium">Engine: {ENGINE_STATUS_LABELS[c.status] ?? c.status}.</span> {c.explanation}
                  </p>
                  <div className="mt-2 grid gap-3 md:grid-cols-[12rem_1fr]">
                    <div>
                      <label htmlFor={`${base}-status`} className="block text-sm font-medium">
                        Finding
                      </label>
                      <select
                        id={`${base}-status`}
                        value={f.status}
                        onChange={(e) => setFinding(c.id, { status: e.target.value })}
                        className="mt-1 w-full rounded border border-slate-400 bg-white px-2 py-1 text-sm"
                      >
                        <option value="">Choose…</option>
                        {FINDING_STATUSES.map((s) => (
                          <option key={s} value={s}>
                            {FINDING_STATUS_LABELS[s]}
                          </option>
                        ))}
                      </select>
                    </div>
                    <div>
                      <label htmlFor={`${base}-citation`} className="block text-sm font-medium">
                        Citation
                      </label>
                      <select
                        id={`${base}-citation`}
                        value={f.citationAnchor}
                        onChange={(e) => setFinding(c.id, { citationAnchor: e.target.value })}
                        className="mt-1 w-full rounded border border-slate-400 bg-white px-2 py-1 text-sm"
                      >
                        <option value={c.citation.anchor}>The criterion&apos;s passage: “{short(c.citation.quote)}”</option>
                        {citable
                          .filter((p) => p.anchor !== c.citation.anchor)
                          .map((p) => (
                            <option key={p.anchor} value={p.anchor}>
                              {p.anchor}: {short(p.text, 70)}
                            </option>
                          ))}
                      </select>
                    </div>
                  </div>
                  <div className="mt-2 text-sm">
                    <span className="font-medium">Evidence: </span>
                    {f.evidence.length === 0 ? <span className="mr-2 text-slate-600">none yet</span> : null}
                    <ul className="inline">
                      {f.evidence.map((e, j) => (
                        <li key={j} className="mr-2 inline-flex items-center gap-1 rounded bg-slate-100 px-2 py-0.5">
                          {props.attachments.find((a) => a.id === e.attachmentId)?.fileName ?? "file"}
                          {e.page ? `, page ${e.page}` : ""}
                          <button
                            type="button"
                            aria-label={`Remove evidence ${j + 1} of ${c.label}`}
                            className="text-red-800"
                            onClick={() => setFinding(c.id, { evidence: f.evidence.filter((_, k) => k !== j) })}
                          >
                            ×
                          </button>
                        </li>
                      ))}
                    </ul>
                    {viewerFile ? (
                      <button
                        type="button"
                        className="rounded border border-slate-400 px-2 py-0.5 text-sm hover:bg-slate-100"
                        onClick={() => {
                          const file = props.attachments.find((a) => a.id === viewerFile)!;
                          const pointer = file.contentType === "application/pdf" ? { attachmentId: file.id, page: viewerPage } : { attachmentId: file.id };
                          setFinding(c.id, { evidence: [...f.evidence, pointer] });
                        }}
                      >
                        Cite the file shown
                        {props.attachments.find((a) => a.id === viewerFile)?.contentType === "application/pdf" ? `, page ${viewerPage}` : ""}
                      </button>
                    ) : null}
                  </div>
                  <div className="mt-2">
                    <label htmlFor={`${base}-note`} className="block text-sm font-medium">
                      Note
                    </label>
                    <textarea
                      id={`${base}-note`}
                      value={f.note}
                      rows={1}
                      onChange={(e) => setFinding(c.id, { note: e.target.value })}
                      className="mt-1 w-full rounded border border-slate-400 px-2 py-1 text-sm"
                    />
                  </div>
                </fieldset>
              </li>
            );
          })}
        </ol>
        {props.criteria.length === 0 ? <p className="text-sm">This case has no evaluation to review.</p> : null}
      </section>
      )}

      {needsInterqual && !unaddressed && !decided ? (
        <fieldset className="rounded border border-slate-300 bg-white p-3">
          <legend className="font-semibold">InterQual® review (cancer-related pain and spasticity)</legend>
          <div className="mt-2 grid gap-3 md:grid-cols-2">
            <div>
              <label htmlFor="iq-subset" className="block text-sm font-medium">
                Subset applied
              </label>
              <input
                id="iq-subset"
                value={form.interqualSubset}
                onChange={(e) => setForm((s) => ({ ...s, interqualSubset: e.target.value }))}
                placeholder="e.g. CP: Procedures, Epidural or Intrathecal Catheter Placement"
                className="mt-1 w-full rounded border border-slate-400 px-2 py-1 text-sm"
              />
            </div>
            <div>
              <label htmlFor="iq-result" className="block text-sm font-medium">
                Result
              </label>
              <select
                id="iq-result"
                value={form.interqualResult}
                onChange={(e) => setForm((s) => ({ ...s, interqualResult: e.target.value }))}
                className="mt-1 w-full rounded border border-slate-400 bg-white px-2 py-1 text-sm"
              >
                <option value="">Choose…</option>
                <option value="met">Criteria met</option>
                <option value="not_met">Criteria not met</option>
              </select>
            </div>
          </div>
        </fieldset>
      ) : null}

      {!decided ? (
        <section aria-labelledby="decide-h" className="space-y-3 rounded border border-slate-300 bg-white p-3">
          <h2 id="decide-h" className="text-lg font-semibold">
            Decision
          </h2>
          <div>
            <label htmlFor="rationale" className="block text-sm font-medium">
              Rationale (sent in the letter)
            </label>
            <textarea
              id="rationale"
              value={form.rationale}
              rows={4}
              onChange={(e) => setForm((s) => ({ ...s, rationale: e.target.value }))}
              className="mt-1 w-full rounded border border-slate-400 px-2 py-1 text-sm"
            />
          </div>
          {canDecide ? (
            <div className="flex flex-wrap gap-2">
              {a.appeal ? (
                !a.canDecideAppeal ? (
                  <p>You denied this case; another physician decides its appeal.</p>
                ) : (
                  <>
                    <button type="button" disabled={pending} onClick={() => act(() => decideAppealAction({ ...base(), decision: "appeal_overturned" }), "Appeal decided: overturned (approved). The letter has been issued.")} className="rounded bg-green-700 px-3 py-1.5 font-medium text-white hover:bg-green-800 disabled:opacity-60">
                      Overturn the denial (approve)
                    </button>
                    <button type="button" disabled={pending} onClick={() => openDenialPreview("appeal_upheld")} className="rounded bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 disabled:opacity-60">
                      Uphold the denial…
                    </button>
                  </>
                )
              ) : unaddressed ? (
                a.canDecideUnaddressed ? (
                  <>
                    <button type="button" disabled={pending} onClick={() => act(() => decideUnaddressedCaseAction({ ...base(), findings: findingsInput().filter((f) => f.status), decision: "approved" }), "Approved outside the policy. The letter has been issued.")} className="rounded bg-green-700 px-3 py-1.5 font-medium text-white hover:bg-green-800 disabled:opacity-60">
                      Approve outside the policy
                    </button>
                    <button type="button" disabled={pending} onClick={() => openDenialPreview("denied", true)} className="rounded bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 disabled:opacity-60">
                      Deny outside the policy…
                    </button>
                  </>
                ) : (
                  <p>The policy does not address this case: a physician decides it.</p>
                )
              ) : (
                <>
                  {a.routedAway ? <p>This case is now routed to physician reviewers: release it.</p> : null}
                  {a.canApprove ? (
                  <button type="button" disabled={pending} onClick={() => act(() => approveCaseAction(base()), "Approved. The letter has been issued.")} className="rounded bg-green-700 px-3 py-1.5 font-medium text-white hover:bg-green-800 disabled:opacity-60">
                    Approve
                  </button>
                  ) : null}
                  {a.canPend ? (
                  <button type="button" disabled={pending} onClick={() => setPanel(panel === "pend" ? "none" : "pend")} aria-expanded={panel === "pend"} className="rounded border border-slate-500 px-3 py-1.5 hover:bg-slate-100">
                    Pend for information…
                  </button>
                  ) : null}
                  {a.canEscalate ? (
                    <button type="button" disabled={pending} onClick={() => setPanel(panel === "escalate" ? "none" : "escalate")} aria-expanded={panel === "escalate"} className="rounded border border-slate-500 px-3 py-1.5 hover:bg-slate-100">
                      Escalate to a physician…
                    </button>
                  ) : null}
                  {a.canDeny ? (
                    <button type="button" disabled={pending} onClick={() => openDenialPreview("denied")} className="rounded bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 disabled:opacity-60">
                      Deny…
                    </button>
                  ) : null}
                </>
              )}
            </div>
          ) : (
            <p className="text-sm text-slate-700">{heldByMe ? "This case is waiting for the provider." : "Claim the case to decide it."}</p>
          )}
          {panel === "pend" ? (
            <div className="space-y-2 rounded border border-slate-300 p-3">
              <label htmlFor="pend-message" className="block text-sm font-medium">
                Message to the provider
              </label>
              <textarea id="pend-message" rows={3} value={form.pendMessage} onChange={(e) => setForm((s) => ({ ...s, pendMessage: e.target.value }))} className="w-full rounded border border-slate-400 px-2 py-1 text-sm" />
              <label htmlFor="pend-items" className="block text-sm font-medium">
                Items needed (one per line)
              </label>
              <textarea id="pend-items" rows={3} value={form.pendItems} onChange={(e) => setForm((s) => ({ ...s, pendItems: e.target.value }))} className="w-full rounded border border-slate-400 px-2 py-1 text-sm" />
              <button
                type="button"
                disabled={pending}
                onClick={() =>
                  act(
                    () => pendCaseAction({ caseId: props.caseId, version: props.version, message: form.pendMessage, items: form.pendItems.split("\n").map((l) => l.trim()).filter(Boolean) }),
                    "Information requested. The provider sees your message.",
                  )
                }
                className="rounded bg-slate-800 px-3 py-1.5 text-white"
              >
                Send the request for information
              </button>
            </div>
          ) : null}
          {panel === "escalate" ? (
            <div className="space-y-2 rounded border border-slate-300 p-3">
              <label htmlFor="escalate-reason" className="block text-sm font-medium">
                Why should a physician decide?
              </label>
              <textarea id="escalate-reason" rows={3} value={form.escalationText} onChange={(e) => setForm((s) => ({ ...s, escalationText: e.target.value }))} className="w-full rounded border border-slate-400 px-2 py-1 text-sm" />
              <button
                type="button"
                disabled={pending}
                onClick={() => act(() => escalateCaseAction({ caseId: props.caseId, version: props.version, reason: form.escalationText }), "Escalated: the case is in the physician-only queue.")}
                className="rounded bg-slate-800 px-3 py-1.5 text-white"
              >
                Escalate
              </button>
            </div>
          ) : null}
        </section>
      ) : null}

      {preview ? <DenialLetterDialog preview={preview} pending={pending} onCancel={() => setPreview(null)} onConfirm={confirmDenial} /> : null}
    </div>
  );
}
