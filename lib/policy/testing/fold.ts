/**
 * The conformance checker's folding (../shared/conformance/check.mjs), reimplemented so the
 * project's own tests can prove quotes verbatim where ../shared is absent. Tests only.
 */
export function fold(text: string): string {
  return text
    .replace(/<[^>]+>/g, " ")
    .replace(/\[([^\]]*)\]\(#\)/g, "$1")
    .replace(/\$\\geq\s*/g, "≥ ")
    .replace(/\\%/g, "%")
    .replace(/\$/g, "")
    .replace(/[*®™]/g, "")
    .replace(/\[\]/g, "")
    .replace(/[•○▪]/g, " ")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}
