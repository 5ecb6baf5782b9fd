import { inflateSync } from "node:zlib";

// WinAnsi bytes 0x80-0x9F that differ from Latin-1.
const WIN_ANSI: Record<number, string> = {
  0x91: "‘",
  0x92: "’",
  0x93: "“",
  0x94: "”",
  0x95: "•",
  0x96: "–",
  0x97: "—",
  0x85: "…",
  0x99: "™",
};

/**
 * The text drawn by a PDF that pdf-lib wrote with standard fonts (hex strings shown with Tj),
 * lines joined by spaces. Small and strict on purpose: enough to prove a letter's words are
 * real, extractable text.
 */
export function extractPdfText(pdf: Uint8Array): string {
  const buf = Buffer.from(pdf);
  const raw = buf.toString("latin1");
  const lines: string[] = [];
  const streamRe = /stream\r?\n/g;
  for (let m = streamRe.exec(raw); m; m = streamRe.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf("endstream", start);
    if (end < 0) break;
    const dict = raw.slice(Math.max(0, raw.lastIndexOf("<<", m.index)), m.index);
    let body = buf.subarray(start, end);
    if (/FlateDecode/.test(dict)) {
      try {
        body = inflateSync(body);
      } catch {
        continue;
      }
    }
    const content = body.toString("latin1");
    for (const t of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
      const bytes = Buffer.from(t[1]!, "hex");
      lines.push([...bytes].map((b) => WIN_ANSI[b] ?? String.fromCharCode(b)).join(""));
    }
    // Past "endstream" itself: its tail "stream\n" would otherwise match as the next stream's
    // start and swallow the next real stream (a letter's second page).
    streamRe.lastIndex = end + "endstream".length;
  }
  return lines.join(" ");
}
