/**
 * The impact report for the inter-cluster committee: what was posted, matched, introduced and
 * achieved in a period. Counts are by the date each thing happened: postings by publication,
 * proposals by creation, introductions by approval, outcomes by when they were recorded.
 */
import { and, asc, count, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { getDb } from "@db/client.server";
import { clusters, MATCH_STATUSES, matches, matchMembers, postings } from "@db/schema";
import { matchEvents, matchOutcomes } from "@db/schema";
import { CATEGORIES } from "~/modules/postings/constants";
import { localToday, median, monthsBetween, periodBounds, type Dataset, type DatasetId, type ImpactReport, type Period } from "./impact";

const DAY = 86_400_000;

function within(col: AnyPgColumn | SQL, start: Date | null, end: Date | null): SQL | undefined {
  return and(start ? sql`${col} >= ${start.toISOString()}::timestamptz` : undefined, end ? sql`${col} < ${end.toISOString()}::timestamptz` : undefined);
}

const monthOf = (d: Date) => localToday(d).slice(0, 7);

export async function loadImpact(period: Period, now = new Date()): Promise<ImpactReport> {
  const db = getDb();
  const { start, end } = periodBounds(period);
  const published = sql`coalesce(${postings.publishedAt}, ${postings.createdAt})`;

  // ---- postings
  const postingRows = await db
    .select({ clusterId: postings.clusterId, category: postings.category, kind: postings.kind, at: published.mapWith(postings.createdAt), n: count() })
    .from(postings)
    .where(and(ne(postings.status, "draft"), within(published, start, end)))
    .groupBy(postings.clusterId, postings.category, postings.kind, published);
  const allClusters = await db.select({ id: clusters.id, slug: clusters.slug, name: clusters.name }).from(clusters).orderBy(asc(clusters.name));

  // ---- matches created in the period, by status
  const statusRows = await db.select({ status: matches.status, n: count() }).from(matches).where(within(matches.createdAt, start, end)).groupBy(matches.status);

  // ---- introductions (approvals) in the period, with their postings
  const intros = await db
    .select({ matchId: matchEvents.matchId, at: matchEvents.at, clusterId: postings.clusterId, postedAt: published.mapWith(postings.createdAt) })
    .from(matchEvents)
    .innerJoin(matchMembers, eq(matchMembers.matchId, matchEvents.matchId))
    .innerJoin(postings, eq(postings.id, matchMembers.postingId))
    .where(and(eq(matchEvents.kind, "approved"), within(matchEvents.at, start, end)));
  const inProgress = await db
    .selectDistinct({ matchId: matchEvents.matchId })
    .from(matchEvents)
    .where(and(eq(matchEvents.kind, "in_progress"), within(matchEvents.at, start, end)));

  // ---- outcomes recorded in the period
  const outcomes = await db.select().from(matchOutcomes).where(within(matchOutcomes.recordedAt, start, end));
  const concludedIds = outcomes.filter((o) => o.outcome === "concluded").map((o) => o.matchId);
  const concludedClusters = concludedIds.length
    ? await db
        .selectDistinct({ matchId: matchMembers.matchId, clusterId: postings.clusterId })
        .from(matchMembers)
        .innerJoin(postings, eq(postings.id, matchMembers.postingId))
        .where(inArray(matchMembers.matchId, concludedIds))
    : [];

  // ---- KPIs
  const needs = postingRows.filter((r) => r.kind === "need").reduce((s, r) => s + Number(r.n), 0);
  const offers = postingRows.filter((r) => r.kind === "offer").reduce((s, r) => s + Number(r.n), 0);
  const introMatches = new Set(intros.map((i) => i.matchId));
  const waits = intros.map((i) => Math.max(0, (i.at.getTime() - i.postedAt.getTime()) / DAY));
  const concluded = outcomes.filter((o) => o.outcome === "concluded");
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const med = median(waits);
  const kpis = {
    postings: needs + offers,
    needs,
    offers,
    proposals: statusRows.reduce((s, r) => s + Number(r.n), 0),
    introductions: introMatches.size,
    medianDaysToIntroduction: med === null ? null : round1(med),
    concluded: concluded.length,
    abandoned: outcomes.length - concluded.length,
    savingsCad: concluded.reduce((s, o) => s + Number(o.savingsCad ?? 0), 0),
    ghgAvoidedKg: concluded.reduce((s, o) => s + Number(o.ghgAvoidedKg ?? 0), 0),
    participants: concluded.reduce((s, o) => s + Number(o.participants ?? 0), 0),
    clustersInvolved: new Set(intros.map((i) => i.clusterId)).size,
  };

  // ---- datasets
  const byCategory = new Map<string, number[]>(CATEGORIES.map((c) => [c, [0, 0]]));
  const byCluster = new Map<string, number[]>(allClusters.map((c) => [c.id, [0, 0]]));
  const months = new Map<string, number[]>();
  for (const r of postingRows) {
    if (!r.category) continue; // (drafts are left out above; only they may lack a category)
    const idx = r.kind === "need" ? 0 : 1;
    byCategory.get(r.category)![idx] += Number(r.n);
    const c = byCluster.get(r.clusterId);
    if (c) c[idx] += Number(r.n);
    const m = monthOf(r.at);
    months.set(m, months.get(m) ?? [0, 0, 0]);
    months.get(m)![0] += Number(r.n);
  }
  const introByMonth = new Map<string, Set<string>>();
  for (const i of intros) {
    const m = monthOf(i.at);
    if (!introByMonth.has(m)) introByMonth.set(m, new Set());
    introByMonth.get(m)!.add(i.matchId);
  }
  for (const [m, set] of introByMonth) {
    months.set(m, months.get(m) ?? [0, 0, 0]);
    months.get(m)![1] = set.size;
  }
  for (const o of concluded) {
    const m = monthOf(o.recordedAt);
    months.set(m, months.get(m) ?? [0, 0, 0, 0, 0]);
    const row = months.get(m)!;
    row[2] += 1;
    row[3] = (row[3] ?? 0) + Number(o.savingsCad ?? 0);
    row[4] = (row[4] ?? 0) + Number(o.ghgAvoidedKg ?? 0);
  }
  const monthKeys = [...months.keys()].sort();
  const firstMonth = period.from?.slice(0, 7) ?? monthKeys[0] ?? localToday(now).slice(0, 7);
  const lastMonth = period.to?.slice(0, 7) ?? localToday(now).slice(0, 7);
  const monthRange = firstMonth <= lastMonth ? monthsBetween(firstMonth, lastMonth) : [];

  const participation = new Map<string, number[]>(allClusters.map((c) => [c.id, [byCluster.get(c.id)![0] + byCluster.get(c.id)![1], 0, 0, 0, 0]]));
  const introPairs = new Set(intros.map((i) => `${i.matchId}|${i.clusterId}`));
  for (const key of introPairs) {
    const c = participation.get(key.split("|")[1]);
    if (c) c[1]++;
  }
  // A concluded match counts in full for each of its clusters (money saved and GHG avoided too).
  const outcomeOf = new Map(concluded.map((o) => [o.matchId, o]));
  for (const r of concludedClusters) {
    const c = participation.get(r.clusterId);
    if (!c) continue;
    c[2]++;
    c[3] += Number(outcomeOf.get(r.matchId)?.savingsCad ?? 0);
    c[4] += Number(outcomeOf.get(r.matchId)?.ghgAvoidedKg ?? 0);
  }

  const statusCounts = new Map(statusRows.map((r) => [r.status, Number(r.n)]));
  const datasets: Record<DatasetId, Dataset> = {
    "postings-by-category": {
      id: "postings-by-category",
      series: ["kind.need", "kind.offer"],
      rowKind: "category",
      rows: [...byCategory].map(([key, values]) => ({ key, values })),
    },
    "postings-by-cluster": {
      id: "postings-by-cluster",
      series: ["kind.need", "kind.offer"],
      rowKind: "label",
      rows: allClusters.map((c) => ({ key: c.slug, label: c.name, values: byCluster.get(c.id)! })),
    },
    "matches-by-status": {
      id: "matches-by-status",
      series: ["brokering.impact.series.matches"],
      rowKind: "status",
      rows: MATCH_STATUSES.filter((s) => s !== "approved").map((s) => ({ key: s, values: [statusCounts.get(s) ?? 0] })),
    },
    funnel: {
      id: "funnel",
      series: ["brokering.impact.series.matches"],
      rowKind: "stage",
      rows: [
        { key: "proposed", values: [kpis.proposals] },
        { key: "introduced", values: [kpis.introductions] },
        { key: "in_progress", values: [inProgress.length] },
        { key: "concluded", values: [kpis.concluded] },
      ],
    },
    participation: {
      id: "participation",
      series: ["brokering.impact.series.postings", "brokering.impact.series.introductions", "brokering.impact.series.concluded"],
      extra: ["impact.series.savings", "impact.series.ghgKg"],
      rowKind: "label",
      rows: allClusters.map((c) => ({ key: c.slug, label: c.name, values: participation.get(c.id)! })),
    },
    "activity-by-month": {
      id: "activity-by-month",
      series: ["brokering.impact.series.postings", "brokering.impact.series.introductions", "brokering.impact.series.concluded"],
      extra: ["impact.series.savings", "impact.series.ghgKg"],
      rowKind: "month",
      rows: monthRange.map((m) => ({ key: m, values: [0, 1, 2, 3, 4].map((i) => months.get(m)?.[i] ?? 0) })),
    },
  };
  return { period, kpis, datasets };
}
