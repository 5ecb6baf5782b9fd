import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import { MIN_PASSWORD_LENGTH } from "@/lib/validation/account";

let checker: ZxcvbnFactory | undefined;

/**
 * A new password's problem in words, or null when it is acceptable: at least 12 characters and
 * not guessable by zxcvbn (score 3 of 4 or better: common passwords, keyboard patterns, dates,
 * the person's own name or email are refused).
 */
export function passwordProblem(password: string, personal: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  checker ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  const words = personal
    .flatMap((p) => [p.toLowerCase().replace(/[^a-z0-9]+/g, ""), ...p.toLowerCase().split(/[^a-z0-9]+/)])
    .filter((w) => w.length >= 3);
  const result = checker.check(password, [...words, "portal", "prior", "authorization"]);
  if (result.score >= 3) return null;
  const hint = result.feedback.warning ? `${result.feedback.warning} ` : "";
  return `This password is too easy to guess. ${hint}Add more unrelated words or characters.`
    .replace(/\s+/g, " ")
    .trim();
}
