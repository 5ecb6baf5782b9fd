import "server-only";
import { and, count, desc, eq, isNull } from "drizzle-orm";
import { notificationPreferences, notifications } from "@/db/schema";
import type { EmailMode, NotificationEvent } from "@/lib/domain";
import { markReadInput, notificationPreferencesInput } from "@/lib/validation/notifications";
import { audit, recordRefusal, requirePermission, withTransaction, type ServiceContext } from "../context";
import { NotFoundError } from "../errors";
import { parseInput } from "../parse-input";

/** The viewer's unread count (the bell). */
export async function unreadNotificationCount(ctx: ServiceContext): Promise<number> {
  await requirePermission(ctx, "notifications.read");
  const [row] = await ctx.db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, ctx.viewer.userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** The viewer's notifications, newest first (only their own: the user id is the scope). */
export async function listNotifications(ctx: ServiceContext, limit = 100) {
  await requirePermission(ctx, "notifications.read");
  return ctx.db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(eq(notifications.userId, ctx.viewer.userId))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
}

/** Marks one of the viewer's notifications read; another person's is a 404 (audited). Returns where it leads. */
export async function markNotificationRead(ctx: ServiceContext, input: unknown): Promise<{ link: string }> {
  await requirePermission(ctx, "notifications.read");
  const { id } = parseInput(markReadInput, input, "notification");
  const [row] = await ctx.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.id, id), eq(notifications.userId, ctx.viewer.userId)))
    .returning({ link: notifications.link });
  if (!row) {
    await recordRefusal(ctx, "notification.read", {
      type: "notification",
      id,
      reason: "not found or not the viewer's",
    });
    throw new NotFoundError("notification");
  }
  return row;
}

export async function markAllNotificationsRead(ctx: ServiceContext): Promise<{ count: number }> {
  await requirePermission(ctx, "notifications.read");
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, ctx.viewer.userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { count: rows.length };
}

export interface NotificationPreferences {
  emailMode: EmailMode;
  emailEvents: NotificationEvent[];
}

export async function getNotificationPreferences(ctx: ServiceContext): Promise<NotificationPreferences> {
  await requirePermission(ctx, "notifications.read");
  const [row] = await ctx.db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, ctx.viewer.userId))
    .limit(1);
  return { emailMode: row?.emailMode ?? "off", emailEvents: row?.emailEvents ?? [] };
}

/** Saves the viewer's email preferences (audited with the values: no secret in them). */
export async function setNotificationPreferences(
  ctx: ServiceContext,
  input: unknown,
): Promise<NotificationPreferences> {
  await requirePermission(ctx, "notifications.read");
  const data = parseInput(notificationPreferencesInput, input, "notification preferences");
  const emailEvents = [...new Set(data.emailEvents)];
  return withTransaction(ctx, async (tx) => {
    await tx
      .insert(notificationPreferences)
      .values({ userId: ctx.viewer.userId, emailMode: data.emailMode, emailEvents, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: notificationPreferences.userId,
        set: { emailMode: data.emailMode, emailEvents, updatedAt: new Date() },
      });
    await audit(tx, ctx, {
      action: "notifications.preferences",
      targetType: "user",
      targetId: ctx.viewer.userId,
      details: { emailMode: data.emailMode, emailEvents },
    });
    return { emailMode: data.emailMode, emailEvents };
  });
}
