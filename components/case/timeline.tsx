import { formatPlanDateTime } from "@/lib/domain";
import { ROLE_LABELS, type Role } from "@/lib/auth/permissions";

export interface TimelineItem {
  at: Date;
  label: string;
  actorRole: string | null;
}

/** A case's history in plain words, oldest first. */
export function Timeline({ items }: { items: TimelineItem[] }) {
  if (!items.length) return <p className="text-sm">Nothing has happened yet.</p>;
  return (
    <ol className="space-y-2 border-l-2 border-slate-300 pl-4 text-sm">
      {items.map((item, i) => (
        <li key={i}>
          <time dateTime={item.at.toISOString()} className="block text-slate-600">
            {formatPlanDateTime(item.at)}
          </time>
          <span className="font-medium">{item.label}</span>
          {item.actorRole && item.actorRole in ROLE_LABELS ? (
            <span className="text-slate-600"> · {ROLE_LABELS[item.actorRole as Role]}</span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
