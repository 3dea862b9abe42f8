/** In-app notifications: written in the caller's transaction, shown in the notification centre. */
import { and, count, desc, eq, isNull } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { notifications } from "@db/schema";

export interface NotificationInput {
  userId: string;
  /** Rendered with the dictionary key `notification.<kind>` and `payload` as parameters. */
  kind: string;
  payload?: Record<string, string | number>;
  link?: string;
}

export async function notify(tx: Tx, items: NotificationInput | NotificationInput[]): Promise<void> {
  const list = Array.isArray(items) ? items : [items];
  if (!list.length) return;
  await tx.insert(notifications).values(list.map((n) => ({ userId: n.userId, kind: n.kind, payload: n.payload ?? {}, link: n.link ?? null })));
}

export async function unreadCount(userId: string): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function listNotifications(userId: string, limit = 50) {
  return getDb().select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(limit);
}

/** Mark one notification (or all, when id is undefined) of this user as read. */
export async function markRead(userId: string, id?: number): Promise<number> {
  const rows = await getDb()
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), id === undefined ? undefined : eq(notifications.id, id)))
    .returning({ id: notifications.id });
  return rows.length;
}
