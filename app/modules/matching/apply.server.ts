/**
 * Applying the engine's results to the stored matches in one set-based statement, and withdrawing the
 * pools a larger pool supersedes.
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { arrayParam, orderedUuid, recordsFrom, type RecordColumns } from "@db/bulk";
import { rowsOf, type Tx } from "@db/client.server";
import { matches, matchMembers, reasonsToText } from "@db/schema";
import type { ScoredMatch } from "./index";
import { ENGINE_OWNED, memberKey, withdraw, type MatchingStats } from "./store-common.server";

/** The engine's results as rows for applyResults (the members are in the key; a pair's roles are its postings' kinds). */
const RESULT_COLUMNS: RecordColumns = { id: "uuid", member_key: "text", type: "text", score: "int", reasons: "text" };
/**
 * `id` is used only if the match is new; time-ordered, so 380 000 new matches append to their
 * indexes. `reasons` is the stored text itself (reasonsToText), compared as text.
 */
const resultRecord = (r: ScoredMatch) => ({ id: orderedUuid(), member_key: memberKey(r), type: r.type, score: r.score, reasons: reasonsToText(r.reasons) });

type AppliedStats = Pick<MatchingStats, "proposed" | "updated" | "reproposed">;

/**
 * Apply results in one set-based statement (the results travel once, as a JSON parameter): refresh
 * engine-owned matches whose score or reasons changed (the stored compact text differs), re-propose
 * withdrawn ones, insert new ones with their members. Rejected, approved and later matches are never
 * touched, so a rejection sticks. With `seen`, the batch strikes the matches it finds again off its
 * temp table of earlier proposals.
 * The stored matches are met once, by member_key (`hits`), and every join is driven by the results
 * (a few thousand rows) through an index, never by a scan of matches.
 */
export async function applyResults(tx: Tx, results: ScoredMatch[], now: Date, opts: { seen?: boolean } = {}): Promise<AppliedStats> {
  const at = now.toISOString();
  const source = recordsFrom(RESULT_COLUMNS, JSON.stringify(results.map(resultRecord)));
  const [row] = rowsOf<Record<keyof AppliedStats, number | string>>(
    await tx.execute(
      sql`with b as materialized (select * from ${source}),
      hits as materialized (select m.id, m.status, m.score as old_score, m.reasons::text as old_reasons, b.score, b.reasons
        from b join matches m on m.member_key = b.member_key),
      ${opts.seen ? sql`seen as (delete from batch_unseen u using hits h where u.id = h.id),` : sql``}
      upd as (update matches m set score = h.score, reasons = h.reasons::json, updated_at = ${at}
        from hits h
        where m.id = h.id and h.status in ('proposed', 'deferred') and (h.old_score <> h.score or h.old_reasons <> h.reasons)
        returning 1),
      rep as (update matches m set status = 'proposed', score = h.score, reasons = h.reasons::json, withdrawn_reason = null,
          updated_at = ${at}, version = m.version + 1
        from hits h
        where m.id = h.id and h.status = 'withdrawn'
        returning 1),
      ins as (insert into matches (id, type, member_key, score, reasons, status, created_at, updated_at)
        select b.id, b.type, b.member_key, b.score, b.reasons::json, 'proposed', ${at}, ${at} from b
        on conflict (member_key) do nothing
        returning id, member_key, type),
      mem as (insert into match_members (match_id, posting_id, role)
        select ins.id, p.id, case when ins.type = 'need_offer' then p.kind else 'need' end
        from ins cross join lateral unnest(string_to_array(ins.member_key, ',')::uuid[]) as u(posting_id)
        join postings p on p.id = u.posting_id)
      select (select count(*) from upd) as updated, (select count(*) from rep) as reproposed, (select count(*) from ins) as proposed`,
    ),
  );
  return { proposed: Number(row?.proposed ?? 0), updated: Number(row?.updated ?? 0), reproposed: Number(row?.reproposed ?? 0) };
}

export async function withdrawSupersededPools(tx: Tx, pools: ScoredMatch[], now: Date): Promise<number> {
  const memberIds = [...new Set(pools.flatMap((p) => p.members))];
  const candidates = await tx
    .selectDistinct({ id: matches.id, memberKey: matches.memberKey })
    .from(matches)
    .innerJoin(matchMembers, eq(matchMembers.matchId, matches.id))
    .where(and(eq(matches.type, "pool"), inArray(matches.status, ENGINE_OWNED), ne(matches.source, "manual"), sql`${matchMembers.postingId} = any(${arrayParam(memberIds, "uuid")})`));
  const isSuperseded = supersededTest(pools);
  const superseded = candidates.filter((c) => isSuperseded(c.memberKey.split(",")));
  if (!superseded.length) return 0;
  await withdraw(tx, superseded.map((s) => s.id), "superseded_by_larger_pool", now);
  return superseded.length;
}

/** Whether a set of postings is a strict subset of one of `pools`. */
export function supersededTest(pools: ScoredMatch[]): (members: string[]) => boolean {
  const byPosting = new Map<string, ScoredMatch[]>();
  for (const p of pools) {
    for (const id of p.members) {
      const list = byPosting.get(id);
      if (list) list.push(p);
      else byPosting.set(id, [p]);
    }
  }
  return (members) => (byPosting.get(members[0]) ?? []).some((p) => p.members.length > members.length && members.every((id) => p.members.includes(id)));
}
