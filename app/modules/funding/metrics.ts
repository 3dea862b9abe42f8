/**
 * Pipeline metrics, pure: the funnel (how far each application went, conversion between consecutive
 * stages), amounts requested vs awarded vs the envelope, the median time spent in each stage (from the
 * recorded stage changes), and date helpers. The server module feeds it rows; tests feed it literals.
 */
import { dateTimeFormat } from "~/modules/i18n";
import { isIsoDate } from "~/modules/validation/input";
import { boardStage, DECIDED_STAGES, FUNNEL_STAGES, STAGE_RANK, type ApplicationStage, type BoardStage } from "./stages";

export interface StageChangeLike {
  fromStage: ApplicationStage | null;
  toStage: ApplicationStage;
  at: Date;
}

export interface ApplicationLike {
  id: string;
  programmeId: string | null;
  stage: ApplicationStage;
  amountRequested: number | null;
  amountAwarded: number | null;
  cofinancingPublic?: number | null;
  cofinancingClusters?: number | null;
  cofinancingFirms?: number | null;
  createdAt: Date;
  /** Oldest first. */
  changes: StageChangeLike[];
}

export interface ProgrammeLike {
  id: string;
  envelope: number;
}

const DAY_MS = 86_400_000;

/** The stage the application was closed from (the last change into `closed`), or null (oldest first). */
export function closedFrom(changes: readonly StageChangeLike[]): ApplicationStage | null {
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i];
    if (c.toStage === "closed" && c.fromStage && c.fromStage !== "closed") return c.fromStage;
  }
  return null;
}

/**
 * The furthest stage an application stands at on the main path: its stage, or for a closed one the
 * stage it was closed from (closed after an award counts as awarded; withdrawn while drafting counts
 * as drafting). A backward correction moves it back: the funnel reflects what is true now. A closed
 * application with no recorded closing counts as withdrawn at the idea stage (as the board shows it).
 */
export function furthestStage(app: Pick<ApplicationLike, "stage" | "changes">): Exclude<ApplicationStage, "closed"> {
  if (app.stage !== "closed") return app.stage;
  const from = closedFrom(app.changes);
  return from && from !== "closed" ? from : "idea";
}

/** Where the board and the exports put it (a closed application keeps its decision; else "withdrawn"). */
export function boardStageOf(app: Pick<ApplicationLike, "stage" | "changes">): BoardStage {
  return boardStage(app.stage, app.stage === "closed" ? closedFrom(app.changes) : null);
}

export function wasWithdrawn(app: Pick<ApplicationLike, "stage" | "changes">): boolean {
  return boardStageOf(app) === "withdrawn";
}

export interface FunnelStep {
  stage: (typeof FUNNEL_STAGES)[number];
  /** Applications that got at least this far. */
  reached: number;
  /** Applications at this stage now (closed ones excluded). */
  current: number;
  /** reached / reached at the previous step; null for the first step or when the previous is 0. */
  conversion: number | null;
}

export interface Funnel {
  steps: FunnelStep[];
  total: number;
  declined: number;
  withdrawn: number;
  closed: number;
  /** awarded / decided (awarded + declined); null when nothing is decided yet. */
  successRate: number | null;
}

export function computeFunnel(apps: readonly ApplicationLike[]): Funnel {
  const furthest = apps.map((a) => furthestStage(a));
  const steps: FunnelStep[] = [];
  let previous: number | null = null;
  for (const stage of FUNNEL_STAGES) {
    const reached =
      stage === "awarded" ? furthest.filter((f) => f === "awarded").length : furthest.filter((f) => STAGE_RANK[f] >= STAGE_RANK[stage]).length;
    const current = apps.filter((a) => a.stage === stage).length;
    steps.push({ stage, reached, current, conversion: previous === null ? null : ratio(reached, previous) });
    previous = reached;
  }
  const declined = furthest.filter((f) => f === "declined").length;
  const awarded = furthest.filter((f) => f === "awarded").length;
  return {
    steps,
    total: apps.length,
    declined,
    withdrawn: apps.filter((a) => wasWithdrawn(a)).length,
    closed: apps.filter((a) => a.stage === "closed").length,
    successRate: ratio(awarded, awarded + declined),
  };
}

export function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Completed stays per stage, in days: a stay runs from the change into a stage to the next change. */
export function stageStays(apps: readonly Pick<ApplicationLike, "changes">[]): Map<ApplicationStage, number[]> {
  const stays = new Map<ApplicationStage, number[]>();
  for (const app of apps) {
    const changes = [...app.changes].sort((a, b) => a.at.getTime() - b.at.getTime());
    for (let i = 0; i < changes.length - 1; i++) {
      const days = (changes[i + 1].at.getTime() - changes[i].at.getTime()) / DAY_MS;
      const list = stays.get(changes[i].toStage) ?? [];
      list.push(days);
      stays.set(changes[i].toStage, list);
    }
  }
  return stays;
}

