import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { evaluate, parseLabelled, referenceDate } from "../../../scripts/match-eval";

const devFile = path.resolve(__dirname, "../../../../shared/data/matching-dev.json");
const fixtures = path.resolve(__dirname, "fixtures");
const extraFiles = readdirSync(fixtures).filter((f) => f.startsWith("extra") && f.endsWith(".json")).sort();

function evaluateFile(file: string) {
  const data = parseLabelled(JSON.parse(readFileSync(file, "utf8")));
  return evaluate(data, { today: referenceDate(data.rules) ?? "2026-11-22" });
}

describe("labelled data sets", () => {
  it.skipIf(!existsSync(devFile))("shared/data/matching-dev.json: precision >= 0.85 and recall >= 0.90 for pairs and pools", () => {
    const ev = evaluateFile(devFile);
    expect(ev.pairs.precision).toBeGreaterThanOrEqual(0.85);
    expect(ev.pairs.recall).toBeGreaterThanOrEqual(0.9);
    expect(ev.pools.precision).toBeGreaterThanOrEqual(0.85);
    expect(ev.pools.recall).toBeGreaterThanOrEqual(0.9);
  });

  it("has hand-written extra fixtures", () => {
    expect(extraFiles.length).toBeGreaterThanOrEqual(1);
  });

  // Hand-written sets with wordings, synonyms, regions and programmes absent from the dev set.
  it.each(extraFiles)("fixtures/%s: every expected pair and pool, nothing else", (name) => {
    const ev = evaluateFile(path.join(fixtures, name));
    expect(ev.pairs.falseNegatives).toEqual([]);
    expect(ev.pairs.falsePositives).toEqual([]);
    expect(ev.pools.falseNegatives).toEqual([]);
    expect(ev.pools.falsePositives).toEqual([]);
    expect(ev.recallAt5).toBe(1);
  });
});
