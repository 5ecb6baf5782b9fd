"use client";
// The reviewer's form: its state (from the draft, see lib/review-draft.ts), autosave, the inputs
// the decision services take, and the outcome of each action kept beside the control that ran it.
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { saveReviewDraftAction } from "@/app/(app)/review/[caseId]/actions";
import { mergeDraft, type DraftFinding, type EvaluatedCriterion, type ReviewFormState } from "@/lib/review-draft";

export type Issue = { path: string; message: string };
export type ActionResult = { ok: true; data: unknown } | { ok: false; code: string; message: string; issues?: Issue[] };
/** Which control an outcome belongs to: it is shown (and focused) there. */
export type Source = "decision" | "pend" | "escalate";
export interface Outcome {
  source: Source;
  kind: "error" | "conflict" | "success";
  text: string;
  issues: Issue[];
  letterId?: string;
  /** The criteria of the findings sent, in order: an issue's "findings[i]" is the i-th. */
  sent?: string[];
}

export function useReviewForm(args: {
  caseId: string;
  version: number;
  snapshotId: string | null;
  criteria: EvaluatedCriterion[];
  draft: Record<string, unknown> | null;
  autosave: boolean;
  needsInterqual: boolean;
}) {
  const router = useRouter();
  const [{ form: initialForm, stale: initialStale }] = useState(() =>
    mergeDraft(args.criteria, args.snapshotId, args.draft),
  );
  const [form, setForm] = useState<ReviewFormState>(initialForm);
  const [stale, setStale] = useState(initialStale);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [draftSavedAt, setDraftSavedAt] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const firstRender = useRef(true);
  /** The findings last sent, in order: an issue's "findings[i]" is the i-th of these. */
  const sentFindings = useRef<string[]>([]);

  // Save the unsigned work a moment after each change, so a reload or a lost race loses nothing.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (!args.autosave) return;
    // A failed autosave shows nothing: the draft is saved again on the next change.
    const save = async () => {
      const r = await saveReviewDraftAction({ caseId: args.caseId, content: form }).catch(() => null);
      if (r?.ok)
        setDraftSavedAt(
          new Date(r.data.savedAt).toLocaleTimeString("en-US", { timeZone: "America/New_York", timeStyle: "short" }) +
            " ET",
        );
    };
    const timer = setTimeout(() => void save(), 1200);
    return () => clearTimeout(timer);
  }, [form, args.caseId, args.autosave]);

  const setField = useCallback(
    <K extends keyof ReviewFormState>(key: K, value: ReviewFormState[K]) => setForm((f) => ({ ...f, [key]: value })),
    [],
  );
  const setFinding = useCallback(
    (id: string, patch: Partial<DraftFinding>) =>
      setForm((f) => ({ ...f, findings: { ...f.findings, [id]: { ...f.findings[id]!, ...patch } } })),
    [],
  );
  /** "Keep my value": the draft's status wins over the new evaluation for this criterion. */
  const keepDraftValue = useCallback(
    (id: string) => {
      const s = stale[id];
      if (!s) return;
      setFinding(id, { status: s.draftStatus });
      setStale(({ [id]: _, ...rest }) => rest);
    },
    [stale, setFinding],
  );
  const acceptNewValue = useCallback((id: string) => setStale(({ [id]: _, ...rest }) => rest), []);

  const findingsInput = useCallback(
    () =>
      args.criteria.map((c) => {
        const f = form.findings[c.id]!;
        return {
          criterionId: c.id,
          status: f.status || undefined,
          citationAnchor: f.citationAnchor,
          evidence: f.evidence,
          note: f.note || undefined,
        };
      }),
    [args.criteria, form.findings],
  );
  const decisionInput = useCallback(
    (options: { partial?: boolean } = {}) => {
      const findings = options.partial ? findingsInput().filter((f) => f.status) : findingsInput();
      sentFindings.current = findings.map((f) => f.criterionId);
      return {
        caseId: args.caseId,
        version: args.version,
        findings,
        rationale: form.rationale,
        interqual:
          args.needsInterqual && (form.interqualSubset || form.interqualResult)
            ? { subset: form.interqualSubset, result: form.interqualResult || undefined }
            : undefined,
      };
    },
    [
      args.caseId,
      args.version,
      args.needsInterqual,
      findingsInput,
      form.rationale,
      form.interqualSubset,
      form.interqualResult,
    ],
  );

  const report = useCallback(
    (source: Source, result: ActionResult, success: string) => {
      if (result.ok) {
        setOutcome({
          source,
          kind: "success",
          text: success,
          issues: [],
          letterId: (result.data as { determinationId?: string }).determinationId,
        });
        router.refresh();
      } else {
        setOutcome({
          source,
          kind: result.code === "CONFLICT" ? "conflict" : "error",
          text: result.message,
          issues: result.issues ?? [],
          sent: sentFindings.current,
        });
        // Someone else got there first: show the case as it is now (who holds or decided it);
        // the form keeps what was typed, and the draft holds it too.
        if (result.code === "CONFLICT") router.refresh();
      }
      return result.ok;
    },
    [router],
  );

  /** Saves the draft, runs the action, and reports beside `source`. Resolves to success. */
  const run = useCallback(
    (source: Source, action: () => Promise<ActionResult>, success: string) =>
      new Promise<boolean>((resolve) =>
        start(async () => {
          setOutcome(null);
          if (args.autosave) await saveReviewDraftAction({ caseId: args.caseId, content: form });
          resolve(report(source, await action(), success));
        }),
      ),
    [args.autosave, args.caseId, form, report],
  );

  /**
   * Issues of the latest failed action on one field: "rationale", "interqual", "message", or
   * "finding:<criterion id>" (the server's "findings[i]…" mapped back to the criterion sent i-th).
   * `general` are the rest, shown with the message itself.
   */
  const issues = useMemo(() => {
    const all = outcome?.kind === "error" ? outcome.issues : [];
    const keyOf = (path: string): string => {
      const m = /^findings\[(\d+)\]/.exec(path);
      if (m) {
        const id = outcome?.sent?.[Number(m[1])];
        return id ? `finding:${id}` : "general";
      }
      const head = path.split(/[.[]/)[0] ?? "";
      return ["rationale", "interqual", "message", "items", "reason"].includes(head) ? head : "general";
    };
    const byKey = new Map<string, string[]>();
    for (const i of all) byKey.set(keyOf(i.path), [...(byKey.get(keyOf(i.path)) ?? []), i.message]);
    return {
      at: (key: string) => byKey.get(key) ?? [],
      general: byKey.get("general") ?? [],
      fieldCount: all.length - (byKey.get("general")?.length ?? 0),
    };
  }, [outcome]);

  return {
    form,
    setField,
    setFinding,
    stale,
    keepDraftValue,
    acceptNewValue,
    outcome,
    setOutcome,
    report,
    run,
    pending,
    start,
    draftSavedAt,
    findingsInput,
    decisionInput,
    issues,
  };
}
export type ReviewForm = ReturnType<typeof useReviewForm>;
