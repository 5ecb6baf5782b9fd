"use client";
// The uploader's work on chosen files and its progress list: each file is checked here (type by
// its first bytes, size, count) and again on the server, then sent with XMLHttpRequest so its
// progress can be shown. Loaded by attachment-uploader.tsx when files are first chosen or dropped.
import type { Dispatch, SetStateAction } from "react";
import { formatSize } from "./format";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_CASE } from "@/lib/attachment-limits";
import { detectFileType } from "@/lib/file-type";

export interface Upload {
  key: string;
  name: string;
  size: number;
  progress: number;
  state: "checking" | "uploading" | "done" | "refused";
  message?: string;
  id?: string;
  /** This record completed a clean request, which the policy engine then approved. */
  approvedAutomatically?: boolean;
}

/** Checks and sends `chosen` one by one to the case (saving the draft first when it has none). */
export async function addFiles(
  chosen: File[],
  ctx: {
    caseId?: string;
    ensureCaseId?: () => Promise<string | null>;
    /** What the chosen files are ("" when not said). */
    documentKind: string;
    alreadyAttached: number;
    setUploads: Dispatch<SetStateAction<Upload[]>>;
  },
) {
  const update = (key: string, patch: Partial<Upload>) =>
    ctx.setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)));
  const id = ctx.caseId ?? (await ctx.ensureCaseId?.()) ?? null;
  const entries: Upload[] = chosen.map((f, i) => ({
    key: `${Date.now()}-${i}-${f.name}`,
    name: f.name,
    size: f.size,
    progress: 0,
    state: "checking",
  }));
  ctx.setUploads((prev) => [...prev, ...entries]);
  let count = ctx.alreadyAttached;
  for (const [i, file] of chosen.entries()) {
    const entry = entries[i]!;
    if (!id) {
      update(entry.key, {
        state: "refused",
        message: "Save the request as a draft first (fill in at least one field).",
      });
      continue;
    }
    const problem = await checkFile(file, count);
    if (problem) {
      update(entry.key, { state: "refused", message: problem });
      continue;
    }
    count++;
    update(entry.key, { state: "uploading" });
    await sendFile(id, file, ctx.documentKind, (patch) => update(entry.key, patch));
  }
}

async function checkFile(file: File, alreadyAttached: number): Promise<string | null> {
  if (alreadyAttached >= MAX_ATTACHMENTS_PER_CASE) return `A case holds at most ${MAX_ATTACHMENTS_PER_CASE} files.`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_ATTACHMENT_BYTES) return `${file.name} is ${formatSize(file.size)}; the limit is 25 MB per file.`;
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  if (!detectFileType(head))
    return `${file.name} is not a PDF, PNG, JPEG or TIFF file (checked by its content, not its name).`;
  return null;
}

function sendFile(
  caseId: string,
  file: File,
  documentKind: string,
  update: (patch: Partial<Upload>) => void,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/cases/${caseId}/attachments/upload`);
    xhr.upload.onprogress = (e) => e.lengthComputable && update({ progress: Math.round((e.loaded / e.total) * 100) });
    xhr.onload = () => {
      let body: { id?: string; automatedApproval?: unknown; error?: { message?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {}
      if (xhr.status === 201)
        update({ state: "done", progress: 100, id: body.id, approvedAutomatically: !!body.automatedApproval });
      else update({ state: "refused", message: body.error?.message ?? `The upload failed (status ${xhr.status}).` });
      resolve();
    };
    xhr.onerror = () => {
      update({ state: "refused", message: "The connection failed; nothing was stored. Try again." });
      resolve();
    };
    const form = new FormData();
    form.set("file", file);
    if (documentKind) form.set("kind", documentKind);
    xhr.send(form);
  });
}

/** Each upload's name, state and progress; a refusal says why. */
export function UploadList({ uploads }: { uploads: Upload[] }) {
  return (
    <ul className="space-y-2" aria-label="Uploads" aria-live="polite">
      {uploads.map((u) => (
        <li key={u.key} className="text-sm" data-upload-state={u.state}>
          <div className="flex justify-between gap-2">
            <span className="font-medium">{u.name}</span>
            <span>
              {u.state === "done"
                ? "Uploaded"
                : u.state === "refused"
                  ? "Not uploaded"
                  : u.state === "checking"
                    ? "Checking…"
                    : `${u.progress}%`}
            </span>
          </div>
          {u.state !== "refused" ? (
            <progress className="h-2 w-full" max={100} value={u.progress} aria-label={`Upload of ${u.name}`} />
          ) : null}
          {u.approvedAutomatically ? (
            <p className="font-medium text-green-800">
              This record completed the request: it was approved automatically. The decision is shown on this page.
            </p>
          ) : null}
          {u.message ? (
            <p className="text-red-800" role="alert">
              {u.message}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
