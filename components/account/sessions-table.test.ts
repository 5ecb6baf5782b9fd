// "Your sessions" shows plan time (America/New_York, "ET") like the rest of the portal, not UTC.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { userSessions } from "@/db/schema";
import { formatPlanDateTime } from "@/lib/domain";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenUser } from "@/test/given";
import { listMySessions } from "@/lib/server/account/sessions";
import { SessionsTable } from "./sessions-table";

const endAction = async () => ({ ok: true as const, data: null });
const render = (sessions: Parameters<typeof SessionsTable>[0]["sessions"]) =>
  renderToStaticMarkup(createElement(SessionsTable, { sessions, endAction }));
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle?.close());

describe("Your sessions", () => {
  it("shows each sign-in in plan time (ET), across midnight and daylight saving, never UTC", () => {
    const html = render([
      // 03:30 UTC in winter is 10:30 PM the evening before in New York (UTC−5).
      {
        id: "a",
        ip: "203.0.113.7",
        userAgent: "Mozilla/5.0 (Windows NT 10.0) Chrome/130.0",
        createdAt: new Date("2026-01-15T03:30:00Z"),
        current: true,
      },
      // 16:05 UTC in summer is 12:05 PM (UTC−4).
      { id: "b", ip: null, userAgent: null, createdAt: new Date("2026-07-04T16:05:00Z"), current: false },
    ]);
    const shown = text(html);
    expect(shown).toContain("Jan 14, 2026, 10:30 PM ET");
    expect(shown).toContain("Jul 4, 2026, 12:05 PM ET");
    expect(shown).not.toMatch(/UTC|03:30|16:05|2026-01-15/);
    // The machine-readable instant stays exact; the End button names the session the way it is shown.
    expect(html).toContain('<time dateTime="2026-01-15T03:30:00.000Z">');
    expect(shown).toContain("End session from Jul 4, 2026, 12:05 PM ET");
    expect(shown).toContain("This session");
    expect(shown).toContain("Chrome on Windows");
    expect(shown).toContain("unknown address");
  });

  it("renders the person's open sessions from the database with the portal's date helper", async () => {
    const user = await givenUser(handle.db, "auditor");
    const at = new Date("2026-11-01T05:59:00Z"); // 1:59 AM EDT, just before the clocks go back
    const [row] = await handle.db
      .insert(userSessions)
      .values({
        id: "sess-test-1",
        userId: user.id,
        ip: "198.51.100.4",
        userAgent: "Firefox/140.0 (X11; Linux x86_64)",
        createdAt: at,
      })
      .returning();
    const sessions = await listMySessions({
      ...ctxFor(handle.db, user),
      viewer: { ...ctxFor(handle.db, user).viewer, sessionId: row!.id },
    });
    const shown = text(render(sessions));
    expect(shown).toContain(formatPlanDateTime(at));
    expect(shown).toContain("Nov 1, 2026, 1:59 AM ET");
    expect(shown).toContain("This session");
  });
});
