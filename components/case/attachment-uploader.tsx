"use client";
// Drag-and-drop or pick several files. The drop zone is all a page's first load carries: the
// checks, the upload and the progress list (attachment-upload.tsx) load when files are first
// chosen or dropped, the list of files already attached when there are some.
import { lazy, Suspense, useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import type { Upload } from "./attachment-upload";
import { ACCEPTED_TYPES, MAX_ATTACHMENTS_PER_CASE } from "@/lib/attachment-limits";
import { DOCUMENT_KINDS, DOCUMENT_KIND_LABELS, type DocumentKind } from "@/lib/policy/document-kinds";

export interface AttachedFile {
  id: string;
  fileName: string;
  size: number;
  contentType: string;
  documentKind?: DocumentKind | null;
}

const AttachmentList = lazy(() => import("./attachment-list").then((m) => ({ default: m.AttachmentList })));
const UploadList = lazy(() => import("./attachment-upload").then((m) => ({ default: m.UploadList })));

const ACCEPT = ".pdf,.png,.jpg,.jpeg,.tif,.tiff," + ACCEPTED_TYPES.join(",");

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
  const [documentKind, setDocumentKind] = useState<DocumentKind | "">("");
  const router = useRouter();
  const approved = uploads.some((u) => u.approvedAutomatically);
  // The case was decided by this upload: show the decision (the page is server-rendered).
  useEffect(() => {
    if (approved) router.refresh();
  }, [approved, router]);

  function add(list: FileList) {
    const chosen = Array.from(list);
    if (!chosen.length) return;
    const alreadyAttached = files.length + uploads.filter((u) => u.state === "done").length;
    import("./attachment-upload").then(
      (m) => m.addFiles(chosen, { caseId, ensureCaseId, documentKind, alreadyAttached, setUploads }),
      () => {
        const message = "The uploader could not be loaded; nothing was stored. Try again.";
        setUploads((prev) => [
          ...prev,
          ...chosen.map((f, i) => ({
            key: `${Date.now()}-${i}-${f.name}`,
            name: f.name,
            size: f.size,
            progress: 0,
            state: "refused" as const,
            message,
          })),
        ]);
      },
    );
  }

  return (
    <div className="space-y-3">
      {files.length ? (
        <Suspense fallback={null}>
          <AttachmentList files={files} />
        </Suspense>
      ) : null}
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
            add(e.dataTransfer.files);
          }}
          className={`rounded-lg border-2 border-dashed p-4 text-center ${dragging ? "border-blue-700 bg-blue-50" : "border-slate-400 bg-slate-50"}`}
        >
          <div className="mb-3 text-left">
            <label htmlFor="document-kind" className="block text-sm font-medium">
              Kind of record
            </label>
            <select
              id="document-kind"
              value={documentKind}
              onChange={(e) => setDocumentKind(e.target.value as DocumentKind | "")}
              aria-describedby="document-kind-hint"
              className="mt-1 w-full rounded border border-slate-500 bg-white px-2 py-1.5 text-sm"
            >
              <option value="">Not said</option>
              {DOCUMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {DOCUMENT_KIND_LABELS[k]}
                </option>
              ))}
            </select>
            <p id="document-kind-hint" className="mt-1 text-xs text-slate-700">
              Applies to the files you add next. The policy asks for records by kind; saying which one each file is lets
              the request be checked (and, where the plan allows it, approved at once).
            </p>
          </div>
          <p className="text-sm">Drop files here, or</p>
          <label className="mt-2 inline-block cursor-pointer rounded border border-blue-800 bg-white px-3 py-1.5 text-sm font-medium text-blue-900 focus-within:ring-2 focus-within:ring-blue-700">
            Choose files to attach
            <input
              type="file"
              multiple
              accept={ACCEPT}
              className="sr-only"
              onChange={(e) => {
                if (e.target.files) add(e.target.files);
                e.target.value = "";
              }}
            />
          </label>
          <p className="mt-2 text-xs text-slate-700">
            PDF, PNG, JPEG or TIFF; up to 25 MB each and {MAX_ATTACHMENTS_PER_CASE} files per case.
          </p>
        </div>
      ) : null}
      {uploads.length ? (
        <Suspense fallback={null}>
          <UploadList uploads={uploads} />
        </Suspense>
      ) : null}
    </div>
  );
}
