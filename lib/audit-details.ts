/** The order an audit event's details read in: what was before, then what it became, then the rest as stored. */
const LEADING = ["before", "after"];

/**
 * An audit event's details as [key, text] pairs for display: "before" first, then "after" (the
 * database's jsonb keeps keys ordered by length, which put "after" first), then the other keys in
 * their stored order. Strings are shown as they are, anything else as compact JSON.
 */
export function auditDetailEntries(details: unknown): [string, string][] {
  if (!details || typeof details !== "object" || Array.isArray(details)) return [];
  const entries = Object.entries(details as Record<string, unknown>);
  const rank = (k: string) => (LEADING.includes(k) ? LEADING.indexOf(k) : LEADING.length);
  return entries
    .map((e, i) => [e, i] as const)
    .sort(([[a], i], [[b], j]) => rank(a) - rank(b) || i - j)
    .map(([[k, v]]) => [k, typeof v === "string" ? v : (JSON.stringify(v) ?? String(v))]);
}

/** A person an event is about, as the audit history names them; the short id when the account is unknown. */
export function auditTargetLabel(target: {
  targetType: string | null;
  targetId: string | null;
  targetUser: { name: string; email: string } | null;
}): string {
  if (!target.targetType) return "";
  if (target.targetUser) return `${target.targetUser.name} (${target.targetUser.email})`;
  return `${target.targetType}${target.targetId ? ` ${target.targetId.slice(0, 8)}` : ""}`;
}
