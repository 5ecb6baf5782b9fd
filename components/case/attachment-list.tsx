import { formatSize } from "./format";

/** A case's files, each downloadable only through the authorized /attachments route. */
export function AttachmentList({ files }: { files: { id: string; fileName: string; size: number }[] }) {
  return (
    <ul className="space-y-1 text-sm" aria-label="Attached files">
      {files.map((f) => (
        <li key={f.id}>
          <a className="text-blue-800 underline" href={`/attachments/${f.id}`}>
            {f.fileName}
          </a>{" "}
          <span className="text-slate-600">({formatSize(f.size)})</span>
        </li>
      ))}
    </ul>
  );
}
