import { describe, expect, it } from "vitest";
import { allowedMoves, APPLICATION_STAGES, boardStage, checkTransition, classifyMove, funderMoves, type ApplicationStage } from "~/modules/funding/stages";

describe("stage machine: the consortium's moves", () => {
  it("moves forward one step at a time up to review, and closes a decided application", () => {
    const path: [ApplicationStage, ApplicationStage][] = [
      ["idea", "consortium_formed"],
      ["consortium_formed", "drafting"],
      ["drafting", "submitted"],
      ["submitted", "under_review"],
      ["awarded", "closed"],
      ["declined", "closed"],
    ];
    for (const [from, to] of path) expect(checkTransition(from, to)).toEqual({ ok: true, kind: "forward", noteRequired: false });
  });

  it("never enters a decision itself: that is the funder's", () => {
    for (const from of ["submitted", "under_review"] as ApplicationStage[])
      for (const to of ["awarded", "declined"] as ApplicationStage[]) expect(checkTransition(from, to, "x")).toEqual({ ok: false, reason: "funder_decides" });
    // nor leaves it, except to close it
    expect(checkTransition("awarded", "under_review", "Décision révisée")).toEqual({ ok: false, reason: "funder_decides" });
    expect(checkTransition("declined", "drafting", "On recommence")).toEqual({ ok: false, reason: "funder_decides" });
  });

  it("refuses skipping stages forward", () => {
    for (const [from, to] of [
      ["idea", "drafting"],
      ["idea", "submitted"],
      ["consortium_formed", "submitted"],
      ["drafting", "under_review"],
      ["drafting", "awarded"],
    ] as [ApplicationStage, ApplicationStage][])
      expect(checkTransition(from, to, "a note does not help")).toEqual({ ok: false, reason: "not_allowed" });
  });

  it("refuses awarded ↔ declined and staying put", () => {
    expect(checkTransition("awarded", "declined", "x").ok).toBe(false);
    expect(checkTransition("declined", "awarded", "x").ok).toBe(false);
    for (const s of APPLICATION_STAGES) expect(checkTransition(s, s, "x")).toEqual({ ok: false, reason: "same_stage" });
  });

  it("goes backward before the decision only with a note", () => {
    expect(checkTransition("drafting", "consortium_formed")).toEqual({ ok: false, reason: "note_required" });
    expect(checkTransition("drafting", "consortium_formed", "   ")).toEqual({ ok: false, reason: "note_required" });
    expect(checkTransition("drafting", "consortium_formed", "Un partenaire se retire")).toEqual({ ok: true, kind: "backward", noteRequired: true });
    expect(checkTransition("under_review", "drafting", "Le bailleur demande des compléments")).toMatchObject({ ok: true, kind: "backward" });
  });

  it("re-opens a closed application to the stage it was closed from (a decision, nothing else)", () => {
    expect(checkTransition("closed", "awarded", "Fermée par erreur", "awarded")).toMatchObject({ ok: true, kind: "backward" });
    expect(checkTransition("closed", "under_review", "x", "awarded")).toEqual({ ok: false, reason: "not_allowed" });
    expect(checkTransition("closed", "declined", "x", "awarded")).toEqual({ ok: false, reason: "not_allowed" });
    // withdrawn while drafting: back to drafting or earlier
    expect(checkTransition("closed", "drafting", "On reprend", "drafting")).toMatchObject({ ok: true, kind: "backward" });
    expect(checkTransition("closed", "idea", "On recommence", "drafting")).toMatchObject({ ok: true, kind: "backward" });
    expect(checkTransition("closed", "submitted", "x", "drafting")).toEqual({ ok: false, reason: "not_allowed" });
    expect(checkTransition("closed", "awarded", "x", "under_review")).toEqual({ ok: false, reason: "not_allowed" });
  });

  it("lets a consortium withdraw before the decision, with a note", () => {
    for (const from of ["idea", "consortium_formed", "drafting", "submitted", "under_review"] as ApplicationStage[]) {
      expect(classifyMove(from, "closed")).toBe("withdraw");
      expect(checkTransition(from, "closed")).toEqual({ ok: false, reason: "note_required" });
      expect(checkTransition(from, "closed", "Abandon")).toMatchObject({ ok: true, kind: "withdraw" });
    }
  });

  it("lists the moves a stage allows, forward first", () => {
    expect(allowedMoves("under_review").map((m) => m.to)).toEqual(["idea", "consortium_formed", "drafting", "submitted", "closed"]);
    expect(allowedMoves("idea")).toEqual([
      { to: "consortium_formed", kind: "forward", noteRequired: false },
      { to: "closed", kind: "withdraw", noteRequired: true },
    ]);
    expect(allowedMoves("awarded")).toEqual([{ to: "closed", kind: "forward", noteRequired: false }]);
    expect(allowedMoves("closed", "declined")).toEqual([{ to: "declined", kind: "backward", noteRequired: true }]);
    expect(allowedMoves("closed", "consortium_formed").map((m) => m.to)).toEqual(["idea", "consortium_formed"]);
  });
});

describe("stage machine: the funder's moves", () => {
  it("acknowledges receipt, decides, re-opens", () => {
    expect(funderMoves("submitted")).toEqual(["review", "decide"]);
    expect(funderMoves("under_review")).toEqual(["decide"]);
    expect(funderMoves("awarded")).toEqual(["reopen"]);
    expect(funderMoves("declined")).toEqual(["reopen"]);
    for (const s of ["idea", "consortium_formed", "drafting", "closed"] as ApplicationStage[]) expect(funderMoves(s)).toEqual([]);
  });
});

describe("board stage", () => {
  it("keeps a closed application's decision, and calls one closed before any decision withdrawn", () => {
    expect(boardStage("closed", "awarded")).toBe("awarded");
    expect(boardStage("closed", "declined")).toBe("declined");
    expect(boardStage("closed", "drafting")).toBe("withdrawn");
    expect(boardStage("closed", "under_review")).toBe("withdrawn");
    expect(boardStage("closed", null)).toBe("withdrawn");
    expect(boardStage("submitted", null)).toBe("submitted");
  });
});
