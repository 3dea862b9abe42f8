/**
 * The stage machine of a joint application, pure (no database, no Remix):
 *
 *   idea → consortium_formed → drafting → submitted → under_review → awarded | declined → closed
 *
 * Two sides move an application, each with its own moves:
 *
 * - The consortium (the lead cluster's people, and the coordination working with them):
 *   - forward one step at a time up to `under_review`, and `awarded | declined → closed` (the project
 *     is over, or the refusal filed away: the decision stays visible everywhere as "awarded, closed");
 *   - withdrawal: any stage before the decision may go to `closed`, with a note;
 *   - backward before the decision: to any earlier stage, with a note (a partner left, a call re-opened);
 *   - re-opening a closed application, with a note: back to the stage it was closed from (a decided one
 *     gets its decision back, nothing else), or for a withdrawn one to that stage or any earlier one.
 *   It never enters nor leaves `awarded | declined` itself: that is the funder's decision.
 * - The funder of the programme (or the coordination, for a funder that has no account on the platform):
 *   - `submitted → under_review` (receipt acknowledged; the consortium may record it too);
 *   - the decision: `submitted | under_review → awarded` (an amount, conditions) or `→ declined` (a reason);
 *   - re-opening its decision: `awarded | declined → under_review`, with a note (an appeal, a correction).
 *
 * `awarded ↔ declined` is never one move: the funder re-opens, then decides again.
 */

import { APPLICATION_STAGES, type ApplicationStage } from "@db/schema/enums";

export { APPLICATION_STAGES, type ApplicationStage };

/** Position on the path; awarded and declined share the decision rank. */
export const STAGE_RANK: Record<ApplicationStage, number> = {
  idea: 0,
  consortium_formed: 1,
  drafting: 2,
  submitted: 3,
  under_review: 4,
  awarded: 5,
  declined: 5,
  closed: 6,
};

/** The main path, as the funnel shows it. */
export const FUNNEL_STAGES = ["idea", "consortium_formed", "drafting", "submitted", "under_review", "awarded"] as const satisfies readonly ApplicationStage[];

/** Stages where the consortium still works on the application (deadline reminders, "in preparation"). */
export const PREPARATION_STAGES: readonly ApplicationStage[] = ["idea", "consortium_formed", "drafting"];
/** Stages where the funder has the application in hand or has decided. */
export const FILED_STAGES: readonly ApplicationStage[] = ["submitted", "under_review", "awarded", "declined"];
export const DECIDED_STAGES: readonly ApplicationStage[] = ["awarded", "declined"];
/** Stages from which the funder may decide. */
export const DECIDABLE_STAGES: readonly ApplicationStage[] = ["submitted", "under_review"];

const isDecision = (s: ApplicationStage | null | undefined) => s === "awarded" || s === "declined";

/** The consortium's forward steps. */
const FORWARD: Record<ApplicationStage, readonly ApplicationStage[]> = {
  idea: ["consortium_formed"],
  consortium_formed: ["drafting"],
  drafting: ["submitted"],
  submitted: ["under_review"],
  under_review: [],
  awarded: ["closed"],
  declined: ["closed"],
  closed: [],
};

export function isStage(v: unknown): v is ApplicationStage {
  return typeof v === "string" && (APPLICATION_STAGES as readonly string[]).includes(v);
}

export type MoveKind = "forward" | "withdraw" | "backward";

export type MoveRefusal = "same_stage" | "not_allowed" | "note_required" | "funder_decides";

export type TransitionCheck = { ok: true; kind: MoveKind; noteRequired: boolean } | { ok: false; reason: MoveRefusal };

/**
 * Classify a move of the consortium, without the note. `closedFrom`: for a closed application, the
 * stage it was closed from (the last change into `closed`); null when unknown.
 */
