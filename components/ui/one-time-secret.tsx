"use client";
import { useState } from "react";

/**
 * A secret shown once (an API key, a webhook signing secret): the value, and a Copy button that
 * says whether the copy worked (the clipboard is refused on plain http other than localhost, and
 * by some browsers' settings; then the person selects the text by hand).
 */
export function OneTimeSecret({ value, label, testId }: { value: string; label: string; testId: string }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  return (
    <div className="mt-2 flex flex-wrap items-start gap-2">
      <code className="block min-w-0 flex-1 break-all rounded bg-white p-2 font-mono" data-testid={testId}>
        {value}
      </code>
      <button
        type="button"
        className="rounded border border-blue-800 bg-white px-3 py-1.5 text-sm font-medium text-blue-900"
        aria-label={`Copy ${label}`}
        onClick={() =>
          // navigator.clipboard is undefined outside a secure context: that throws, caught here too.
          Promise.resolve()
            .then(() => navigator.clipboard.writeText(value))
            .then(() => setCopied("yes"))
            .catch(() => setCopied("failed"))
        }
      >
        Copy
      </button>
      <span role="status" className="basis-full text-xs">
        {copied === "yes" ? `${label[0]!.toUpperCase()}${label.slice(1)} copied.` : null}
        {copied === "failed" ? "The browser did not allow copying: select the text and copy it by hand." : null}
      </span>
    </div>
  );
}
