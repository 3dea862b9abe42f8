/**
 * The impact report, pure parts: the period, the datasets behind each chart, their labels and CSV.
 * (Queries are in impact.server.ts; charts in app/components/brokering/charts.tsx.)
 */
import { localeCsv, type CsvCell } from "~/modules/funding/csv";
import { isIsoDate } from "~/modules/validation/input";
import { dateTimeFormat, type Locale, type MessageKey, type Translate } from "~/modules/i18n";

export const PRESETS = ["60d", "12m", "ytd", "all"] as const;
export type Preset = (typeof PRESETS)[number];

export interface Period {
  /** ISO days, inclusive; null = open. */
  from: string | null;
  to: string | null;
  preset: Preset | null;
}


/** Today in Québec, as an ISO day. */
export function localToday(now: Date): string {
  return dateTimeFormat("en-CA", { timeZone: "America/Toronto", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

function shiftDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function shiftMonths(day: string, months: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; error: "brokering.impact.badPeriod" | "brokering.impact.badOrder"; period: Period };

/** The status a page or export answers a period with: 400 for bad dates or from > to (it shows the default period and says why). */
export const periodStatus = (r: PeriodResult) => (r.ok ? 200 : 400);

/**
 * The period from the URL: a preset (`60d` — the committee meets every two months — `12m`, `ytd`,
 * `all`) or explicit `from`/`to` days. Default: the last 12 months. Bad dates fall back to the default
 * with an error to show, never a crash.
 */
export function parsePeriod(params: URLSearchParams, now = new Date()): PeriodResult {
  const today = localToday(now);
  const presetPeriod = (p: Preset): Period => {
    switch (p) {
      case "60d":
        return { from: shiftDays(today, -59), to: today, preset: p };
      case "12m":
        return { from: shiftDays(shiftMonths(today, -12), 1), to: today, preset: p };
      case "ytd":
        return { from: `${today.slice(0, 4)}-01-01`, to: today, preset: p };
      case "all":
        return { from: null, to: null, preset: p };
    }
  };
  const fromRaw = params.get("from")?.trim() || null;
  const toRaw = params.get("to")?.trim() || null;
  if (fromRaw || toRaw) {
    if ((fromRaw && !isIsoDate(fromRaw)) || (toRaw && !isIsoDate(toRaw))) return { ok: false, error: "brokering.impact.badPeriod", period: presetPeriod("12m") };
    if (fromRaw && toRaw && fromRaw > toRaw) return { ok: false, error: "brokering.impact.badOrder", period: presetPeriod("12m") };
    return { ok: true, period: { from: fromRaw, to: toRaw, preset: null } };
  }
  const preset = PRESETS.find((p) => p === params.get("preset")) ?? "12m";
  return { ok: true, period: presetPeriod(preset) };
}

/** Midnight in Québec at the start of an ISO day, as an instant. */
export function localMidnight(day: string): Date {
  // Québec is UTC−5 in winter and UTC−4 in summer: try −5, correct if that lands at 1 a.m.
  const winter = new Date(`${day}T05:00:00Z`);
  const hour = Number(dateTimeFormat("en-CA", { timeZone: "America/Toronto", hour: "2-digit", hourCycle: "h23" }).format(winter));
  return hour === 0 ? winter : new Date(winter.getTime() - hour * 3_600_000);
}

/** [start, end) instants of a period. */
export function periodBounds(p: Period): { start: Date | null; end: Date | null } {
  return { start: p.from ? localMidnight(p.from) : null, end: p.to ? localMidnight(shiftDays(p.to, 1)) : null };
}

/** URL parameters that reproduce a period (for links and exports). */
export function periodQuery(p: Period): string {
  const q = new URLSearchParams();
  if (p.preset) q.set("preset", p.preset);
  else {
    if (p.from) q.set("from", p.from);
    if (p.to) q.set("to", p.to);
  }
  return q.toString();
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// ------------------------------------------------------------------ datasets

export const DATASETS = ["postings-by-category", "postings-by-cluster", "matches-by-status", "funnel", "participation", "activity-by-month"] as const;
export type DatasetId = (typeof DATASETS)[number];

export interface DatasetRow {
  /** A category, status or month key, or a cluster slug. */
  key: string;
  /** Given when the key is not translated (cluster names). */
  label?: string;
  values: number[];
}

export interface Dataset {
  id: DatasetId;
  /** Dictionary keys naming each value column the chart draws. */
  series: MessageKey[];
  /** Columns after the drawn ones (money saved in CAD, GHG avoided in kg): in the data table and the CSV only. */
  extra?: MessageKey[];
  /** How the row key is translated: `category.<key>`, `brokering.status.<key>`, a month, or the label. */
  rowKind: "category" | "status" | "stage" | "month" | "label";
  rows: DatasetRow[];
}

export interface ImpactKpis {
  postings: number;
  needs: number;
  offers: number;
  proposals: number;
  introductions: number;
  medianDaysToIntroduction: number | null;
  concluded: number;
  abandoned: number;
  savingsCad: number;
  ghgAvoidedKg: number;
  participants: number;
  clustersInvolved: number;
}

export interface ImpactReport {
  period: Period;
  kpis: ImpactKpis;
  datasets: Record<DatasetId, Dataset>;
}

export const DATASET_TITLES: Record<DatasetId, MessageKey> = {
  "postings-by-category": "brokering.impact.chart.postingsByCategory",
  "postings-by-cluster": "brokering.impact.chart.postingsByCluster",
  "matches-by-status": "brokering.impact.chart.matchesByStatus",
  funnel: "brokering.impact.chart.funnel",
  participation: "brokering.impact.chart.participation",
  "activity-by-month": "brokering.impact.chart.activity",
};

export function monthLabel(locale: Locale, key: string): string {
  return dateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${key}-15T12:00:00Z`));
}

export function rowLabel(t: Translate, locale: Locale, ds: Pick<Dataset, "rowKind">, row: DatasetRow): string {
  switch (ds.rowKind) {
    case "category":
      return t(`category.${row.key}` as MessageKey);
    case "status":
      return t(`brokering.status.${row.key}` as MessageKey);
    case "stage":
      return t(`brokering.impact.stage.${row.key}` as MessageKey);
    case "month":
      return monthLabel(locale, row.key);
    case "label":
      return row.label ?? row.key;
  }
}

/**
 * A dataset as CSV in the reader's convention (French: ";" and a decimal comma), with translated
 * headers and labels (the row key kept for spreadsheets), money and GHG columns included.
 */
export function datasetCsv(t: Translate, locale: Locale, ds: Dataset): string {
  const header = [t("brokering.impact.csv.key"), t("brokering.impact.csv.label"), ...ds.series.map((s) => t(s)), ...(ds.extra ?? []).map((s) => t(s))];
  const rows: CsvCell[][] = ds.rows.map((r) => [r.key, rowLabel(t, locale, ds, r), ...r.values]);
  return localeCsv(locale, header, rows);
}

/** Months (YYYY-MM) from the first to the last, inclusive. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split("-").map(Number);
  const [ly, lm] = last.split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
    if (out.length > 240) break;
  }
  return out;
}
