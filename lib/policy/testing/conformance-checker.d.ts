// Types for the public conformance checker, a plain JavaScript file kept byte for byte as published.
declare module "@/reference/conformance/check.mjs" {
  /** Folds text (markup, quotes, bullets, case, white space) before a quote is searched in the policy. */
  export function fold(text: string): string;
}
