/** The coordinator's match threshold (a setting), and its change (which asks for a full re-match). */
import { eq } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { settings } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import { requestBatch } from "./runs.server";
import { DEFAULT_THRESHOLD } from "./types";

export const THRESHOLD_KEY = "matching.threshold";

export async function getMatchThreshold(db: Tx = getDb()): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, THRESHOLD_KEY));
  const v = Number(row?.value);
  return Number.isFinite(v) && row ? v : DEFAULT_THRESHOLD;
}

export async function setMatchThreshold(actorId: string, value: number): Promise<void> {
  await getDb().transaction(async (tx) => {
    const before = await getMatchThreshold(tx);
    await tx
      .insert(settings)
      .values({ key: THRESHOLD_KEY, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
    await audit(tx, { actorId, action: "settings.update", entity: "settings", entityId: THRESHOLD_KEY, before, after: value });
    // every stored proposal was scored against the old threshold: re-match them all soon
    if (before !== value) await requestBatch(tx, actorId, "threshold_changed");
  });
}
