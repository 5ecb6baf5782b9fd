import { ActionForm } from "@/components/ui/action-form";
import { DataTable, Td } from "@/components/ui/data-table";
import { formatPlanDateTime } from "@/lib/domain";
import type { ActionResult } from "@/lib/server/errors";

export interface SessionRow {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  current: boolean;
}

/** A short description of a browser from its user agent (enough to tell sessions apart). */
function browserOf(ua: string | null): string {
  if (!ua) return "unknown browser";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Chrome\//.test(ua)
      ? "Chrome"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /Safari\//.test(ua)
          ? "Safari"
          : ua.slice(0, 40);
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Mac OS X/.test(ua)
      ? "macOS"
      : /Android/.test(ua)
        ? "Android"
        : /iPhone|iPad/.test(ua)
          ? "iOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "";
  return os ? `${browser} on ${os}` : browser;
}

/**
 * "Your sessions": when (plan time, ET, like every other time in the portal), from where and in
 * which browser the person is signed in, each with a button to end it (not the current one).
 */
export function SessionsTable({
  sessions,
  endAction,
}: {
  sessions: SessionRow[];
  endAction: (form: FormData) => Promise<ActionResult<unknown>>;
}) {
  return (
    <DataTable caption="Your sessions" headers={["Signed in", "From", "Browser", ""]}>
      {sessions.map((s) => {
        const when = formatPlanDateTime(s.createdAt);
        return (
          <tr key={s.id} data-testid="session-row">
            <Td className="whitespace-nowrap">
              <time dateTime={s.createdAt.toISOString()}>{when}</time>
            </Td>
            <Td>{s.ip ?? "unknown address"}</Td>
            <Td>{browserOf(s.userAgent)}</Td>
            <Td>
              {s.current ? (
                <span className="font-medium">This session</span>
              ) : (
                <ActionForm
                  action={endAction}
                  submitLabel={
                    <>
                      End<span className="sr-only"> session from {when}</span>
                    </>
                  }
                  buttonClassName="rounded border border-red-700 px-2 py-1 text-xs font-medium text-red-800"
                  className="inline-flex"
                >
                  <input type="hidden" name="sessionId" value={s.id} />
                </ActionForm>
              )}
            </Td>
          </tr>
        );
      })}
    </DataTable>
  );
}
