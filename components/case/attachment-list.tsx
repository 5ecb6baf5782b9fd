import { formatSize } from "./format";
import { DOCUMENT_KIND_LABELS, type DocumentKind } from "@/lib/policy/document-kinds";

/** A case's files, each downloadable only through the authorized /attachments route. */
export function AttachmentList({
  files,
}: {
  files: { id: string; fileName: string; size: number; documentKind?: DocumentKind | null }[];
}) {
  return (
    <ul className="space-y-1 text-sm" aria-label="Attached files">
      {files.map((f) => (
        <li key={f.id}>
          <a className="text-blue-800 underline" href={`/attachments/${f.id}`}>
            {f.fileName}
          </a>{" "}
          <span className="text-slate-600">({formatSize(f.size)})</span>
          {f.documentKind ? (
            <span className="text-slate-700"> · {DOCUMENT_KIND_LABELS[f.documentKind].split(" (")[0]}</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
