/**
 * The network's health, from the database: medians and counts are computed in SQL (percentile_cont),
 * so the page costs a handful of grouped queries whatever the network's size. Definitions: see
 * impact-health.ts. Periods are Québec days (periodBounds); "now" figures (stale needs, unmet demand)
 * are as of the moment the page is read.
 */
import { asc, sql, type SQL } from "drizzle-orm";
import { getDb, rowsOf } from "@db/client.server";
import { CATEGORIES, clusters, type Category } from "@db/schema";
import { periodBounds, type Period } from "./impact";
import { round1, STALE_DAYS, TIMING_STEPS, type ClusterOutcome, type HealthReport, type OutcomeRow, type StepTiming } from "./impact-health";

const DAY_SECONDS = 86_400;

/** Matches that answer a need with an offer, or did: the need is not "unmet". */
const LIVE_PAIR = ["proposed", "deferred", "approved", "introduced", "in_progress", "concluded"];
/** Matches that were introduced (approved and after). */
const INTRODUCED = ["approved", "introduced", "in_progress", "concluded"];

const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

function within(col: SQL, start: Date | null, end: Date | null): SQL {
  const parts: SQL[] = [sql`true`];
  if (start) parts.push(sql`${col} >= ${start.toISOString()}::timestamptz`);
  if (end) parts.push(sql`${col} < ${end.toISOString()}::timestamptz`);
  return sql.join(parts, sql` and `);
}

