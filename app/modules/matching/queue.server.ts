/** The re-match queue: posting changes enqueue their postings in the transaction that changed them. */
import type { Tx } from "@db/client.server";
import { matchingQueue } from "@db/schema";

/** Ask for these postings to be re-matched; call it with the transaction that changed them. */
export async function enqueueRematch(tx: Tx, postingIds: string[], reason: string): Promise<void> {
  const ids = [...new Set(postingIds)];
  for (let i = 0; i < ids.length; i += 1000) {
    await tx.insert(matchingQueue).values(ids.slice(i, i + 1000).map((postingId) => ({ postingId, reason })));
  }
}
