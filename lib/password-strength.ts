import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import { MIN_PASSWORD_LENGTH } from "@/lib/validation/account";

let checker: ZxcvbnFactory | undefined;

export const CONTAINS_NAME_OR_EMAIL = "Your password can't contain your name or email address.";

/**
 * zxcvbn's warnings in plain words (the ones a person meets: personal data, repeats, sequences,
 * common words, dates); the original wording ("personal or page related data") is not understood.
 */
const PLAIN_WARNINGS: typeof en.translations.warnings = {
  ...en.translations.warnings,
  straightRow: "Keys next to each other on the keyboard (like “asdfgh”) are easy to guess.",
  keyPattern: "Keyboard patterns are easy to guess.",
  simpleRepeat: "The same character repeated (like “aaaa”) is easy to guess.",
  extendedRepeat: "The same group of characters repeated (like “abcabc”) is easy to guess.",
  sequences: "Runs of letters or numbers (like “abcd” or “1234”) are easy to guess.",
  recentYears: "Years are easy to guess.",
  dates: "Dates are easy to guess.",
  topTen: "This is one of the most used passwords.",
  topHundred: "This is one of the most used passwords.",
  common: "This is a commonly used password.",
  similarToCommon: "This is a commonly used password with small changes.",
  wordByItself: "A single word is easy to guess.",
  namesByThemselves: "A name on its own is easy to guess.",
  commonNames: "Common names are easy to guess.",
  userInputs: "It contains your name, your email address or the portal's name.",
};

/** Lower case letters and digits only: "Rosalind.Feather-Stone" → "rosalindfeatherstone" (accents dropped). */
const squash = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");

/** The words of a name or an email's local part: "Rosalind Featherstonehaugh" → ["rosalind", "featherstonehaugh"]. */
const wordsOf = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * Whether the password is made of the person's name or email: it contains the whole name or the
 * email's local part (in any spacing, case or punctuation), or name parts of 4+ letters make up
 * most of it ("Featherstonehaugh2024" is refused, "rosalind-kayak-harbor-37" is left to zxcvbn).
 */
function containsNameOrEmail(password: string, personal: string[]): boolean {
  const squashed = squash(password);
  if (!squashed) return false;
  const wholes = new Set<string>();
  const parts = new Set<string>();
  for (const p of personal) {
    const at = p.lastIndexOf("@");
    const text = at > 0 ? p.slice(0, at) : p;
    wholes.add(squash(text));
    for (const w of wordsOf(text)) if (w.length >= 4) parts.add(w);
  }
  for (const whole of wholes) if (whole.length >= 4 && squashed.includes(whole)) return true;
  // Characters of the password covered by name parts (each position counted once).
  const covered = new Array<boolean>(squashed.length).fill(false);
  for (const part of parts) {
    for (let i = squashed.indexOf(part); i !== -1; i = squashed.indexOf(part, i + 1))
      covered.fill(true, i, i + part.length);
  }
  return covered.filter(Boolean).length * 2 > squashed.length;
}

/**
 * A new password's problem in plain words, or null when it is acceptable: at least 12 characters,
 * not made of the person's name or email (`personal`: their full name and email), and not
 * guessable by zxcvbn (score 3 of 4 or better: common passwords, keyboard patterns, dates).
 */
export function passwordProblem(password: string, personal: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (containsNameOrEmail(password, personal)) return CONTAINS_NAME_OR_EMAIL;
  checker ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: { ...en.translations, warnings: PLAIN_WARNINGS },
  });
  const words = personal.flatMap((p) => [squash(p), ...wordsOf(p)]).filter((w) => w.length >= 3);
  const result = checker.check(password, [...words, "portal", "prior", "authorization"]);
  if (result.score >= 3) return null;
  const hint = result.feedback.warning ? `${result.feedback.warning} ` : "";
  return `This password is too easy to guess. ${hint}Add more unrelated words or characters.`
    .replace(/\s+/g, " ")
    .trim();
}