/** The stages whose duration the dashboard reports: the consortium's work, then the funder's review. */
export const TIMED_STAGES = ["idea", "consortium_formed", "drafting", "submitted", "under_review"] as const satisfies readonly ApplicationStage[];

export interface StageTime {
  stage: (typeof TIMED_STAGES)[number];
  /** Median of the completed stays, in days (one decimal); null when none is complete. */
  medianDays: number | null;
  /** Completed stays counted. */
  count: number;
  /** Applications in this stage now (their stay is not finished, so not in the median). */
  ongoing: number;
}

export function medianTimeInStage(apps: readonly ApplicationLike[]): StageTime[] {
  const stays = stageStays(apps);
  return TIMED_STAGES.map((stage) => {
    const list = stays.get(stage) ?? [];
    const m = median(list);
    return { stage, medianDays: m === null ? null : Math.round(m * 10) / 10, count: list.length, ongoing: apps.filter((a) => a.stage === stage).length };
  });
}

export interface ProgrammeAmounts {
  programmeId: string;
  envelope: number;
  applications: number;
  /** Requested by applications filed with the funder (submitted or further). */
  requested: number;
  /** Requested by applications still in preparation. */
  inPreparation: number;
  awarded: number;
  /** awarded / envelope; null for an empty envelope. */
  shareUsed: number | null;
}

const sum = (xs: readonly (number | null | undefined)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);

export function isFiled(app: Pick<ApplicationLike, "stage" | "changes">): boolean {
  return STAGE_RANK[furthestStage(app)] >= STAGE_RANK.submitted;
}

export function amountsByProgramme(apps: readonly ApplicationLike[], programmes: readonly ProgrammeLike[]): ProgrammeAmounts[] {
  return programmes.map((p) => {
    const mine = apps.filter((a) => a.programmeId === p.id);
    const awarded = sum(mine.filter((a) => furthestStage(a) === "awarded").map((a) => a.amountAwarded));
    return {
      programmeId: p.id,
      envelope: p.envelope,
      applications: mine.length,
      requested: sum(mine.filter(isFiled).map((a) => a.amountRequested)),
      inPreparation: sum(mine.filter((a) => !isFiled(a) && a.stage !== "closed").map((a) => a.amountRequested)),
      awarded,
      shareUsed: ratio(awarded, p.envelope),
    };
  });
}

export interface Totals {
  applications: number;
  requested: number;
  inPreparation: number;
  awarded: number;
  envelope: number;
  shareUsed: number | null;
  /** Total budget of the awarded projects per dollar awarded (co-financing included); null without data. */
  leverage: number | null;
}

export function totals(apps: readonly ApplicationLike[], amounts: readonly ProgrammeAmounts[]): Totals {
  const awardedApps = apps.filter((a) => furthestStage(a) === "awarded" && (a.amountAwarded ?? 0) > 0);
  const budget = sum(awardedApps.map((a) => sum([a.cofinancingPublic, a.cofinancingClusters, a.cofinancingFirms])));
  const awardedWithBudget = sum(awardedApps.filter((a) => sum([a.cofinancingPublic, a.cofinancingClusters, a.cofinancingFirms]) > 0).map((a) => a.amountAwarded));
  const envelope = sum(amounts.map((a) => a.envelope));
  const awarded = sum(amounts.map((a) => a.awarded));
  return {
    applications: apps.length,
    requested: sum(amounts.map((a) => a.requested)),
    inPreparation: sum(amounts.map((a) => a.inPreparation)),
    awarded,
    envelope,
    shareUsed: ratio(awarded, envelope),
    leverage: awardedWithBudget > 0 ? Math.round((budget / awardedWithBudget) * 100) / 100 : null,
  };
}

/** Is the application decided (awarded or declined, possibly closed since)? */
export function isDecided(app: Pick<ApplicationLike, "stage" | "changes">): boolean {
  return DECIDED_STAGES.includes(furthestStage(app));
}

// ---------------------------------------------------------------- dates (calendar days in Québec)

export const TIME_ZONE = "America/Toronto";

/** Today's date (YYYY-MM-DD) in Québec. */
export function todayIso(now: Date = new Date()): string {
  return dateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** Whole days from `from` to `to` (YYYY-MM-DD both): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}


/** What `Date.prototype.toLocaleString` writes (with a shared formatter instead of one per call). */
const LOCALE_STRING: Intl.DateTimeFormatOptions = { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" };

/** The start (inclusive) of a calendar day in Québec, as an instant (for filtering timestamps by period). */
export function startOfDay(iso: string): Date {
  // Québec is UTC-5 or UTC-4: find the offset of that day at noon, then step back to midnight.
  const noon = new Date(`${iso}T12:00:00Z`);
  const local = new Date(dateTimeFormat("en-US", { ...LOCALE_STRING, timeZone: TIME_ZONE }).format(noon));
  const utc = new Date(dateTimeFormat("en-US", { ...LOCALE_STRING, timeZone: "UTC" }).format(noon));
  const offsetMs = utc.getTime() - local.getTime();
  return new Date(Date.parse(`${iso}T00:00:00Z`) + offsetMs);
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
