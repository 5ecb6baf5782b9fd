import { unreadNotificationCount } from "@/lib/server/notifications/notifications";
import { serviceContext } from "@/lib/server/viewer";
import { errorResponse, json } from "@/app/api/v1/_lib/http";

/**
 * GET /notifications/unread: the signed-in person's unread count, for the header's bell. A plain
 * GET (not a server action): polling must never queue behind, or hold up, the router's navigations.
 * Without a session: 401 (the bell then stops polling), recorded once an hour per address.
 */
export async function GET() {
  try {
    return json({ count: await unreadNotificationCount(await serviceContext({ poll: true })) });
  } catch (err) {
    return errorResponse(err);
  }
}
