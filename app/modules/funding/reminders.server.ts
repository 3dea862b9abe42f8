/**
 * Deadline reminders, run by the scheduler (e.g. daily): for each application still in preparation
 * whose deadline is N days away or less (N in REMINDER_DAYS), the people of the lead cluster and of
 * every member cluster get an in-app notification and an email (outbox), once per threshold.
 *
 * Idempotent: the reminder is recorded in `application_reminders` (primary key application +
 * deadline + threshold) in the same transaction as the notifications; a second run — or a second
 * process running at the same time — finds the row and sends nothing. A changed deadline gets its
 * own reminders. Only the tightest threshold due is sent (an application created 2 days before its
 * deadline gets the "3 days" reminder, not the "14 days" one as well).
 */
import { and, eq, gte, inArray, lte } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { users } from "@db/schema";
import { applicationMembers, applicationReminders, jointApplications } from "@db/schema";
import { CLUSTER_ROLES } from "~/modules/auth/permissions";
import { appUrl } from "~/modules/config.server";
import { formatDate, translator } from "~/modules/i18n";
import { sendEmail } from "~/modules/notifications/mail.server";
import { notify } from "~/modules/notifications/notifications.server";
import { applicationLink } from "./applications.server";
import { addDays, daysBetween, todayIso } from "./metrics";
import { PREPARATION_STAGES } from "./stages";

/** Days before the deadline when reminders go out (FUNDING_REMINDER_DAYS="14,3" overrides). */
export function reminderDays(): number[] {
  const raw = process.env.FUNDING_REMINDER_DAYS;
  const parsed = (raw ?? "14,3")
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n >= 0 && n <= 365);
  return [...new Set(parsed.length ? parsed : [14, 3])].sort((a, b) => a - b);
}

export interface ReminderRun {
  /** Applications reminded in this run. */
  applications: number;
  /** Notifications written (one per person; each also gets an email). */
  messages: number;
}

export async function queueDeadlineReminders(now: Date = new Date(), thresholds: number[] = reminderDays()): Promise<ReminderRun> {
  const db = getDb();
  const days = [...new Set(thresholds)].sort((a, b) => a - b);
  if (!days.length) return { applications: 0, messages: 0 };
  const today = todayIso(now);
  const horizon = addDays(today, Math.max(...days));
  const due = await db
    .select({ id: jointApplications.id, title: jointApplications.title, deadline: jointApplications.deadline, leadClusterId: jointApplications.leadClusterId })
    .from(jointApplications)
    .where(and(inArray(jointApplications.stage, [...PREPARATION_STAGES]), gte(jointApplications.deadline, today), lte(jointApplications.deadline, horizon)));
  const run: ReminderRun = { applications: 0, messages: 0 };
  for (const app of due) {
    const deadline = app.deadline!;
    const left = daysBetween(today, deadline);
    const threshold = days.find((n) => left <= n);
    if (threshold === undefined) continue;
    const sent = await db.transaction(async (tx) => {
      const [claimed] = await tx
        .insert(applicationReminders)
        .values({ applicationId: app.id, deadline, daysBefore: threshold, sentAt: now })
        .onConflictDoNothing()
        .returning({ applicationId: applicationReminders.applicationId });
      if (!claimed) return null;
      const memberIds = (await tx.select({ clusterId: applicationMembers.clusterId }).from(applicationMembers).where(eq(applicationMembers.applicationId, app.id))).map((m) => m.clusterId);
      const clusterIds = [...new Set([app.leadClusterId, ...memberIds])];
      const people = await tx
        .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
        .from(users)
        .where(and(inArray(users.clusterId, clusterIds), inArray(users.role, [...CLUSTER_ROLES])));
      const link = applicationLink(app.id);
      await notify(
        tx,
        people.map((u) => ({ userId: u.id, kind: "funding.deadline", payload: { title: app.title, days: left, date: formatDate(u.locale, `${deadline}T12:00:00Z`) }, link })),
      );
      for (const u of people) {
        const t = translator(u.locale);
        const params = { name: u.name, title: app.title, days: left, date: formatDate(u.locale, `${deadline}T12:00:00Z`), link: `${appUrl()}${link}` };
        await sendEmail(tx, { to: u.email, kind: "funding_deadline", subject: t("funding.mail.deadline.subject", params), text: t("funding.mail.deadline.body", params) });
      }
      return people.length;
    });
    if (sent === null) continue; // already reminded
    run.applications += 1;
    run.messages += sent;
  }
  return run;
}
