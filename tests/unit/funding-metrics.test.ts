import { describe, expect, it } from "vitest";
import { localeCsv } from "~/modules/funding/csv";
import {
  addDays,
  amountsByProgramme,
  computeFunnel,
  daysBetween,
  boardStageOf,
  furthestStage,
  median,
  medianTimeInStage,
  startOfDay,
  todayIso,
  totals,
  type ApplicationLike,
  type StageChangeLike,
} from "~/modules/funding/metrics";
import type { ApplicationStage } from "~/modules/funding/stages";
import { toMoney } from "~/modules/funding/validation";

const d = (day: string) => new Date(`${day}T12:00:00Z`);
let n = 0;
/** An application that went through `path` ([stage, day] pairs, oldest first). */
function app(path: [ApplicationStage, string][], extra: Partial<ApplicationLike> = {}): ApplicationLike {
  const changes: StageChangeLike[] = path.map(([s, day], i) => ({ fromStage: i ? path[i - 1][0] : null, toStage: s, at: d(day) }));
  return { id: `a${++n}`, programmeId: "p1", stage: path[path.length - 1][0], amountRequested: null, amountAwarded: null, createdAt: d(path[0][1]), changes, ...extra };
}

describe("funnel", () => {
  const apps = [
    app([["idea", "2026-01-01"]]),
    app([["idea", "2026-01-01"], ["consortium_formed", "2026-01-11"]]),
    app([["idea", "2026-01-01"], ["consortium_formed", "2026-01-05"], ["drafting", "2026-01-25"], ["closed", "2026-02-01"]]), // withdrawn while drafting
    app([["idea", "2026-01-01"], ["consortium_formed", "2026-01-03"], ["drafting", "2026-01-13"], ["submitted", "2026-02-01"], ["under_review", "2026-02-08"], ["declined", "2026-03-01"]]),
    app([["idea", "2026-01-01"], ["consortium_formed", "2026-01-21"], ["drafting", "2026-02-01"], ["submitted", "2026-03-01"], ["under_review", "2026-03-03"], ["awarded", "2026-04-01"], ["closed", "2026-06-01"]]),
    // created directly at consortium_formed (from a pool): it counts as having been an idea
    app([["consortium_formed", "2026-02-01"], ["drafting", "2026-02-11"], ["submitted", "2026-03-01"], ["under_review", "2026-03-11"], ["awarded", "2026-05-01"]]),
  ];

  it("counts how far each application got and the conversion between consecutive stages", () => {
    const f = computeFunnel(apps);
    expect(f.steps.map((s) => [s.stage, s.reached])).toEqual([
      ["idea", 6],
      ["consortium_formed", 5],
      ["drafting", 4],
      ["submitted", 3],
      ["under_review", 3],
      ["awarded", 2],
    ]);
    expect(f.steps.map((s) => s.conversion)).toEqual([null, 5 / 6, 4 / 5, 3 / 4, 1, 2 / 3]);
    expect(f.steps.find((s) => s.stage === "idea")!.current).toBe(1);
    expect(f.steps.find((s) => s.stage === "awarded")!.current).toBe(1); // the other one is closed
    expect(f).toMatchObject({ total: 6, declined: 1, withdrawn: 1, closed: 2, successRate: 2 / 3 });
  });

  it("uses the stage a closed application was closed from", () => {
    expect(furthestStage(apps[2])).toBe("drafting");
    expect(furthestStage(apps[4])).toBe("awarded");
  });

  it("puts closed applications on the board under their decision, so columns agree with the funnel", () => {
    const refusedThenClosed = app([["submitted", "2026-01-01"], ["under_review", "2026-01-02"], ["declined", "2026-02-01"], ["closed", "2026-03-01"]]);
    const all = [...apps, refusedThenClosed];
    expect(all.map(boardStageOf)).toEqual(["idea", "consortium_formed", "withdrawn", "declined", "awarded", "awarded", "declined"]);
    const f = computeFunnel(all);
    const column = (s: string) => all.filter((a) => boardStageOf(a) === s).length;
    expect(column("awarded")).toBe(f.steps.find((s) => s.stage === "awarded")!.reached);
    expect(column("declined")).toBe(f.declined);
    expect(column("withdrawn")).toBe(f.withdrawn);
    // awarded and refused never merge into one "closed" column
    expect(column("awarded")).toBe(2);
    expect(column("declined")).toBe(2);
  });

  it("reflects a backward correction (the funnel says what is true now)", () => {
    const corrected = app([["idea", "2026-01-01"], ["consortium_formed", "2026-01-02"], ["drafting", "2026-01-03"], ["consortium_formed", "2026-01-04"]]);
    expect(computeFunnel([corrected]).steps.map((s) => s.reached)).toEqual([1, 1, 0, 0, 0, 0]);
  });

  it("has no conversion after an empty stage, and no success rate before any decision", () => {
    const f = computeFunnel([app([["idea", "2026-01-01"]])]);
    expect(f.steps[1].conversion).toBe(0);
    expect(f.steps[2].conversion).toBeNull();
    expect(f.successRate).toBeNull();
    expect(computeFunnel([]).steps.every((s) => s.reached === 0)).toBe(true);
  });
});