async function rows<T>(query: SQL): Promise<T[]> {
  return rowsOf<T>(await getDb().execute(query));
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface HealthOptions {
  /** Count and name confidential (`coordinator`-visibility) postings: the coordination only. */
  includeConfidential: boolean;
  now?: Date;
}

export async function loadHealth(period: Period, opts: HealthOptions): Promise<HealthReport> {
  const now = opts.now ?? new Date();
  const { start, end } = periodBounds(period);
  const visible = opts.includeConfidential ? sql`true` : sql`p.visibility = 'network'`;
  const published = sql`coalesce(p.published_at, p.created_at)`;
  const approvals = sql`(select match_id, min(at) as at from match_events where kind = 'approved' group by match_id)`;

  const allClusters = await getDb().select({ id: clusters.id, slug: clusters.slug, name: clusters.name }).from(clusters).orderBy(asc(clusters.name));

  // ---- timings
  const [toProposal] = await rows<{ m: unknown; n: unknown }>(sql`
    select percentile_cont(0.5) within group (order by extract(epoch from f.first_at - ${published}) / ${DAY_SECONDS}) as m, count(*) as n
    from (select mm.posting_id, min(m.created_at) as first_at from match_members mm join matches m on m.id = mm.match_id group by mm.posting_id) f
    join postings p on p.id = f.posting_id
    where ${visible} and ${within(sql`f.first_at`, start, end)}`);
  const [toIntroduction] = await rows<{ m: unknown; n: unknown }>(sql`
    select percentile_cont(0.5) within group (order by greatest(0, extract(epoch from a.at - m.created_at)) / ${DAY_SECONDS}) as m, count(*) as n
    from ${approvals} a join matches m on m.id = a.match_id
    where ${within(sql`a.at`, start, end)}`);
  const [toAnswer] = await rows<{ m: unknown; n: unknown }>(sql`
    select percentile_cont(0.5) within group (order by greatest(0, extract(epoch from mm.responded_at - a.at)) / ${DAY_SECONDS}) as m, count(*) as n
    from ${approvals} a join match_members mm on mm.match_id = a.match_id join postings p on p.id = mm.posting_id
    where ${visible} and mm.responded_at is not null and ${within(sql`a.at`, start, end)}`);
  const [toOutcome] = await rows<{ m: unknown; n: unknown }>(sql`
    select percentile_cont(0.5) within group (order by greatest(0, extract(epoch from o.recorded_at - a.at)) / ${DAY_SECONDS}) as m, count(*) as n
    from match_outcomes o join ${approvals} a on a.match_id = o.match_id
    where ${within(sql`o.recorded_at`, start, end)}`);
  const timing = (r: { m: unknown; n: unknown } | undefined): Omit<StepTiming, "step"> => ({ medianDays: round1(numOrNull(r?.m)), count: num(r?.n) });
  const measured = [toProposal, toIntroduction, toAnswer, toOutcome];
  const timings: StepTiming[] = TIMING_STEPS.map((step, i) => ({ step, ...timing(measured[i]) }));

  // ---- answer rates, per cluster and for the network
  const answerRows = await rows<{ cluster_id: string | null; parties: unknown; answered: unknown; interested: unknown; m: unknown }>(sql`
    select p.cluster_id, count(*) as parties,
      count(*) filter (where mm.response <> 'pending') as answered,
      count(*) filter (where mm.response = 'interested') as interested,
      percentile_cont(0.5) within group (order by greatest(0, extract(epoch from mm.responded_at - a.at)) / ${DAY_SECONDS}) filter (where mm.responded_at is not null) as m
    from ${approvals} a join match_members mm on mm.match_id = a.match_id join postings p on p.id = mm.posting_id
    where ${visible} and ${within(sql`a.at`, start, end)}
    group by rollup (p.cluster_id)`);
  const answerOf = (r: (typeof answerRows)[number] | undefined) => ({ parties: num(r?.parties), answered: num(r?.answered), interested: num(r?.interested), medianDays: round1(numOrNull(r?.m)) });
  const answers = allClusters.map((c) => ({ ...c, ...answerOf(answerRows.find((r) => r.cluster_id === c.id)) }));
  const answersTotal = answerOf(answerRows.find((r) => r.cluster_id === null));

  // ---- stale needs (now)
  const staleBefore = new Date(now.getTime() - STALE_DAYS * DAY_SECONDS * 1000);
  const staleRows = await rows<{ cluster_id: string; open: unknown; stale: unknown; oldest: unknown }>(sql`
    select p.cluster_id, count(*) as open,
      count(*) filter (where ${published} <= ${staleBefore.toISOString()}::timestamptz and not exists (
        select 1 from match_members mm join matches m on m.id = mm.match_id where mm.posting_id = p.id and m.status in (${list(INTRODUCED)}))) as stale,
      min(${published}) filter (where ${published} <= ${staleBefore.toISOString()}::timestamptz and not exists (
        select 1 from match_members mm join matches m on m.id = mm.match_id where mm.posting_id = p.id and m.status in (${list(INTRODUCED)}))) as oldest
    from postings p
    where p.kind = 'need' and p.status = 'open' and ${visible}
    group by p.cluster_id`);
  const stale = allClusters.map((c) => {
    const r = staleRows.find((x) => x.cluster_id === c.id);
    const oldest = r?.oldest ? new Date(r.oldest as string) : null;
    return { ...c, openNeeds: num(r?.open), stale: num(r?.stale), oldestDays: oldest ? Math.floor((now.getTime() - oldest.getTime()) / (DAY_SECONDS * 1000)) : null };
  });

  // ---- unmet demand (now): open needs with no live need↔offer match
  const unmetRows = await rows<{ category: Category; cluster_id: string; n: unknown }>(sql`
    select p.category, p.cluster_id, count(*) as n
    from postings p
    where p.kind = 'need' and p.status = 'open' and ${visible} and not exists (
      select 1 from match_members mm join matches m on m.id = mm.match_id
      where mm.posting_id = p.id and m.type = 'need_offer' and m.status in (${list(LIVE_PAIR)}))
    group by p.category, p.cluster_id`);
  const counts: Record<string, Record<string, number>> = {};
  for (const r of unmetRows) (counts[r.category] ??= {})[r.cluster_id] = num(r.n);
  const cells = unmetRows.map((r) => num(r.n));
  const heat = {
    categories: CATEGORIES.filter((c) => counts[c]),
    clusters: allClusters,
    counts,
    max: Math.max(0, ...cells),
    total: cells.reduce((a, b) => a + b, 0),
  };

  // ---- outcomes recorded in the period
  const outcomeRows = await rows<{ match_id: string; outcome: string; recorded_at: string | Date; savings_cad: unknown; ghg_avoided_kg: unknown; participants: unknown; summary: string | null }>(sql`
    select o.match_id, o.outcome, o.recorded_at, o.savings_cad, o.ghg_avoided_kg, o.participants, o.summary
    from match_outcomes o where ${within(sql`o.recorded_at`, start, end)} order by o.recorded_at desc`);
  const concludedIds = outcomeRows.filter((o) => o.outcome === "concluded").map((o) => o.match_id);
  const members = concludedIds.length
    ? await rows<{ match_id: string; title: string; visibility: string; cluster_id: string; cluster_name: string }>(sql`
        select mm.match_id, p.title, p.visibility, p.cluster_id, c.name as cluster_name
        from match_members mm join postings p on p.id = mm.posting_id join clusters c on c.id = p.cluster_id
        where mm.match_id in (${list(concludedIds)}) order by c.name, p.title`)
    : [];
  const outcomes: OutcomeRow[] = outcomeRows
    .filter((o) => o.outcome === "concluded")
    .map((o) => ({
      matchId: o.match_id,
      recordedAt: new Date(o.recorded_at),
      postings: members
        .filter((m) => m.match_id === o.match_id)
        .map((m) => ({ title: m.title, clusterName: m.cluster_name, confidential: !opts.includeConfidential && m.visibility !== "network" })),
      savingsCad: numOrNull(o.savings_cad),
      ghgAvoidedKg: numOrNull(o.ghg_avoided_kg),
      participants: numOrNull(o.participants),
      summary: o.summary ?? "",
    }));
  const outcomesByCluster: ClusterOutcome[] = allClusters.map((c) => {
    const mine = outcomes.filter((o) => members.some((m) => m.match_id === o.matchId && m.cluster_id === c.id));
    return {
      ...c,
      concluded: mine.length,
      savingsCad: mine.reduce((s, o) => s + (o.savingsCad ?? 0), 0),
      ghgAvoidedKg: mine.reduce((s, o) => s + (o.ghgAvoidedKg ?? 0), 0),
      participants: mine.reduce((s, o) => s + (o.participants ?? 0), 0),
    };
  });
  const totals = {
    concluded: outcomes.length,
    abandoned: outcomeRows.length - outcomes.length,
    savingsCad: outcomes.reduce((s, o) => s + (o.savingsCad ?? 0), 0),
    ghgAvoidedKg: outcomes.reduce((s, o) => s + (o.ghgAvoidedKg ?? 0), 0),
    participants: outcomes.reduce((s, o) => s + (o.participants ?? 0), 0),
  };

  // ---- joint applications: submitted and decided in the period
  const [submitted] = await rows<{ n: unknown }>(sql`
    select count(distinct application_id) as n from application_stage_changes where to_stage = 'submitted' and ${within(sql`at`, start, end)}`);
  const [decided] = await rows<{ awarded: unknown; amount: unknown; refused: unknown }>(sql`
    select count(*) filter (where outcome = 'awarded') as awarded, coalesce(sum(amount) filter (where outcome = 'awarded'), 0) as amount, count(*) filter (where outcome = 'refused') as refused
    from funding_decisions where ${within(sql`decided_at`, start, end)}`);

  return {
    period,
    staleDays: STALE_DAYS,
    timings,
    answers,
    answersTotal,
    stale,
    heat,
    outcomes,
    outcomesByCluster,
    totals,
    funding: { submitted: num(submitted?.n), awarded: num(decided?.awarded), awardedAmount: num(decided?.amount), refused: num(decided?.refused) },
    confidentialHidden: !opts.includeConfidential,
  };
}
