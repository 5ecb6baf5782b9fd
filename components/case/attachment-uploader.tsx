"use client";
import { useRef, useState } from "react";
import { AttachmentList } from "./attachment-list";
import { formatSize } from "./format";
import { ACCEPTED_TYPES, detectFileType, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_CASE } from "@/lib/server/attachments/file-type";

export interface AttachedFile {
  id: string;
  fileName: string;
  size: number;
  contentType: string;
}

interface Upload {
  key: string;
  name: string;
  size: number;
  progress: number;
  state: "checking" | "uploading" | "done" | "refused";
  message?: string;
  id?: string;
}

const ACCEPT = ".pdf,.png,.jpg,.jpeg,.tif,.tiff," + ACCEPTED_TYPES.join(",");

/**
 * Drag-and-drop or pick several files; each is checked here (type by its first bytes, size,
 * count) and again on the server, then sent with XMLHttpRequest so its progress can be shown.
 */
export function AttachmentUploader({
  caseId,
  ensureCaseId,
  files,
  disabled,
}: {
  caseId?: string;
  /** Saves the draft first when the request has no case yet; returns its id (or null when saving failed). */
  ensureCaseId?: () => Promise<string | null>;
  files: AttachedFile[];
  disabled?: boolean;
}) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const update = (key: string, patch: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)));

  async function addFiles(list: FileList | File[]) {
    const chosen = Array.from(list);
    if (!chosen.length) return;
    const id = caseId ?? (await ensureCaseId?.()) ?? null;
    const entries: Upload[] = chosen.map((f, i) => ({ key: `${Date.now()}-${i}-${f.name}`, name: f.name, size: f.size, progress: 0, state: "checking" }));
    setUploads((prev) => [...prev, ...entries]);
    let count = files.length + uploads.filter((u) => u.state === "done").length;
    for (const [i, file] of chosen.entries()) {
      const entry = entries[i]!;
      if (!id) {
        update(entry.key, { state: "refused", message: "Save the request as a draft first (fill in at least one field)." });
        continue;
      }
      const problem = await checkFile(file, count);
      if (problem) {
        update(entry.key, { state: "refused", message: problem });
        continue;
      }
      count++;
      update(entry.key, { state: "uploading" });
      await send(id, file, entry.key);
    }
  }

  function send(id: string, file: File, key: string) {
    return new Promise<void>((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `/cases/${id}/attachments/upload`);
      xhr.upload.onprogress = (e) => e.lengthComputable && update(key, { progress: Math.round((e.loaded / e.total) * 100) });
      xhr.onload = () => {
        let body: { id?: string; error?: { message?: string } } = {};
        try {
          body = JSON.parse(xhr.responseText);
        } catch {}
        if (xhr.status === 201) update(key, { state: "done", progress: 100, id: body.id });
        else update(key, { state: "refused", message: body.error?.message ?? `The upload failed (status ${xhr.status}).` });
        resolve();
      };
      xhr.onerror = () => {
        update(key, { state: "refused", message: "The connection failed; nothing was stored. Try again." });
        resolve();
      };
      const form = new FormData();
      form.set("file", file);
      xhr.send(form);
    });
  }

  return (
    <div className="space-y-3">
      {files.length ? <AttachmentList files={files} /> : null}
      {!disabled ? (
        <div
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void addFiles(e.dataTransfer.files);
          }}
          className={`rounded-lg border-2 border-dashed p-4 text-center ${dragging ? "border-blue-700 bg-blue-50" : "border-slate-400 bg-slate-50"}`}
        >
          <p className="text-sm">Drop files here, or</p>
          <label className="mt-2 inline-block cursor-pointer rounded border border-blue-800 bg-white px-3 py-1.5 text-sm font-medium text-blue-900 focus-within:ring-2 focus-within:ring-blue-700">
            Choose files to attach
            <input
              ref={input}
              type="file"
              multiple
              accept={ACCEPT}
              className="sr-only"
              onChange={(e) => {
                if (e.target.files) void addFiles(e.target.files);
                e.target.value = "";
              }}
            />
          </label>
          <p className="mt-2 text-xs text-slate-700">PDF, PNG, JPEG or TIFF; up to 25 MB each and {MAX_ATTACHMENTS_PER_CASE} files per case.</p>
        </div>
      ) : null}
      {uploads.length ? (
        <ul className="space-y-2" aria-label="Uploads" aria-live="polite">
          {uploads.map((u) => (
            <li key={u.key} className="text-sm" data-upload-state={u.state}>
              <div className="flex justify-between gap-2">
                <span className="font-medium">{u.name}</span>
                <span>{u.state === "done" ? "Uploaded" : u.state === "refused" ? "Not uploaded" : u.state === "checking" ? "Checking…" : `${u.progress}%`}</span>
              </div>
              {u.state !== "refused" ? <progress className="h-2 w-full" max={100} value={u.progress} aria-label={`Upload of ${u.name}`} /> : null}
              {u.message ? (
                <p className="text-red-800" role="alert">
                  {u.message}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

async function checkFile(file: File, alreadyAttached: number): Promise<string | null> {
  if (alreadyAttached >= MAX_ATTACHMENTS_PER_CASE) return `A case holds at most ${MAX_ATTACHMENTS_PER_CASE} files.`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_ATTACHMENT_BYTES) return `${file.name} is ${formatSize(file.size)}; the limit is 25 MB per file.`;
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  if (!detectFileType(head)) return `${file.name} is not a PDF, PNG, JPEG or TIFF file (checked by its content, not its name).`;
  return null;
}
