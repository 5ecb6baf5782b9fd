"use client";
// The request form's state and its server round trips: edit the request by path, save the draft,
// submit, answer a request for information, file an appeal. One idempotency key per form. The
// server actions load on first use, or when the form first takes focus (`preload`).
import { useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { AttachedFile } from "../attachment-uploader";
import type { RequestPrefill } from "@/lib/request-prefill";

export type Json = Record<string, unknown>;
export type Path = (string | number)[];
export type Issue = { path: string; message: string };
export type FormMode = "edit" | "respond" | "appeal";
export interface CaseFormInitial {
  caseId: string;
  version: number;
  idempotencyKey: string | null;
  memberId: string | null;
  memberName: string | null;
  request: Json;
  attachments: AttachedFile[];
}

export function getAt(obj: unknown, path: Path): unknown {
  let cur = obj;
  for (const k of path) cur = cur && typeof cur === "object" ? (cur as Json)[k as string] : undefined;
  return cur;
}

/** Immutable set; `undefined` removes the key and prunes objects left empty (absent = not documented). */
export function setAt(obj: Json, path: Path, value: unknown): Json {
  const [head, ...rest] = path;
  const copy: Json | unknown[] = Array.isArray(obj) ? [...obj] : { ...obj };
  const child = rest.length ? setAt(((copy as Json)[head as string] as Json) ?? {}, rest, value) : value;
  const empty =
    child === undefined ||
    (rest.length > 0 &&
      !Array.isArray(child) &&
      typeof child === "object" &&
      child !== null &&
      Object.keys(child).length === 0);
  if (Array.isArray(copy)) (copy as unknown[])[head as number] = child;
  else if (empty) delete (copy as Json)[head as string];
  else (copy as Json)[head as string] = child;
  return copy as Json;
}

const loadActions = () => import("@/app/(app)/cases/actions");

function newFormKey(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `form-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function useCaseDraft({
  today,
  initial,
  prefill,
  mode,
}: {
  today: string;
  initial?: CaseFormInitial;
  prefill?: RequestPrefill;
  mode: FormMode;
}) {
  const router = useRouter();
  const [request, setRequest] = useState<Json>(
    () => initial?.request ?? { request: { requestDate: today, urgency: "standard", ...prefill } },
  );
  const [memberId, setMemberId] = useState<string | undefined>(initial?.memberId ?? undefined);
  const [memberName, setMemberName] = useState<string | undefined>(initial?.memberName ?? undefined);
  const [note, setNote] = useState("");
  const [attested, setAttested] = useState(false);
  const [saved, setSaved] = useState<{ caseId: string; version: number } | null>(
    initial ? { caseId: initial.caseId, version: initial.version } : null,
  );
  // One key per form instance: a double click, a retry or a second save makes one case.
  const [idempotencyKey] = useState<string>(() => initial?.idempotencyKey ?? newFormKey());
  const [issues, setIssues] = useState<Issue[]>([]);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  // The latest saved draft for handlers that run right after a save (state would be stale there).
  const savedRef = useRef(initial ? { caseId: initial.caseId, version: initial.version } : null);

  const set = (path: Path, value: unknown) => setRequest((r) => setAt(r, path, value));
  const val = <T>(path: Path) => getAt(request, path) as T | undefined;
  const err = (path: string) => issues.find((i) => i.path === path || i.path === `request.${path}`)?.message;
  const fail = (result: { message: string; issues?: Issue[] }) => {
    setIssues(result.issues ?? []);
    setMessage({ kind: "error", text: result.message });
  };
  const payload = () => ({
    caseId: savedRef.current?.caseId,
    version: savedRef.current?.version,
    idempotencyKey,
    memberId,
    memberName,
    request,
  });

  async function save(): Promise<string | null> {
    const input = payload();
    const { saveDraftAction } = await loadActions();
    const result = await saveDraftAction(input);
    if (!result.ok) {
      fail(result);
      return null;
    }
    setSaved({ caseId: result.data.id, version: result.data.version });
    savedRef.current = { caseId: result.data.id, version: result.data.version };
    setIssues([]);
    setMessage({ kind: "ok", text: `Draft ${result.data.reference} saved at ${new Date().toLocaleTimeString()}.` });
    if (!initial) window.history.replaceState(null, "", `/cases/${result.data.id}`);
    return result.data.id;
  }

  function submit() {
    startTransition(async () => {
      if (!memberId || !memberName) {
        const missing = [
          !memberId && { path: "memberId", message: "is required" },
          !memberName && { path: "memberName", message: "is required" },
        ].filter(Boolean) as Issue[];
        fail({ message: "Enter the member’s ID and name before submitting.", issues: missing });
        return;
      }
      const input = payload();
      const { submitCaseAction } = await loadActions();
      const result = await submitCaseAction({ ...input, attested });
      if (!result.ok) return fail(result);
      router.push(`/cases/${result.data.id}?submitted=1`);
    });
  }

  /** Answer a request for information, or file an appeal. */
  function answer() {
    startTransition(async () => {
      if (!initial) return;
      const { fileAppealAction, respondAction } = await loadActions();
      // Facts are sent only when they changed (then re-evaluated and kept as a new snapshot).
      const changed = JSON.stringify(request) !== JSON.stringify(initial.request);
      const base = { caseId: initial.caseId, version: initial.version, request: changed ? request : undefined };
      const result = await (mode === "appeal"
        ? fileAppealAction({ ...base, reason: note })
        : respondAction({ ...base, note }));
      if (!result.ok) return fail(result);
      router.push(`/cases/${initial.caseId}?${mode === "appeal" ? "appealed" : "answered"}=1`);
      router.refresh();
    });
  }

  return {
    request,
    setRequest,
    set,
    val,
    err,
    issues,
    message,
    pending,
    memberId,
    setMemberId,
    memberName,
    setMemberName,
    note,
    setNote,
    attested,
    setAttested,
    saved,
    save: () => startTransition(async () => void (await save())),
    ensureCaseId: save,
    submit,
    answer,
    /** Starts loading the server actions (the form calls it when it first takes focus). */
    preload: () => void loadActions().catch(() => undefined),
  };
}
export type CaseDraft = ReturnType<typeof useCaseDraft>;
