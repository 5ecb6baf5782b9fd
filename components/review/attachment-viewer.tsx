"use client";
import { useId } from "react";

export interface AttachmentItem {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
}

/** PDFs inline with a page number; images as images. Files come only through /attachments/<id>. */
export function AttachmentViewer({
  attachments,
  selectedId,
  page,
  onSelect,
  onPage,
}: {
  attachments: AttachmentItem[];
  selectedId: string | null;
  page: number;
  onSelect: (id: string) => void;
  onPage: (page: number) => void;
}) {
  const pageId = useId();
  const selected = attachments.find((a) => a.id === selectedId) ?? null;
  if (attachments.length === 0)
    return <p className="text-sm text-slate-700">No attachments were sent with this case.</p>;
  const src = selected
    ? `/attachments/${selected.id}?inline=1${selected.contentType === "application/pdf" ? `#page=${page}` : ""}`
    : null;
  return (
    <div className="space-y-2">
      <ul className="space-y-1 text-sm">
        {attachments.map((a) => (
          <li key={a.id}>
            <button
              type="button"
              onClick={() => onSelect(a.id)}
              aria-pressed={a.id === selectedId}
              className={`w-full rounded px-2 py-1 text-left ${a.id === selectedId ? "bg-blue-100 font-semibold" : "hover:bg-slate-100"}`}
            >
              {a.fileName} <span className="text-xs text-slate-600">({Math.max(1, Math.round(a.size / 1024))} kB)</span>
            </button>
          </li>
        ))}
      </ul>
      {selected ? (
        <div className="space-y-2">
          <div className="flex items-center gap-2 text-sm">
            <a href={`/attachments/${selected.id}`} className="text-blue-800 underline">
              Download {selected.fileName}
            </a>
            {selected.contentType === "application/pdf" ? (
              <>
                <label htmlFor={pageId} className="ml-auto font-medium">
                  Page
                </label>
                <button
                  type="button"
                  className="rounded border border-slate-400 px-2"
                  aria-label="Previous page"
                  onClick={() => onPage(Math.max(1, page - 1))}
                >
                  ‹
                </button>
                <input
                  id={pageId}
                  type="number"
                  min={1}
                  value={page}
                  onChange={(e) => onPage(Math.max(1, Number(e.target.value) || 1))}
                  className="w-16 rounded border border-slate-400 px-2 py-0.5"
                />
                <button
                  type="button"
                  className="rounded border border-slate-400 px-2"
                  aria-label="Next page"
                  onClick={() => onPage(page + 1)}
                >
                  ›
                </button>
              </>
            ) : null}
          </div>
          {selected.contentType.startsWith("image/") && selected.contentType !== "image/tiff" ? (
            // eslint-disable-next-line @next/next/no-img-element
            <img
              src={src!}
              alt={`Attachment ${selected.fileName}`}
              className="max-h-[32rem] w-full rounded border border-slate-300 object-contain"
            />
          ) : selected.contentType === "application/pdf" ? (
            <iframe
              key={src}
              src={src!}
              title={`${selected.fileName}, page ${page}`}
              className="h-[32rem] w-full rounded border border-slate-300"
            />
          ) : (
            <p className="text-sm">This file type cannot be shown here; download it to view it.</p>
          )}
        </div>
      ) : (
        <p className="text-sm text-slate-700">Choose a file to view it.</p>
      )}
    </div>
  );
}
