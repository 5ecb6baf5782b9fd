// npm run --silent policy:evaluate -- FILE [FILE...]
//
// Prints one JSON array with one element per FILE, in order: {"file", "result"} or
// {"file", "error": {"message", "issues"}} (unreadable file, not JSON, or not the FORMAT
// contract). One bad file never stops the others. Exit 0 when every file produced an element,
// 2 with a usage message when no file is given. Contract: reference/conformance/FORMAT.md.

import { readFileSync } from "node:fs";
import { evaluate, parsePolicyRequest, type EvaluationResult, type RequestError } from "@/lib/policy";

type Element = { file: string; result: EvaluationResult } | { file: string; error: RequestError };

const READ_ERRORS: Record<string, string> = {
  ENOENT: "the file does not exist",
  EACCES: "permission to read the file was denied",
  EISDIR: "it is a directory, not a file",
};

function fileError(message: string): RequestError {
  return { message, issues: [] };
}

function evaluateFile(file: string): Element {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code ?? "";
    return {
      file,
      error: fileError(`Could not read the file: ${READ_ERRORS[code] ?? `read failed (${code || "unknown error"})`}.`),
    };
  }
  let input: unknown;
  try {
    input = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    const detail = err instanceof SyntaxError ? `: ${err.message}` : "";
    return { file, error: fileError(`The file is not valid JSON${detail}.`) };
  }
  const parsed = parsePolicyRequest(input);
  if (!parsed.ok) return { file, error: parsed.error };
  try {
    return { file, result: evaluate(parsed.data) };
  } catch {
    return { file, error: fileError("The request could not be evaluated (internal error).") };
  }
}

function main(argv: string[]): number {
  const files = argv.filter((a) => a !== "--");
  if (files.length === 0) {
    process.stderr.write("usage: npm run --silent policy:evaluate -- FILE [FILE...]\n");
    return 2;
  }
  process.stdout.write(`${JSON.stringify(files.map(evaluateFile), null, 2)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
