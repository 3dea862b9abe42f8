/**
 * The network's health, pure parts: what the page and the committee's report show, the heat map's
 * levels and every table as CSV in the reader's language (French ";" and decimal comma). Queries are
 * in impact-health.server.ts.
 *
 * - Timings (medians, in days, over what happened in the period): posting → first proposal (each
 *   posting whose first proposal came in the period), proposal → introduction (each match approved in
 *   the period), introduction → each party's answer, introduction → outcome (each outcome recorded).
 * - Answer rates: the parties of the introductions of the period, per cluster: answered, interested.
 * - Stale needs (now): open needs published STALE_DAYS days ago or more that were never introduced.
 * - Unmet demand (now): open needs with no offer — no live need↔offer match (proposed, deferred,
 *   introduced, in progress or concluded). A pool shares a demand but serves none, so pooled needs
 *   (joint grants, group purchases) stay unmet until an offer answers them.
 * - Outcomes (period): each concluded match with its savings, GHG avoided and participants; per
 *   cluster, every match it took part in counts in full (the network total counts each match once).
 */
import type { Category } from "@db/schema";
import { localeCsv, type CsvCell } from "~/modules/funding/csv";
import type { Locale, MessageKey, Translate } from "~/modules/i18n";
import { localToday, type Period } from "./impact";

/** An open need is stale once it has waited this many days without an introduction. */
export const STALE_DAYS = 30;

export const TIMING_STEPS = ["posting_to_proposal", "proposal_to_introduction", "introduction_to_answer", "introduction_to_outcome"] as const;
export type TimingStep = (typeof TIMING_STEPS)[number];

export interface StepTiming {
  step: TimingStep;
  /** Median in days (one decimal); null when nothing happened. */
  medianDays: number | null;
  /** How many intervals the median is taken over. */
  count: number;
}

export interface ClusterRef {
  id: string;
  slug: string;
  name: string;
}

export interface AnswerRow extends ClusterRef {
  /** Parties introduced in the period (one per posting of an introduced match). */
  parties: number;
  answered: number;
  interested: number;
  /** Median days from the introduction to the answer, over those who answered. */
  medianDays: number | null;
}

export interface StaleRow extends ClusterRef {
  openNeeds: number;
  stale: number;
  /** Age in days of its oldest stale need. */
  oldestDays: number | null;
}

export interface HeatMap {
  /** Categories with at least one unmet need, in the vocabulary's order. */
  categories: Category[];
  clusters: ClusterRef[];
  /** counts[category][clusterId] */
  counts: Record<string, Record<string, number>>;
  max: number;
  total: number;
}

export interface OutcomePosting {
  title: string;
  clusterName: string;
  /** A posting the coordination only sees: its title is not shown to other readers. */
  confidential: boolean;
}

export interface OutcomeRow {
  matchId: string;
  recordedAt: Date;
  postings: OutcomePosting[];
  savingsCad: number | null;
  ghgAvoidedKg: number | null;
  participants: number | null;
  summary: string;
}

export interface ClusterOutcome extends ClusterRef {
  concluded: number;
  savingsCad: number;
  ghgAvoidedKg: number;
  participants: number;
}

export interface FundingFigures {
  /** Applications submitted in the period. */
  submitted: number;
  /** Decisions recorded in the period. */
  awarded: number;
  awardedAmount: number;
  refused: number;
}

export interface HealthReport {
  period: Period;
  staleDays: number;
  timings: StepTiming[];
  answers: AnswerRow[];
  /** The network's row (each party once). */
  answersTotal: Omit<AnswerRow, keyof ClusterRef>;
  stale: StaleRow[];
  heat: HeatMap;
  outcomes: OutcomeRow[];
  outcomesByCluster: ClusterOutcome[];
  totals: { concluded: number; abandoned: number; savingsCad: number; ghgAvoidedKg: number; participants: number };
  funding: FundingFigures;
  /** Confidential postings left out (readers other than the coordination). */
  confidentialHidden: boolean;
}

/** One of five shades: 0 for nothing, then 1–4 relative to the largest cell. */
export function heatLevel(n: number, max: number): 0 | 1 | 2 | 3 | 4 {
  if (n <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((n / max) * 4))) as 1 | 2 | 3 | 4;
}