describe("median time in stage", () => {
  it("is the median of completed stays, in days; ongoing stays are left out", () => {
    const apps = [
      app([["idea", "2026-01-01"], ["consortium_formed", "2026-01-11"], ["drafting", "2026-01-21"]]), // idea 10, consortium 10
      app([["idea", "2026-01-01"], ["consortium_formed", "2026-01-05"]]), // idea 4
      app([["idea", "2026-01-01"], ["consortium_formed", "2026-01-31"], ["drafting", "2026-02-02"]]), // idea 30, consortium 2
      app([["idea", "2026-01-01"]]), // ongoing
    ];
    const times = medianTimeInStage(apps);
    expect(times.find((s) => s.stage === "idea")).toEqual({ stage: "idea", medianDays: 10, count: 3, ongoing: 1 });
    expect(times.find((s) => s.stage === "consortium_formed")).toEqual({ stage: "consortium_formed", medianDays: 6, count: 2, ongoing: 1 });
    expect(times.find((s) => s.stage === "drafting")).toEqual({ stage: "drafting", medianDays: null, count: 0, ongoing: 2 });
  });

  it("counts each stay after a backward move separately", () => {
    const a = app([["idea", "2026-01-01"], ["consortium_formed", "2026-01-03"], ["drafting", "2026-01-05"], ["consortium_formed", "2026-01-15"], ["drafting", "2026-01-16"]]);
    const times = medianTimeInStage([a]);
    expect(times.find((s) => s.stage === "consortium_formed")).toMatchObject({ medianDays: 1.5, count: 2 });
    expect(times.find((s) => s.stage === "drafting")).toMatchObject({ medianDays: 10, count: 1 });
  });

  it("median of even and odd lists", () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });
});

describe("amounts", () => {
  it("compares requested (filed), awarded and the envelope per programme", () => {
    const apps = [
      app([["idea", "2026-01-01"], ["consortium_formed", "2026-01-02"]], { amountRequested: 100_000 }), // in preparation
      app([["drafting", "2026-01-01"], ["submitted", "2026-01-02"]], { amountRequested: 200_000 }),
      app([["under_review", "2026-01-01"], ["awarded", "2026-01-02"]], { amountRequested: 300_000, amountAwarded: 250_000, cofinancingPublic: 300_000, cofinancingClusters: 50_000, cofinancingFirms: 150_000 }),
      app([["under_review", "2026-01-01"], ["declined", "2026-01-02"]], { amountRequested: 400_000 }),
      app([["under_review", "2026-01-01"], ["awarded", "2026-01-02"]], { programmeId: "p2", amountRequested: 50_000, amountAwarded: 50_000 }),
    ];
    const amounts = amountsByProgramme(apps, [{ id: "p1", envelope: 1_000_000 }, { id: "p2", envelope: 0 }]);
    expect(amounts[0]).toEqual({ programmeId: "p1", envelope: 1_000_000, applications: 4, requested: 900_000, inPreparation: 100_000, awarded: 250_000, shareUsed: 0.25 });
    expect(amounts[1].shareUsed).toBeNull();
    const tot = totals(apps, amounts);
    expect(tot).toMatchObject({ applications: 5, requested: 950_000, awarded: 300_000, envelope: 1_000_000, shareUsed: 0.3, leverage: 2 });
  });
});

describe("dates in Québec", () => {
  it("today follows Montréal's calendar, not UTC's", () => {
    expect(todayIso(new Date("2026-11-23T03:00:00Z"))).toBe("2026-11-22"); // 22:00 in Montréal
    expect(todayIso(new Date("2026-11-23T06:00:00Z"))).toBe("2026-11-23");
  });
  it("counts days and finds the start of a day", () => {
    expect(daysBetween("2026-11-22", "2026-12-04")).toBe(12);
    expect(daysBetween("2026-12-04", "2026-11-22")).toBe(-12);
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(startOfDay("2026-01-15").toISOString()).toBe("2026-01-15T05:00:00.000Z"); // EST
    expect(startOfDay("2026-07-15").toISOString()).toBe("2026-07-15T04:00:00.000Z"); // EDT
  });
});

describe("CSV and money input", () => {
  it("writes French CSV with ; and decimal commas, English with , — and neutralises formulas", () => {
    expect(localeCsv("fr", ["a", "b"], [[1.5, "x;y"], ["=SUM(A1)", null]])).toBe('\uFEFFa;b\r\n1,5;"x;y"\r\n\'=SUM(A1);\r\n');
    expect(localeCsv("en", ["a", "b"], [[250000, 1234.567], ["x,y", 'say "hi"']])).toBe('\uFEFFa,b\r\n250000,1234.57\r\n"x,y","say ""hi"""\r\n');
  });
  it("reads money the way people type it", () => {
    expect(toMoney("250 000")).toBe(250000);
    expect(toMoney("250\u00a0000,50 $")).toBe(250000.5);
    expect(toMoney("1,250,000")).toBe(1250000);
    expect(toMoney("")).toBeUndefined();
    expect(toMoney("abc")).toBeNaN();
    expect(toMoney("-5")).toBeNaN();
  });
});
