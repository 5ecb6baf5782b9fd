// SMART scopes for the FHIR API (SMART App Launch 2.x, Backend Services): which system scopes a
// registered EHR may hold, how a requested scope is narrowed to what it holds, and what each
// FHIR interaction needs. Both syntaxes are read: v1 (`system/Claim.read|write|*`) and v2
// (`system/Claim.cruds` subsets, e.g. `system/Claim.c`). Pure: no I/O.

/** What each FHIR interaction of this server needs. */
export const SCOPE_NEEDS = {
  /** PAS Claim/$submit: creates a Claim. */
  submit: { resource: "Claim", permission: "c" },
  /** PAS Claim/$inquire: reads Claim results. */
  inquire: { resource: "Claim", permission: "r" },
  /** DTR Questionnaire/$questionnaire-package: reads the Questionnaire. */
  questionnairePackage: { resource: "Questionnaire", permission: "r" },
  /** PAS Subscription: create, read (and $status), search, update, delete. */
  subscriptionCreate: { resource: "Subscription", permission: "c" },
  subscriptionRead: { resource: "Subscription", permission: "r" },
  subscriptionSearch: { resource: "Subscription", permission: "s" },
  subscriptionUpdate: { resource: "Subscription", permission: "u" },
  subscriptionDelete: { resource: "Subscription", permission: "d" },
} as const satisfies Record<string, ScopeNeed>;

export type ScopeNeed = { resource: string; permission: Permission };
type Permission = "c" | "r" | "u" | "d" | "s";
const ORDER: readonly Permission[] = ["c", "r", "u", "d", "s"];

/** The scopes an administrator may grant an EHR (v1 names; v2 requests are read against them). */
export const GRANTABLE_SCOPES = [
  "system/Claim.write",
  "system/Claim.read",
  "system/Questionnaire.read",
  "system/Subscription.write",
  "system/Subscription.read",
] as const;
export type GrantableScope = (typeof GRANTABLE_SCOPES)[number];
export const SCOPE_LABELS: Record<GrantableScope, string> = {
  "system/Claim.write": "Submit prior-authorization requests (PAS $submit)",
  "system/Claim.read": "Ask for request results (PAS $inquire)",
  "system/Questionnaire.read": "Fetch the questionnaire (DTR $questionnaire-package)",
  "system/Subscription.write": "Subscribe to results of its requests (PAS subscriptions: create, update, delete)",
  "system/Subscription.read": "Read its subscriptions and their $status",
};

export interface ParsedScope {
  resource: string;
  permissions: ReadonlySet<Permission>;
}

/** A system scope as resource + permissions; null for anything else (user/patient scopes, launch, malformed). */
export function parseScope(scope: string): ParsedScope | null {
  const m = /^system\/([A-Z][A-Za-z]{0,63}|\*)\.(read|write|\*|c?r?u?d?s?)$/.exec(scope);
  if (!m || m[2] === "") return null;
  const [, resource, perms] = m as unknown as [string, string, string];
  const permissions: Permission[] =
    perms === "read"
      ? ["r", "s"]
      : perms === "write"
        ? ["c", "u", "d"]
        : perms === "*"
          ? [...ORDER]
          : (perms.split("") as Permission[]);
  return { resource, permissions: new Set(permissions) };
}

function covers(held: ParsedScope, wanted: ParsedScope): boolean {
  if (held.resource !== "*" && held.resource !== wanted.resource) return false;
  for (const p of wanted.permissions) if (!held.permissions.has(p)) return false;
  return true;
}

/**
 * What a token request is granted: each requested scope the client's registered scopes cover
 * (a wider one is not widened, it is dropped), and the requested scopes refused (not system
 * scopes, or beyond the registration). An empty grant is the token endpoint's `invalid_scope`.
 */
export function grantScopes(
  requested: readonly string[],
  registered: readonly string[],
): { granted: string[]; refused: string[] } {
  const held = registered.map(parseScope).filter((s): s is ParsedScope => s !== null);
  const granted: string[] = [];
  const refused: string[] = [];
  for (const scope of new Set(requested)) {
    const wanted = parseScope(scope);
    if (wanted && held.some((h) => covers(h, wanted))) granted.push(scope);
    else refused.push(scope);
  }
  return { granted, refused };
}

/** Whether a token's scopes allow the interaction. */
export function scopesAllow(scopes: readonly string[], need: ScopeNeed): boolean {
  return scopes
    .map(parseScope)
    .some(
      (s) => s !== null && (s.resource === "*" || s.resource === need.resource) && s.permissions.has(need.permission),
    );
}

/** The scope an error message names for the interaction (v1 form, which every client reads). */
export function scopeNeeded(need: ScopeNeed): string {
  return `system/${need.resource}.${need.permission === "c" || need.permission === "u" || need.permission === "d" ? "write" : "read"}`;
}
