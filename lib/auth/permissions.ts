import type { Role } from "@/lib/domain";

export type { Role };
export { ROLE_LABELS } from "@/lib/domain";

const REVIEWERS = ["nurse_reviewer", "physician_reviewer"] as const;
const EVERYONE = ["provider", "nurse_reviewer", "physician_reviewer", "auditor", "admin"] as const;

/**
 * Who may do what (PRODUCT.md "Roles and what each may do"). The one table every page,
 * action, route and button asks. Organization scope is checked separately (cases are
 * visible to a provider only in its own organization).
 */
export const PERMISSIONS = {
  "policy.read": EVERYONE,
  // one's own notifications and their email preferences
  "notifications.read": EVERYONE,
  // provider side, scoped to the provider's organization
  "case.create": ["provider"],
  "case.list_own": ["provider"],
  "case.withdraw": ["provider"],
  "case.respond": ["provider"],
  "case.appeal": ["provider"],
  "attachment.upload": ["provider"],
  "apikey.manage": ["provider"],
  // an organization's webhook endpoints: providers for their case events; the plan's
  // administrators for the audit anchor (audit.checkpoint) only (domain.ts webhookEventsFor)
  "webhook.manage": ["provider", "admin"],
  // an organization's PAS subscriptions (FHIR rest-hook notifications of its requests' answers)
  "fhir_subscription.manage": ["provider"],
  // every submitted case
  "case.read_any": [...REVIEWERS, "auditor"],
  "queue.read": REVIEWERS,
  "case.claim": REVIEWERS,
  "case.pend": REVIEWERS,
  "case.approve": REVIEWERS,
  "case.escalate": ["nurse_reviewer"],
  "case.deny": ["physician_reviewer"],
  "case.decide_unaddressed": ["physician_reviewer"],
  "queue.physician": ["physician_reviewer"],
  "appeal.decide": ["physician_reviewer"],
  // quality review of the automated approvals drawn for it (measures the engine; never changes a decision)
  "qa.review": REVIEWERS,
  "letter.read": ["provider", ...REVIEWERS, "auditor"],
  // audit
  "audit.read": ["auditor"],
  "audit.verify": ["auditor"],
  "audit.export": ["auditor"],
  "reports.read": ["auditor"],
  // the yearly public prior-authorization metrics (CMS-0057-F): publish a completed year, or a new version of it
  "metrics.publish": ["auditor", "admin"],
  // administration
  "users.manage": ["admin"],
  "organizations.manage": ["admin"],
  "outbox.read": ["admin"],
  "apikey.admin": ["admin"],
  // the plan's automated approval (phases and indications, quality-review share) and gold cards
  "automation.manage": ["admin"],
  // the public metrics' minimum group size (smaller groups are not shown)
  "metrics.settings": ["admin"],
  // EHRs registered for SMART Backend Services and signed CDS Hooks calls, and the API-key fallback on /fhir
  "ehrclient.manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Where each role starts after signing in. */
export const LANDING_PAGE: Record<Role, string> = {
  provider: "/cases",
  nurse_reviewer: "/queue",
  physician_reviewer: "/queue",
  auditor: "/audit",
  admin: "/admin/users",
  // never signed in with (sign-in refuses the account)
  policy_engine: "/login",
};
