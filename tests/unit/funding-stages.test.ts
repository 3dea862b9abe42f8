import { describe, expect, it } from "vitest";
import { allowedMoves, APPLICATION_STAGES, checkTransition, classifyMove, type ApplicationStage } from "~/modules/funding/stages";

describe("stage machine", () => {
  it("moves forward one step at a time along idea → … → awarded | declined → closed", () => {
    const path: [ApplicationStage, ApplicationStage][] = [
      ["idea", "consortium_formed"],
      ["consortium_formed", "drafting"],
      ["drafting", "submitted"],
      ["submitted", "under_review"],
      ["under_review", "awarded"],
      ["under_review", "declined"],
      ["awarded", "closed"],
      ["declined", "closed"],
    ];
    for (const [from, to] of path) expect(checkTransition(from, to)).toEqual({ ok: true, kind: "forward", noteRequired: false });
  });

  it("refuses skipping stages forward", () => {
    for (const [from, to] of [
      ["idea", "drafting"],
      ["idea", "submitted"],
      ["consortium_formed", "submitted"],
      ["drafting", "under_review"],
      ["submitted", "awarded"],
      ["submitted", "declined"],
      ["drafting", "awarded"],
    ] as [ApplicationStage, ApplicationStage][])
      expect(checkTransition(from, to, "a note does not help")).toEqual({ ok: false, reason: "not_allowed" });
  });

  it("refuses awarded ↔ declined and staying put", () => {
    expect(checkTransition("awarded", "declined", "x")).toEqual({ ok: false, reason: "not_allowed" });
    expect(checkTransition("declined", "awarded", "x")).toEqual({ ok: false, reason: "not_allowed" });
    for (const s of APPLICATION_STAGES) expect(checkTransition(s, s, "x")).toEqual({ ok: false, reason: "same_stage" });
  });

  it("goes backward only with a note", () => {
    expect(checkTransition("drafting", "consortium_formed")).toEqual({ ok: false, reason: "note_required" });
    expect(checkTransition("drafting", "consortium_formed", "   ")).toEqual({ ok: false, reason: "note_required" });
    expect(checkTransition("drafting", "consortium_formed", "Un partenaire se retire")).toEqual({ ok: true, kind: "backward", noteRequired: true });
    expect(checkTransition("awarded", "under_review", "Décision révisée")).toMatchObject({ ok: true, kind: "backward" });
    expect(checkTransition("closed", "awarded", "Fermée par erreur")).toMatchObject({ ok: true, kind: "backward" });
    expect(checkTransition("closed", "idea", "On recommence")).toMatchObject({ ok: true, kind: "backward" });
  });

  it("lets a consortium withdraw before the decision, with a note", () => {
    for (const from of ["idea", "consortium_formed", "drafting", "submitted", "under_review"] as ApplicationStage[]) {
      expect(classifyMove(from, "closed")).toBe("withdraw");
      expect(checkTransition(from, "closed")).toEqual({ ok: false, reason: "note_required" });
      expect(checkTransition(from, "closed", "Abandon")).toMatchObject({ ok: true, kind: "withdraw" });
    }
  });

  it("lists the moves a stage allows, forward first", () => {
    expect(allowedMoves("under_review").map((m) => m.to)).toEqual(["awarded", "declined", "idea", "consortium_formed", "drafting", "submitted", "closed"]);
    expect(allowedMoves("idea")).toEqual([
      { to: "consortium_formed", kind: "forward", noteRequired: false },
      { to: "closed", kind: "withdraw", noteRequired: true },
    ]);
    expect(allowedMoves("awarded").find((m) => m.to === "declined")).toBeUndefined();
    expect(allowedMoves("closed").every((m) => m.noteRequired)).toBe(true);
  });
});