export function classifyMove(from: ApplicationStage, to: ApplicationStage, closedFrom: ApplicationStage | null = null): MoveKind | null {
  if (from === to) return null;
  if (FORWARD[from].includes(to)) return "forward";
  if (to === "closed" && STAGE_RANK[from] < STAGE_RANK.awarded) return "withdraw";
  if (from === "closed") {
    if (isDecision(closedFrom)) return to === closedFrom ? "backward" : null;
    const ceiling = closedFrom ? STAGE_RANK[closedFrom] : STAGE_RANK.under_review;
    return !isDecision(to) && STAGE_RANK[to] <= ceiling ? "backward" : null;
  }
  if (STAGE_RANK[from] < STAGE_RANK.awarded && STAGE_RANK[to] < STAGE_RANK[from]) return "backward";
  return null;
}

/** May the consortium move an application from `from` to `to` with this note? */
export function checkTransition(from: ApplicationStage, to: ApplicationStage, note?: string | null, closedFrom: ApplicationStage | null = null): TransitionCheck {
  if (from === to) return { ok: false, reason: "same_stage" };
  const kind = classifyMove(from, to, closedFrom);
  if (!kind) {
    // Entering or leaving a decision is the funder's; say so rather than "not allowed".
    const funderMove = (isDecision(to) && DECIDABLE_STAGES.includes(from)) || (isDecision(from) && to !== "closed");
    return { ok: false, reason: funderMove ? "funder_decides" : "not_allowed" };
  }
  const noteRequired = kind !== "forward";
  if (noteRequired && !note?.trim()) return { ok: false, reason: "note_required" };
  return { ok: true, kind, noteRequired };
}

/** Every stage the consortium may move to from `from`, forward moves first, each with whether a note is required. */
export function allowedMoves(from: ApplicationStage, closedFrom: ApplicationStage | null = null): { to: ApplicationStage; kind: MoveKind; noteRequired: boolean }[] {
  const out: { to: ApplicationStage; kind: MoveKind; noteRequired: boolean }[] = [];
  for (const to of FORWARD[from]) out.push({ to, kind: "forward", noteRequired: false });
  for (const to of APPLICATION_STAGES) {
    if (FORWARD[from].includes(to)) continue;
    const kind = classifyMove(from, to, closedFrom);
    if (kind) out.push({ to, kind, noteRequired: true });
  }
  return out;
}

// ------------------------------------------------------------------ the funder's side

export type FunderMove = "review" | "decide" | "reopen";

/** What the funder may do with an application at `stage` (closed ones: nothing; the consortium re-opens them). */
export function funderMoves(stage: ApplicationStage): FunderMove[] {
  if (stage === "submitted") return ["review", "decide"];
  if (stage === "under_review") return ["decide"];
  if (isDecision(stage)) return ["reopen"];
  return [];
}

/** A stage whose amount awarded is meaningful (an award, or a closed award). */
export function keepsAward(stage: ApplicationStage): boolean {
  return stage === "awarded" || stage === "closed";
}

// ------------------------------------------------------------------ what the board and lists show

/**
 * Where an application stands for people reading a board, a list or an export: its stage, except that
 * a closed application keeps the decision it was closed after (awarded, declined) — "closed" then only
 * qualifies it — and one closed before any decision is "withdrawn". So awarded and refused applications
 * never merge into one "closed" column, and the board's columns agree with the funnel's counts.
 */
export const BOARD_STAGES = ["idea", "consortium_formed", "drafting", "submitted", "under_review", "awarded", "declined", "withdrawn"] as const;
export type BoardStage = (typeof BOARD_STAGES)[number];

export function boardStage(stage: ApplicationStage, closedFrom: ApplicationStage | null): BoardStage {
  if (stage !== "closed") return stage;
  if (closedFrom === "awarded" || closedFrom === "declined") return closedFrom;
  return "withdrawn";
}

export function isBoardStage(v: unknown): v is BoardStage {
  return typeof v === "string" && (BOARD_STAGES as readonly string[]).includes(v);
}
