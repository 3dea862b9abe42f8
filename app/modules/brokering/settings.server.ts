/**
 * Brokering settings. Network-wide (in `settings`): the days before a party is reminded, the days after
 * which an unanswered introduction expires, the hour of the daily digest, the introduction templates. Per coordinator (in `brokering_preferences`): new
 * proposals at once or in the daily digest.
 */
import { eq, inArray } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { settings, users } from "@db/schema";
import { brokeringPreferences, type ProposalNoticeMode } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import { COORDINATION } from "~/modules/auth/permissions";
import type { Locale } from "~/modules/i18n";
import { EXPIRY_DAYS_DEFAULT, EXPIRY_DAYS_MAX, REMINDER_DAYS_MAX } from "./constants";
import { DEFAULT_TEMPLATES } from "./templates";

export const REMINDER_DAYS_KEY = "brokering.reminderDays";
export const DIGEST_HOUR_KEY = "brokering.digestHour";
export const EXPIRY_DAYS_KEY = "brokering.expiryDays";
export const TEMPLATE_KEY = { fr: "brokering.template.fr", en: "brokering.template.en" } as const;

export const REMINDER_DAYS_DEFAULT = 7;
export const DIGEST_HOUR_DEFAULT = 7;
export { MAX_REMINDERS, REMINDER_DAYS_MAX } from "./constants";

export interface BrokeringSettings {
  /** 0 = no reminders. */
  reminderDays: number;
  /** Days after the introduction when one still unanswered expires (at least 1). */
  expiryDays: number;
  /** Local hour (America/Toronto) after which the daily digest goes out. */
  digestHour: number;
  templates: Record<Locale, string>;
}

async function readValues(db: Tx, keys: string[]): Promise<Map<string, unknown>> {
  const rows = await db.select().from(settings).where(inArray(settings.key, keys));
  return new Map(rows.map((r) => [r.key, r.value]));
}

const intIn = (v: unknown, min: number, max: number, fallback: number) => (Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? (v as number) : fallback);

export async function getBrokeringSettings(db: Tx = getDb()): Promise<BrokeringSettings> {
  const v = await readValues(db, [REMINDER_DAYS_KEY, EXPIRY_DAYS_KEY, DIGEST_HOUR_KEY, TEMPLATE_KEY.fr, TEMPLATE_KEY.en]);
  const text = (k: string, fallback: string) => {
    const x = v.get(k);
    return typeof x === "string" && x.trim() ? x : fallback;
  };
  return {
    reminderDays: intIn(v.get(REMINDER_DAYS_KEY), 0, REMINDER_DAYS_MAX, REMINDER_DAYS_DEFAULT),
    expiryDays: intIn(v.get(EXPIRY_DAYS_KEY), 1, EXPIRY_DAYS_MAX, EXPIRY_DAYS_DEFAULT),
    digestHour: intIn(v.get(DIGEST_HOUR_KEY), 0, 23, DIGEST_HOUR_DEFAULT),
    templates: { fr: text(TEMPLATE_KEY.fr, DEFAULT_TEMPLATES.fr), en: text(TEMPLATE_KEY.en, DEFAULT_TEMPLATES.en) },
  };
}

/**
 * Save the network-wide settings (only what changed is written and audited). The form's schema refuses
 * bad values next to their fields; this refuses them again for any other caller.
 */
export async function setBrokeringSettings(actorId: string, next: BrokeringSettings): Promise<void> {
  if (!Number.isInteger(next.expiryDays) || next.expiryDays < 1 || next.expiryDays > EXPIRY_DAYS_MAX) throw new RangeError("expiryDays must be a whole number of days, at least 1");
  if (!Number.isInteger(next.reminderDays) || next.reminderDays < 0 || next.reminderDays > REMINDER_DAYS_MAX) throw new RangeError("reminderDays out of range");
  await getDb().transaction(async (tx) => {
    const before = await getBrokeringSettings(tx);
    const pairs: Array<[string, unknown, unknown]> = [
      [REMINDER_DAYS_KEY, before.reminderDays, next.reminderDays],
      [EXPIRY_DAYS_KEY, before.expiryDays, next.expiryDays],
      [DIGEST_HOUR_KEY, before.digestHour, next.digestHour],
      [TEMPLATE_KEY.fr, before.templates.fr, next.templates.fr],
      [TEMPLATE_KEY.en, before.templates.en, next.templates.en],
    ];
    for (const [key, old, value] of pairs) {
      if (old === value) continue;
      await tx
        .insert(settings)
        .values({ key, value })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
      await audit(tx, { actorId, action: "settings.update", entity: "settings", entityId: key, before: { value: old }, after: { value } });
    }
  });
}

export async function getProposalNoticeMode(userId: string, db: Tx = getDb()): Promise<ProposalNoticeMode> {
  const [row] = await db.select().from(brokeringPreferences).where(eq(brokeringPreferences.userId, userId));
  return row?.proposalNotices ?? "immediate";
}

export async function setProposalNoticeMode(userId: string, mode: ProposalNoticeMode): Promise<void> {
  await getDb().transaction(async (tx) => {
    const before = await getProposalNoticeMode(userId, tx);
    if (before === mode) return;
    await tx
      .insert(brokeringPreferences)
      .values({ userId, proposalNotices: mode })
      .onConflictDoUpdate({ target: brokeringPreferences.userId, set: { proposalNotices: mode, updatedAt: new Date() } });
    await audit(tx, { actorId: userId, action: "brokering.preferences", entity: "user", entityId: userId, before: { proposalNotices: before }, after: { proposalNotices: mode } });
  });
}

export interface CoordinatorRecipient {
  id: string;
  name: string;
  email: string;
  locale: Locale;
  mode: ProposalNoticeMode;
}

/** Every coordination account with its notification preference. */
export async function coordinatorsWithPreferences(db: Tx = getDb()): Promise<CoordinatorRecipient[]> {
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale, mode: brokeringPreferences.proposalNotices })
    .from(users)
    .leftJoin(brokeringPreferences, eq(brokeringPreferences.userId, users.id))
    .where(inArray(users.role, [...COORDINATION]));
  return rows.map((r) => ({ ...r, mode: r.mode ?? "immediate" }));
}
