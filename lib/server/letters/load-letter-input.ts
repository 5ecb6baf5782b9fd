import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations, type cases } from "@/db/schema";
import { ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import type { PolicyVersion } from "@/lib/policy";
import type { AutomationBasis } from "@/lib/policy/documents";
import type { LetterFinding, LetterInput } from "./build-letter";

/** The case-level parts of a letter: who it is for and what was requested. */
export async function letterCaseFields(db: Db, row: typeof cases.$inferSelect) {
  const [org] = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, row.organizationId))
    .limit(1);
  const request = (row.request ?? {}) as { request?: { cptCodes?: unknown; serviceDate?: unknown } };
  const codes = Array.isArray(request.request?.cptCodes)
    ? request.request.cptCodes.filter((c): c is string => typeof c === "string")
    : [];
  return {
    reference: row.reference,
    organizationName: org?.name ?? "",
    memberName: row.memberName,
    memberId: row.memberId,
    indication: row.indication,
    phase: row.phase,
    cptCodes: codes,
    serviceDate: typeof request.request?.serviceDate === "string" ? request.request.serviceDate : null,
  };
}

export function letterInput(
  caseFields: Awaited<ReturnType<typeof letterCaseFields>>,
  d: {
    kind: LetterInput["kind"];
    decision: LetterInput["decision"];
    decidedAt: Date;
    reviewerName: string;
    reviewerRole: Role;
    rationale: string;
    interqual: { subset: string; result: string } | null;
    outsidePolicy: boolean;
    automation?: AutomationBasis | null;
  },
  policy: PolicyVersion,
  findings: LetterFinding[],
): LetterInput {
  const { automation, ...rest } = d;
  return {
    ...caseFields,
    ...rest,
    reviewerRole: ROLE_LABELS[d.reviewerRole],
    policy,
    findings,
    goldCard: automation?.reason === "gold_card",
  };
}
