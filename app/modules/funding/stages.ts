/**
 * The stage machine of a joint application, pure (no database, no Remix):
 *
 *   idea → consortium_formed → drafting → submitted → under_review → awarded | declined → closed
 *
 * - Forward: one step at a time along that path (under_review branches to awarded or declined).
 * - Withdrawal: any stage before the decision may go to `closed`, with a note (the consortium gave up).
 * - Backward: to any earlier stage, always with a note (a correction, a call re-opened, an appeal).
 *   awarded ↔ declined is not a move: go back to under_review first.
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

const FORWARD: Record<ApplicationStage, readonly ApplicationStage[]> = {
  idea: ["consortium_formed"],
  consortium_formed: ["drafting"],
  drafting: ["submitted"],
  submitted: ["under_review"],
  under_review: ["awarded", "declined"],
  awarded: ["closed"],
  declined: ["closed"],
  closed: [],
};

export function isStage(v: unknown): v is ApplicationStage {
  return typeof v === "string" && (APPLICATION_STAGES as readonly string[]).includes(v);
}

export type MoveKind = "forward" | "withdraw" | "backward";

export type TransitionCheck =
  | { ok: true; kind: MoveKind; noteRequired: boolean }
  | { ok: false; reason: "same_stage" | "not_allowed" | "note_required" };

/** Classify a move, without the note. */
export function classifyMove(from: ApplicationStage, to: ApplicationStage): MoveKind | null {
  if (from === to) return null;
  if (FORWARD[from].includes(to)) return "forward";
  if (to === "closed" && STAGE_RANK[from] < STAGE_RANK.awarded) return "withdraw";
  if (STAGE_RANK[to] < STAGE_RANK[from]) return "backward";
  return null;
}

/** May an application go from `from` to `to` with this note? */
export function checkTransition(from: ApplicationStage, to: ApplicationStage, note?: string | null): TransitionCheck {
  if (from === to) return { ok: false, reason: "same_stage" };
  const kind = classifyMove(from, to);
  if (!kind) return { ok: false, reason: "not_allowed" };
  const noteRequired = kind !== "forward";
  if (noteRequired && !note?.trim()) return { ok: false, reason: "note_required" };
  return { ok: true, kind, noteRequired };
}

/** Every stage reachable from `from`, forward moves first, each with whether a note is required. */
export function allowedMoves(from: ApplicationStage): { to: ApplicationStage; kind: MoveKind; noteRequired: boolean }[] {
  const out: { to: ApplicationStage; kind: MoveKind; noteRequired: boolean }[] = [];
  for (const to of FORWARD[from]) out.push({ to, kind: "forward", noteRequired: false });
  for (const to of APPLICATION_STAGES) {
    if (FORWARD[from].includes(to)) continue;
    const kind = classifyMove(from, to);
    if (kind) out.push({ to, kind, noteRequired: true });
  }
  return out;
}

/** A stage whose amount awarded is meaningful (an award, or a closed award). */
export function keepsAward(stage: ApplicationStage): boolean {
  return stage === "awarded" || stage === "closed";
}
