import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentedRequest } from "./fixtures";

// Spawns scripts/policy-evaluate.ts the way `npm run policy:evaluate` does (tsx), on temp files.
const root = fileURLToPath(new URL("../..", import.meta.url));
const tsx = join(root, "node_modules", ".bin", "tsx");
const script = join(root, "scripts", "policy-evaluate.ts");

function cli(...files: string[]) {
  const run = spawnSync(tsx, [script, ...files], { cwd: root, encoding: "utf8", timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

let dir: string;
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "policy-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("policy:evaluate", () => {
  it("prints one element per file, in order, and exits 0 even when some files are bad", () => {
    const good = file(
      "good.json",
      JSON.stringify({ ...documentedRequest("chronic_nonmalignant_pain", "trial"), expected: { outcome: "x" } }),
    );
    const notJson = file("not-json.json", "{ this is not json");
    const invalid = file(
      "invalid.json",
      JSON.stringify({ ...documentedRequest("cancer_pain", "trial"), member: { lineOfBusiness: "commercial" } }),
    );
    const cancer = file("cancer.json", JSON.stringify(documentedRequest("cancer_pain", "implant")));
    const absent = join(dir, "does-not-exist.json");

    const run = cli(good, notJson, invalid, absent, cancer);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.map((e: { file: string }) => e.file)).toEqual([good, notJson, invalid, absent, cancer]);

    expect(out[0].result.outcome).toBe("meets_criteria");
    expect(out[0].result.policy).toEqual({ id: "PHARMACY 339.7", effectiveDate: "2023-07-01", version: "339.7" });

    expect(out[1].error.message).toMatch(/not valid JSON/);
    expect(out[1].error.issues).toEqual([]);

    expect(out[2].error.message).toMatch(/member\.dateOfBirth: is required/);
    expect(out[2].error.issues).toEqual([{ path: "member.dateOfBirth", message: "is required" }]);

    expect(out[3].error.message).toMatch(/Could not read the file: the file does not exist/);
    expect(out[4].result.outcome).toBe("requires_clinical_review");

    expect(run.stdout).not.toMatch(/\n\s+at /); // no stack traces
    expect(run.stderr).toBe("");
  });

  it("reports an empty file and a JSON value that is not an object as errors", () => {
    const run = cli(file("empty.json", ""), file("array.json", "[1,2]"));
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out[0].error.message).toMatch(/not valid JSON/);
    expect(out[1].error.issues).toEqual([{ path: "", message: "must be a JSON object" }]);
  });

  it("exits 2 with a usage message when no file is given", () => {
    const run = cli();
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/usage: npm run --silent policy:evaluate -- FILE/);
  });

  it("runs through npm exactly as the conformance checker calls it", () => {
    const good = file("npm.json", JSON.stringify(documentedRequest("spasticity", "trial")));
    const run = spawnSync("npm", ["run", "--silent", "policy:evaluate", "--", good], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)[0].result.outcome).toBe("requires_clinical_review");
  });
});
