/** Coordinator settings of the marketplace, stored in the `settings` table (one JSON value per key). */
import { eq } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { settings } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import { DEFAULT_EXPIRY_MONTHS, EXPIRY_MONTHS_MAX, EXPIRY_MONTHS_MIN } from "./constants";

export { EXPIRY_MONTHS_MAX, EXPIRY_MONTHS_MIN };
export const EXPIRY_MONTHS_KEY = "postings.expiryMonths";

/** How long a published posting stays open before it expires (months; default 6). */
export async function getExpiryMonths(db: Tx = getDb()): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, EXPIRY_MONTHS_KEY));
  const v = Number(row?.value);
  return Number.isInteger(v) && v >= EXPIRY_MONTHS_MIN && v <= EXPIRY_MONTHS_MAX ? v : DEFAULT_EXPIRY_MONTHS;
}

export async function setExpiryMonths(actorId: string, months: number): Promise<void> {
  await getDb().transaction(async (tx) => {
    const before = await getExpiryMonths(tx);
    await tx
      .insert(settings)
      .values({ key: EXPIRY_MONTHS_KEY, value: months })
      .onConflictDoUpdate({ target: settings.key, set: { value: months, updatedAt: new Date() } });
    await audit(tx, { actorId, action: "settings.update", entity: "settings", entityId: EXPIRY_MONTHS_KEY, before: { value: before }, after: { value: months } });
  });
}

/** `date` plus whole calendar months (31 January + 1 month = 28/29 February). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}
