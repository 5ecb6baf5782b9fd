// OperationOutcome for every refusal of the FHIR API: each issue names the element (expression).
import type { OperationOutcome, OperationOutcomeIssue } from "@medplum/fhirtypes";

export type IssueCode = OperationOutcomeIssue["code"];

export function operationOutcome(
  issues: { code: IssueCode; diagnostics: string; expression?: string; severity?: OperationOutcomeIssue["severity"] }[],
): OperationOutcome {
  return {
    resourceType: "OperationOutcome",
    issue: issues.map((i) => ({
      severity: i.severity ?? "error",
      code: i.code,
      diagnostics: i.diagnostics,
      ...(i.expression ? { expression: [i.expression] } : {}),
    })),
  };
}
