import { Fragment } from "react";

/**
 * A long web address that wraps where a person would break it: after a slash, a dot, "?", "&",
 * "=" or "-" (a <wbr> there), never in the middle of a word unless one word is wider than the
 * column.
 */
export function WebAddress({ url }: { url: string }) {
  const parts = url.split(/(?<=[/.?&=#-])/);
  return (
    <span className="break-words">
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </span>
  );
}
