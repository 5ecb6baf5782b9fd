import type { AcceptedType } from "@/lib/file-type";

/**
 * Characters that must never reach a displayed file name: C0/C1 controls, and the bidirectional
 * and invisible formatting marks that can make "invoice‮fdp.exe" read as "invoiceexe.pdf"
 * (U+061C, U+200B–U+200F, U+202A–U+202E, U+2060–U+2069, U+FEFF). Quotes go too (headers).
 */
const UNSAFE_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"]/g;

/** A file name as shown to people: no controls, no bidi or invisible marks. */
export function displayFileName(name: string): string {
  return name.replace(UNSAFE_IN_NAMES, "").trim() || "attachment";
}

const EXTENSIONS: Record<AcceptedType, readonly string[]> = {
  "application/pdf": ["pdf"],
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/tiff": ["tif", "tiff"],
};

/**
 * The name an upload is stored under: the client's base name, cleaned for display, with the
 * extension of the type its content was recognized as (a PDF named "x.html" is kept as "x.pdf",
 * so it never opens as HTML once saved).
 */
export function storedFileName(name: unknown, type: AcceptedType): string {
  const base = displayFileName(typeof name === "string" ? name.split(/[\\/]/).pop()! : "");
  const match = /^(.*?)\.([A-Za-z0-9]{1,8})$/.exec(base);
  const stem = (match ? match[1]! : base).replace(/[. ]+$/, "") || "attachment";
  const given = match?.[2]?.toLowerCase();
  const extension = given && EXTENSIONS[type].includes(given) ? given : EXTENSIONS[type][0]!;
  return `${stem.slice(0, 190)}.${extension}`;
}
