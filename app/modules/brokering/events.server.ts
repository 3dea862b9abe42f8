/** The history of a match (match_events), written in the transaction of the change it records. */
import { asc, eq } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { postings, users } from "@db/schema";
import { matchEvents, type MatchEventKind } from "@db/schema";

export interface EventInput {
  matchId: string;
  kind: MatchEventKind;
  actorId?: string | null;
  postingId?: string | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
  at?: Date;
}

export async function recordEvent(tx: Tx, e: EventInput): Promise<void> {
  await tx.insert(matchEvents).values({
    matchId: e.matchId,
    kind: e.kind,
    actorId: e.actorId ?? null,
    postingId: e.postingId ?? null,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus ?? null,
    note: e.note ?? null,
    data: e.data ?? {},
    ...(e.at ? { at: e.at } : {}),
  });
}

export async function eventsOf(db: Tx, matchId: string) {
  return db
    .select({
      id: matchEvents.id,
      kind: matchEvents.kind,
      actorName: users.name,
      postingId: matchEvents.postingId,
      postingTitle: postings.title,
      fromStatus: matchEvents.fromStatus,
      toStatus: matchEvents.toStatus,
      note: matchEvents.note,
      data: matchEvents.data,
      at: matchEvents.at,
    })
    .from(matchEvents)
    .leftJoin(users, eq(users.id, matchEvents.actorId))
    .leftJoin(postings, eq(postings.id, matchEvents.postingId))
    .where(eq(matchEvents.matchId, matchId))
    .orderBy(asc(matchEvents.at), asc(matchEvents.id));
}

export type MatchEventView = Awaited<ReturnType<typeof eventsOf>>[number];
