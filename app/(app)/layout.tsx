import { AppHeader } from "@/components/app-header";
import { getDb } from "@/lib/server/db";
import { unreadNotificationCount } from "@/lib/server/notifications/notifications";
import { getViewer, requestMeta } from "@/lib/server/viewer";

// Every page below reads the session and the database: never prerender.
export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // The layout only draws the header; each page checks its own permission (layouts do not
  // re-run on client navigation, so they are no place for authorization).
  // `enrolment`: the layout also frames the enrolment page that staff who must set up two-factor
  // sign-in are sent to; every other page redirects them there itself (getViewer / requirePageAccess).
  const viewer = await getViewer({ enrolment: true });
  // The identity query already counted the unread notifications (see loadSessionViewer); every
  // role may read its own notifications, so this is the count unreadNotificationCount would give.
  const unreadCount = viewer.mustEnrollTwoFactor
    ? 0
    : (viewer.unreadNotifications ??
      (await unreadNotificationCount({ db: await getDb(), viewer, ...(await requestMeta()), via: "web" })));
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <AppHeader viewer={viewer} restricted={viewer.mustEnrollTwoFactor} unreadCount={unreadCount} />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
