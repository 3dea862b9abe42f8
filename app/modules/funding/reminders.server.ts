/**
 * Reminders, run by the scheduler (hourly): the people of the lead cluster and of every member
 * cluster get an in-app notification and an email (outbox, kind "funding"), once per threshold,
 * - before a submission deadline, for applications still in preparation (`queueDeadlineReminders`);
 * - before a reporting milestone of an award is due, while it is not done (`queueMilestoneReminders`).
 *
 * Idempotent: each reminder is recorded (`application_reminders`: application + deadline + threshold;
 * `milestone_reminders`: milestone + due date + threshold) in the same transaction as its messages; a
 * second run — or a second process at the same time — finds the row and sends nothing. A changed date
 * gets its own reminders. Only the tightest threshold due is sent (an application created 2 days
 * before its deadline gets the "3 days" reminder, not the "14 days" one as well).
 */
import { and, eq, gte, inArray, isNull, lte, or } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { applicationMembers, applicationMilestones, applicationReminders, jointApplications, milestoneReminders } from "@db/schema";
import { setting } from "~/modules/config.server";
import { formatDate } from "~/modules/i18n";
import { applicationLink, consortiumUsers, tell } from "./application-rules.server";
import { addDays, daysBetween, todayIso } from "./metrics";
import { PREPARATION_STAGES } from "./stages";

/** Days before a date when reminders go out (FUNDING_REMINDER_DAYS="14,3" overrides). */
export function reminderDays(): number[] {
  // Validated at start (config.server.ts ENV_SCHEMA): whole days from 0 to 365, comma-separated.
  const days = (setting("FUNDING_REMINDER_DAYS") ?? "14,3").split(",").map((s) => Number(s.trim()));
  return [...new Set(days)].sort((a, b) => a - b);
}

export interface ReminderRun {
  /** Applications (or milestones) reminded in this run. */
  applications: number;
  /** Notifications written (one per person; each also gets an email). */
  messages: number;
}

const longDate = (locale: "fr" | "en", iso: string) => formatDate(locale, `${iso}T12:00:00Z`, { dateStyle: "long", timeZone: "UTC" });

interface Due {
  applicationId: string;
  leadClusterId: string;
  title: string;
  /** The date the reminder is about. */
  date: string;
}

/**
 * The loop shared by both reminders: for each item due within the largest threshold, claim the
 * tightest threshold reached (`claim` inserts its row ON CONFLICT DO NOTHING and says whether it won),
 * then tell the consortium in the same transaction.
 */
async function remind<T extends Due>(
  items: readonly T[],
  days: readonly number[],
  today: string,
  claim: (tx: Tx, item: T, threshold: number) => Promise<boolean>,
  what: (item: T, left: number) => Parameters<typeof tell>[3],
): Promise<ReminderRun> {
  const run: ReminderRun = { applications: 0, messages: 0 };
  for (const item of items) {
    const left = daysBetween(today, item.date);
    const threshold = days.find((n) => left <= n);
    if (threshold === undefined || left < 0) continue;
    const sent = await getDb().transaction(async (tx) => {
      if (!(await claim(tx, item, threshold))) return null;
      const members = (await tx.select({ clusterId: applicationMembers.clusterId }).from(applicationMembers).where(eq(applicationMembers.applicationId, item.applicationId))).map((m) => m.clusterId);
      return tell(tx, await consortiumUsers(tx, [...new Set([item.leadClusterId, ...members])]), null, what(item, left));
    });
    if (sent === null) continue; // already reminded
    run.applications += 1;
    run.messages += sent;
  }
  return run;
}

export async function queueDeadlineReminders(now: Date = new Date(), thresholds: number[] = reminderDays()): Promise<ReminderRun> {
  const days = [...new Set(thresholds)].sort((a, b) => a - b);
  if (!days.length) return { applications: 0, messages: 0 };
  const today = todayIso(now);
  const due = await getDb()
    .select({ applicationId: jointApplications.id, title: jointApplications.title, date: jointApplications.deadline, leadClusterId: jointApplications.leadClusterId })
    .from(jointApplications)
    .where(and(inArray(jointApplications.stage, [...PREPARATION_STAGES]), gte(jointApplications.deadline, today), lte(jointApplications.deadline, addDays(today, Math.max(...days)))));
  return remind(
    due.map((d) => ({ ...d, date: d.date! })),
    days,
    today,
    async (tx, app, threshold) =>
      (await tx.insert(applicationReminders).values({ applicationId: app.applicationId, deadline: app.date, daysBefore: threshold, sentAt: now }).onConflictDoNothing().returning({ id: applicationReminders.applicationId })).length > 0,
    (app, left) => ({
      kind: "funding.deadline",
      payload: (_t, locale) => ({ title: app.title, days: left, date: longDate(locale, app.date) }),
      link: applicationLink(app.applicationId),
      mail: { subject: "funding.mail.deadline.subject", body: "funding.mail.deadline.body" },
    }),
  );
}

/** Before each milestone of an award that is not done yet (the application awarded, or closed after its award). */
export async function queueMilestoneReminders(now: Date = new Date(), thresholds: number[] = reminderDays()): Promise<ReminderRun> {
  const days = [...new Set(thresholds)].sort((a, b) => a - b);
  if (!days.length) return { applications: 0, messages: 0 };
  const today = todayIso(now);
  const due = await getDb()
    .select({
      milestoneId: applicationMilestones.id,
      kind: applicationMilestones.kind,
      label: applicationMilestones.label,
      date: applicationMilestones.dueOn,
      applicationId: jointApplications.id,
      title: jointApplications.title,
      leadClusterId: jointApplications.leadClusterId,
    })
    .from(applicationMilestones)
    .innerJoin(jointApplications, eq(jointApplications.id, applicationMilestones.applicationId))
    .where(
      and(
        isNull(applicationMilestones.doneOn),
        or(eq(jointApplications.stage, "awarded"), eq(jointApplications.stage, "closed")),
        gte(applicationMilestones.dueOn, today),
        lte(applicationMilestones.dueOn, addDays(today, Math.max(...days))),
      ),
    );
  return remind(
    due,
    days,
    today,
    async (tx, m, threshold) =>
      (await tx.insert(milestoneReminders).values({ milestoneId: m.milestoneId, dueOn: m.date, daysBefore: threshold, sentAt: now }).onConflictDoNothing().returning({ id: milestoneReminders.milestoneId })).length > 0,
    (m, left) => ({
      kind: "funding.milestoneDue",
      payload: (t, locale) => ({ title: m.title, milestone: m.label || t(`funding.milestone.kind.${m.kind}`), days: left, date: longDate(locale, m.date) }),
      link: applicationLink(m.applicationId),
      mail: { subject: "funding.mail.milestone.subject", body: "funding.mail.milestone.body" },
    }),
  );
}
