import { describe, expect, it } from "vitest";
import { CONTAINS_NAME_OR_EMAIL, passwordProblem } from "./password-strength";

const rosalind = ["Rosalind Featherstonehaugh", "r.featherstonehaugh@northside.example"];

describe("passwordProblem", () => {
  it("refuses short, common and personal passwords with a clear message", () => {
    expect(passwordProblem("short")).toBe("Use at least 12 characters.");
    expect(passwordProblem("password1234")).toMatch(/^This password is too easy to guess\./);
    expect(passwordProblem("qwertyuiop12")).toMatch(/too easy to guess/);
    expect(passwordProblem("danamorgan12", ["Dana Morgan", "dana.morgan@northside.example"])).toBe(
      CONTAINS_NAME_OR_EMAIL,
    );
  });

  it("refuses the person's full name in any spacing, case or punctuation", () => {
    for (const password of [
      "Rosalind Featherstonehaugh",
      "rosalind featherstonehaugh",
      "RosalindFeatherstonehaugh",
      "Rosalind.Featherstonehaugh",
      "ROSALIND_featherstonehaugh!",
      "  Rosalind   Featherstonehaugh 1 ",
    ])
      expect(passwordProblem(password, rosalind), password).toBe(CONTAINS_NAME_OR_EMAIL);
  });

  it("refuses a name part of 4+ letters that makes up most of the password, and the email's local part", () => {
    expect(passwordProblem("Featherstonehaugh2024", rosalind)).toBe(CONTAINS_NAME_OR_EMAIL);
    expect(passwordProblem("rosalind-rosalind", rosalind)).toBe(CONTAINS_NAME_OR_EMAIL);
    expect(passwordProblem("xx-R.Featherstonehaugh", rosalind)).toBe(CONTAINS_NAME_OR_EMAIL);
    expect(passwordProblem("José Núñez-Álvarez", ["Jose Nunez-Alvarez", "jna@x.example"])).toBe(CONTAINS_NAME_OR_EMAIL);
  });

  it("leaves a long passphrase with a short part of the name to the strength check", () => {
    expect(passwordProblem("rosalind-violet-kayak-harbor-37", rosalind)).toBeNull();
  });

  it("says in plain words what makes a password easy to guess", () => {
    const problems = [
      passwordProblem("aaaaaaaaaaaa"),
      passwordProblem("abcabcabcabc"),
      passwordProblem("abcdefghijkl"),
      passwordProblem("password2024"),
      passwordProblem("12/31/1999ab"),
    ];
    for (const p of problems) {
      expect(p).toMatch(/^This password is too easy to guess\. .+ Add more unrelated words or characters\.$/);
      expect(p).not.toMatch(/page related|personal or/);
    }
    expect(problems[0]).toMatch(/same character repeated/);
    expect(problems[1]).toMatch(/same group of characters repeated/);
    expect(problems[2]).toMatch(/Runs of letters or numbers/);
    expect(passwordProblem("PriorAuthorization", [])).toMatch(/portal's name/);
  });

  it("accepts a long unrelated passphrase", () => {
    expect(passwordProblem("violet-kayak-harbor-37")).toBeNull();
    expect(passwordProblem("violet-kayak-harbor-37", rosalind)).toBeNull();
  });
});