export const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

export const round1 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);

/** kg → tonnes, one decimal (what the committee reads). */
export const tonnes = (kg: number) => Math.round(kg / 100) / 10;

// ------------------------------------------------------------------ CSV

export const HEALTH_DATASETS = ["health-times", "answer-rates", "stale-needs", "unmet-demand", "outcomes", "outcomes-by-cluster"] as const;
export type HealthDatasetId = (typeof HEALTH_DATASETS)[number];

export const HEALTH_TITLES: Record<HealthDatasetId, MessageKey> = {
  "health-times": "impact.health.times.title",
  "answer-rates": "impact.health.answers.title",
  "stale-needs": "impact.health.stale.title",
  "unmet-demand": "impact.health.unmet.title",
  outcomes: "impact.health.outcomes.title",
  "outcomes-by-cluster": "impact.health.outcomesByCluster.title",
};

const pct = (n: number | null) => (n === null ? null : Math.round(n * 1000) / 10);

/** The titles of an outcome's postings as a reader may see them. */
export function outcomeTitle(t: Translate, row: OutcomeRow): string {
  return row.postings.map((p) => (p.confidential ? t("impact.health.outcomes.confidential", { cluster: p.clusterName }) : `${p.title} (${p.clusterName})`)).join(" | ");
}

/** A table of the report as CSV, headers and labels in `locale`. */
export function healthCsv(id: HealthDatasetId, h: HealthReport, t: Translate, locale: Locale): string {
  const table = (header: MessageKey[], rows: CsvCell[][]) => localeCsv(locale, header.map((k) => t(k)), rows);
  switch (id) {
    case "health-times":
      return table(["impact.csv.step", "impact.csv.medianDays", "impact.csv.count"], h.timings.map((s) => [t(`impact.health.step.${s.step}`), s.medianDays, s.count]));
    case "answer-rates":
      return table(
        ["impact.csv.cluster", "impact.csv.parties", "impact.csv.answered", "impact.csv.answerRate", "impact.csv.interested", "impact.csv.medianAnswerDays"],
        [
          ...h.answers.map((r) => [r.name, r.parties, r.answered, pct(ratio(r.answered, r.parties)), r.interested, r.medianDays]),
          [t("impact.health.network"), h.answersTotal.parties, h.answersTotal.answered, pct(ratio(h.answersTotal.answered, h.answersTotal.parties)), h.answersTotal.interested, h.answersTotal.medianDays],
        ],
      );
    case "stale-needs":
      return table(["impact.csv.cluster", "impact.csv.openNeeds", "impact.csv.staleNeeds", "impact.csv.oldestDays"], h.stale.map((r) => [r.name, r.openNeeds, r.stale, r.oldestDays]));
    case "unmet-demand":
      return localeCsv(
        locale,
        [t("impact.csv.category"), ...h.heat.clusters.map((c) => c.name), t("impact.csv.total")],
        h.heat.categories.map((cat) => {
          const row = h.heat.clusters.map((c) => h.heat.counts[cat]?.[c.id] ?? 0);
          return [t(`category.${cat}` as MessageKey), ...row, row.reduce((a, b) => a + b, 0)];
        }),
      );
    case "outcomes":
      return table(
        ["impact.csv.recordedOn", "impact.csv.match", "impact.csv.clusters", "impact.csv.savings", "impact.csv.ghgKg", "impact.csv.participants", "impact.csv.summary"],
        h.outcomes.map((o) => [
          localToday(o.recordedAt),
          outcomeTitle(t, o),
          [...new Set(o.postings.map((p) => p.clusterName))].join(" | "),
          o.savingsCad,
          o.ghgAvoidedKg,
          o.participants,
          o.summary,
        ]),
      );
    case "outcomes-by-cluster":
      return table(
        ["impact.csv.cluster", "impact.csv.concluded", "impact.csv.savings", "impact.csv.ghgKg", "impact.csv.participants"],
        [
          ...h.outcomesByCluster.map((c) => [c.name, c.concluded, c.savingsCad, c.ghgAvoidedKg, c.participants]),
          [t("impact.health.network"), h.totals.concluded, h.totals.savingsCad, h.totals.ghgAvoidedKg, h.totals.participants],
        ],
      );
  }
}
