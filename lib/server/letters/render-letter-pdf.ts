import "server-only";
import { PDFDocument, StandardFonts, rgb, type PDFFont } from "pdf-lib";
import { letterParagraphs, type LetterContent } from "./build-letter";

// Standard fonts encode WinAnsi only: map the policy's few other signs to plain ASCII.
const REPLACEMENTS: Record<string, string> = {
  "≥": ">=",
  "≤": "<=",
  "\u00a0": " ",
  "\u2009": " ",
  "−": "-",
  "→": "->",
};

/** The text as the PDF will hold it (the letter test compares quotes through this). */
export function pdfSafeText(text: string, supported?: ReadonlySet<number>): string {
  let out = "";
  for (const ch of text.replace(/\s+/g, " ")) {
    const mapped = REPLACEMENTS[ch] ?? ch;
    out += supported && ![...mapped].every((c) => supported.has(c.codePointAt(0)!)) ? "?" : mapped;
  }
  return out;
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The letter as a PDF (US Letter, Helvetica): text drawn as text, so it can be searched, copied
 * and read aloud. Object streams off, so simple tools (and our test) can read it.
 */
export async function renderLetterPdf(letter: LetterContent): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${letter.title} ${letter.addressee.at(-1) ?? ""}`.trim());
  doc.setProducer("PA portal 339.7");
  doc.setCreationDate(new Date(0));
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const italic = await doc.embedFont(StandardFonts.HelveticaOblique);
  const supported = new Set(regular.getCharacterSet());
  const [W, H, M] = [612, 792, 54];
  let page = doc.addPage([W, H]);
  let y = H - M;
  for (const p of letterParagraphs(letter)) {
    const style = {
      title: { font: bold, size: 16, gap: 10 },
      heading: { font: bold, size: 12, gap: 12 },
      body: { font: regular, size: 10.5, gap: 4 },
      quote: { font: italic, size: 10.5, gap: 4 },
    }[p.style];
    const indent = p.style === "quote" ? 18 : 0;
    const lines = wrap(pdfSafeText(p.text, supported), style.font, style.size, W - 2 * M - indent);
    y -= style.gap;
    for (const line of lines) {
      if (y < M + style.size) {
        page = doc.addPage([W, H]);
        y = H - M;
      }
      y -= style.size * 1.3;
      page.drawText(line, { x: M + indent, y, size: style.size, font: style.font, color: rgb(0.1, 0.1, 0.1) });
    }
  }
  return doc.save({ useObjectStreams: false });
}
