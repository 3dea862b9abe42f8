import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parsePostingsFile } from "../../../app/modules/matching";

const root = path.resolve(__dirname, "../../..");
const tmp = mkdtempSync(path.join(tmpdir(), "maillage-match-"));

function writeJson(name: string, content: unknown): string {
  const file = path.join(tmp, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync("npx", ["tsx", script, ...args], { cwd: root, encoding: "utf8", timeout: 60_000, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const valid = {
  postings: [
    { id: "n1", cluster: "mmode", kind: "need", category: "office_space", title: "Locaux partagés", description: "4 postes de travail", region: "montreal", quantity: 4, unit: "desks", budgetMax: 400 },
    { id: "o1", cluster: "bctq", kind: "offer", category: "office_space", title: "Coworking desks", description: "", region: "laval", quantity: 6, unit: "desks", budgetMax: 350 },
  ],
};

describe("format validation", () => {
  it("reports the path of every faulty field", () => {
    const r = parsePostingsFile({
      postings: [
        { id: "a", cluster: "c", kind: "besoin", category: "office_space", title: "t", description: "" },
        { id: "b", cluster: "c", kind: "need", category: "lab", title: "t", description: "", startDate: "2027-02-30", quantity: "3" },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain('postings[0].kind: expected "need" | "offer", received "besoin"');
    expect(r.errors.some((e) => e.startsWith('postings[1].category: expected "research" |'))).toBe(true);
    expect(r.errors.some((e) => e.startsWith("postings[1].startDate: expected an ISO date"))).toBe(true);
    expect(r.errors).toContain("postings[1].quantity: expected number, received string");
  });

  it("rejects missing fields, duplicate ids and inverted date ranges", () => {
    const missing = parsePostingsFile({ postings: [{ id: "a", kind: "need" }] });
    expect(!missing.ok && missing.errors).toContain("postings[0].cluster: required");
    const dup = parsePostingsFile({ postings: [valid.postings[0], { ...valid.postings[1], id: "n1" }] });
    expect(!dup.ok && dup.errors).toContain('postings[1].id: duplicate id "n1"');
    const inverted = parsePostingsFile({ postings: [{ ...valid.postings[0], startDate: "2027-05-01", endDate: "2027-01-01" }] });
    expect(!inverted.ok && inverted.errors[0]).toMatch(/^postings\[0\]\.endDate: is before startDate/);
    expect(parsePostingsFile(valid).ok).toBe(true);
  });

  it("treats null optional fields as absent", () => {
    const r = parsePostingsFile({ postings: [{ ...valid.postings[0], region: null, tags: null }] });
    expect(r.ok && r.data.postings[0].region).toBeUndefined();
  });
});

// Each case spawns `npx tsx`, which takes a second or two.
describe("scripts/match.ts", { timeout: 60_000 }, () => {
  it("exits 2 with the path of the faulty field on a malformed file", () => {
    const file = writeJson("bad-kind.json", { postings: [{ ...valid.postings[0], kind: "besoin" }] });
    const r = run("scripts/match.ts", ["--file", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('postings[0].kind: expected "need" | "offer"');
  });

  it("exits 2 on bad JSON, a bad date, a missing field and unknown options", () => {
    expect(run("scripts/match.ts", ["--file", writeJson("broken.json", "{ nope")]).status).toBe(2);
    const badDate = run("scripts/match.ts", ["--file", writeJson("bad-date.json", { postings: [{ ...valid.postings[0], endDate: "2027-13-01" }] })]);
    expect(badDate.status).toBe(2);
    expect(badDate.stderr).toContain("postings[0].endDate: expected an ISO date");
    const missing = run("scripts/match.ts", ["--file", writeJson("missing.json", { postings: [{ id: "x" }] })]);
    expect(missing.stderr).toContain("postings[0].cluster: required");
    expect(run("scripts/match.ts", ["--nope"]).status).toBe(2);
    expect(run("scripts/match.ts", []).status).toBe(2);
  });

  it("--db reads the database's open postings (an empty in-memory one here)", () => {
    const db = run("scripts/match.ts", ["--db"], { DATABASE_URL: "memory://" });
    expect(db.status).toBe(0);
    expect(JSON.parse(db.stdout)).toEqual({ matches: [] });
  });

  it("prints the interchange output (a = need, b = offer) and a table", () => {
    const file = writeJson("valid.json", valid);
    const r = run("scripts/match.ts", ["--file", file, "--today", "2026-11-22"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { matches: Array<Record<string, unknown>> };
    expect(out.matches).toHaveLength(1);
    expect(out.matches[0]).toMatchObject({ a: "n1", b: "o1", type: "need_offer" });
    expect(out.matches[0].score).toBeGreaterThanOrEqual(50);
    const table = run("scripts/match.ts", ["--file", file, "--format", "table", "--today", "2026-11-22"]);
    expect(table.status).toBe(0);
    expect(table.stdout).toContain("n1 -> o1");
    expect(table.stdout).toContain("1 match(es)");
    const none = run("scripts/match.ts", ["--file", file, "--top", "0"]);
    expect(JSON.parse(none.stdout)).toEqual({ matches: [] });
  });
});

describe("scripts/match-eval.ts", { timeout: 60_000 }, () => {
  it("prints precision, recall and recall@5, and exits 2 on unknown truth ids", () => {
    const file = writeJson("labelled.json", { rules: "reference date for deadlines: 2026-11-22", ...valid, truth: { need_offer: [["n1", "o1"]], pool: [] } });
    const r = run("scripts/match-eval.ts", ["--file", file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("need_offer pairs: precision 100.0% (1/1), recall 100.0% (1/1)");
    expect(r.stdout).toContain("recall@5 (mean per need): 100.0%");
    const bad = writeJson("labelled-bad.json", { ...valid, truth: { need_offer: [["n1", "zz"]], pool: [] } });
    const rb = run("scripts/match-eval.ts", ["--file", bad]);
    expect(rb.status).toBe(2);
    expect(rb.stderr).toContain('truth.need_offer[0][1]: unknown posting id "zz"');
  });
});
