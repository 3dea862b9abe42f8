/**
 * The network lexicon's rules (app/modules/matching/lexicon.ts, lexicon-file.ts): each class of bad
 * input, and what an entry does to the engine's proposals — written as general cases, with made-up
 * postings, not copies of the dev sets.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findMatches, type MatchPosting } from "../../../app/modules/matching";
import { applyLexicon, checkEntry, checkTerm, compileLexicon, joinTerms, LexiconRun, touches, type LexiconEntry, type RejectedSet } from "../../../app/modules/matching/lexicon";
import { lexiconForPostings, parseLexiconFile } from "../../../app/modules/matching/lexicon-file";
import { TODAY } from "./helpers";

const base = { region: "montreal", startDate: "2027-01-01", endDate: "2027-06-30" };
const need = (id: string, over: Partial<MatchPosting>): MatchPosting => ({ ...base, id, cluster: "c-need", kind: "need", category: "expertise", title: "", description: "", ...over });
const offer = (id: string, over: Partial<MatchPosting>): MatchPosting => ({ ...base, id, cluster: "c-offer", kind: "offer", category: "expertise", title: "", description: "", ...over });

/** Matches of these postings under a lexicon, as "members:score" keys. */
function run(postings: MatchPosting[], entries: LexiconEntry[] = [], rejected: RejectedSet[] = []): string[] {
  const r = new LexiconRun(compileLexicon(entries, rejected));
  return findMatches(postings.map((p) => r.prepare(p)), { today: TODAY })
    .filter(r.allows)
    .map((m) => m.members.join(","));
}

describe("a lexicon term", () => {
  it("is refused empty", () => {
    expect(checkTerm("")).toBe("required");
    expect(checkTerm("   ")).toBe("required");
    expect(checkTerm(undefined)).toBe("required");
  });
  it("is refused of one character, accents and punctuation not counted", () => {
    for (const t of ["x", "É", " 3 ", "a.", "-é-"]) expect(checkTerm(t)).toBe("tooShort");
    expect(checkTerm("IA")).toBeNull();
    expect(checkTerm("3D")).toBeNull();
  });
  it("is refused when it is only stop words, in either language", () => {
    for (const t of ["de", "the", "pour les", "with our", "Nous"]) expect(checkTerm(t)).toBe("stopWord");
    expect(checkTerm("pour les PME")).toBeNull();
  });
  it("is refused too long", () => {
    expect(checkTerm("mot ".repeat(30))).toBe("tooLong");
  });
});

describe("a lexicon entry", () => {
  const active: LexiconEntry[] = [{ kind: "synonym", a: "Tomodensitométrie", b: "CT scan" }];
  it("is refused when both terms are the same once normalised", () => {
    expect(checkEntry({ kind: "synonym", a: "Bureaux", b: "bureau" }, [])).toEqual([{ field: "b", problem: "sameTerm" }]);
  });
  it("is refused as a duplicate, whatever the order, case, accents or kind of the same sense", () => {
    expect(checkEntry({ kind: "abbreviation", a: "ct SCANS", b: "tomodensitometrie" }, active)).toEqual([{ field: "b", problem: "duplicate" }]);
  });
  it("is refused when it contradicts an entry in force", () => {
    expect(checkEntry({ kind: "distinct", a: "CT scan", b: "tomodensitométrie" }, active)).toEqual([{ field: "b", problem: "contradicts" }]);
  });
  it("reports each faulty field, and an unknown kind", () => {
    expect(checkEntry({ kind: "synonym", a: "", b: "x" }, [])).toEqual([
      { field: "a", problem: "required" },
      { field: "b", problem: "tooShort" },
    ]);
    expect(checkEntry({ kind: "same" as never, a: "aa", b: "bb" }, [])).toEqual([{ field: "kind", problem: "kind" }]);
  });
});

describe("a synonym", () => {
  const lex = compileLexicon([{ kind: "abbreviation", a: "GES", b: "gaz à effet de serre" }]);
  it("writes the other term right after the one a text says, keeping the head of a title first", () => {
    expect(joinTerms("Bilan GES de nos bureaux", lex)).toBe("Bilan GES (gaz à effet de serre) de nos bureaux");
    expect(joinTerms("Réduire nos gaz à effet de serre", lex)).toBe("Réduire nos gaz à effet de serre (GES)");
  });
  it("leaves a text alone when it says neither term, or both", () => {
    const p = need("n", { title: "Bilan carbone", description: "Émissions de GES et gaz à effet de serre." });
    expect(applyLexicon(need("m", { title: "Bilan carbone" }), lex).title).toBe("Bilan carbone");
    expect(applyLexicon(p, lex).description).toBe(p.description);
    expect(applyLexicon(need("k", { title: "Rien" }), lex)).toEqual(need("k", { title: "Rien" }));
  });
  it("makes a need and an offer naming one resource in two vocabularies meet", () => {
    const n = need("n", { title: "Analyse par tomodensitométrie de pièces moulées", description: "Faire examiner des pièces par tomodensitométrie." });
    const o = offer("o", { title: "Industrial CT scanning services", description: "We scan parts with our industrial CT scanner." });
    expect(run([n, o])).toEqual([]);
    expect(run([n, o], [{ kind: "synonym", a: "tomodensitométrie", b: "CT scanning" }])).toEqual(["n,o"]);
  });
  it("says which postings it touches", () => {
    const entry: LexiconEntry = { kind: "synonym", a: "Tomodensitométrie", b: "CT scanning" };
    expect(touches(need("n", { title: "TOMODENSITOMETRIE" }), entry)).toBe(true);
    expect(touches(offer("o", { title: "x", tags: ["CT scanning"] }), entry)).toBe(true);
    expect(touches(offer("o", { title: "scanning" }), entry)).toBe(false);
  });
});

describe("a distinct entry", () => {
  const n = need("n", { category: "office_space", title: "Bureau fermé pour 3 personnes", description: "Un bureau fermé, avec porte." });
  const o = offer("o", { category: "office_space", title: "Places en coworking", description: "Des places en coworking à aire ouverte." });
  it("stops a pair where each side says only one of the two terms", () => {
    expect(run([n, o])).toEqual(["n,o"]);
    expect(run([n, o], [{ kind: "distinct", a: "bureau fermé", b: "coworking" }])).toEqual([]);
  });
  it("leaves a posting that says both terms free to match either", () => {
    const both = offer("o", { ...o, description: "Des places en coworking et un bureau fermé." });
    expect(run([n, both], [{ kind: "distinct", a: "bureau fermé", b: "coworking" }])).toEqual(["n,o"]);
  });
});

describe("a pair rejected as not the same resource", () => {
  const n = need("n1", { category: "office_space", title: "Bureau fermé pour 3 personnes" });
  const o = offer("o1", { category: "office_space", title: "Places en coworking" });
  const rejected: RejectedSet[] = [{ type: "need_offer", members: [n, o] }];
  it("is not proposed again, nor its like re-posted by the same clusters", () => {
    const reposted = { ...n, id: "n2" };
    expect(run([reposted, o])).toEqual(["n2,o1"]);
    expect(run([reposted, o], [], rejected)).toEqual([]);
  });
  it("does not block another cluster's posting of the same words", () => {
    const other = { ...n, id: "n3", cluster: "c-third" };
    expect(run([other, o], [], rejected)).toEqual(["n3,o1"]);
  });
});

describe("the lexicon file of the command line", () => {
  it("reports every fault with the path of its field", () => {
    const r = parseLexiconFile({
      entries: [
        { kind: "synonym", terms: ["GES", "x"] },
        { kind: "same", terms: ["a", "b"] },
        { kind: "distinct", terms: ["de", "bureau"] },
        { kind: "synonym", terms: ["ges", "GHG"] },
        { kind: "abbreviation", terms: ["GHG", "GES"] },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain('entries[1].kind: expected "synonym" | "abbreviation" | "distinct", received "same"');
    const checked = parseLexiconFile({
      entries: [
        { kind: "synonym", terms: ["GES", "x"] },
        { kind: "distinct", terms: ["de", "bureau"] },
        { kind: "synonym", terms: ["ges", "GHG"] },
        { kind: "abbreviation", terms: ["GHG", "GES"] },
        { kind: "synonym", terms: ["", "bureau"] },
      ],
    });
    expect(!checked.ok && checked.errors).toEqual([
      "entries[0].terms[1]: too short (one character)",
      "entries[1].terms[0]: a stop word only (it says nothing about a resource)",
      "entries[3].terms[1]: duplicate of an earlier entry",
      "entries[4].terms[0]: required (an empty term)",
    ]);
  });
  it("requires its shape", () => {
    expect(parseLexiconFile([]).ok).toBe(false);
    const r = parseLexiconFile({ entries: [{ kind: "synonym", terms: ["GES"] }], extra: 1 });
    expect(!r.ok && r.errors.some((e) => e.startsWith("entries[0].terms"))).toBe(true);
    expect(!r.ok && r.errors.some((e) => e.includes("extra"))).toBe(true);
  });
  it("names a rejected posting that is not in the postings file", () => {
    const file = parseLexiconFile({ entries: [], rejected: [{ members: ["n1", "nope"] }] });
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    const r = lexiconForPostings(file.data, [need("n1", { title: "t" })]);
    expect(!r.ok && r.errors).toEqual(['rejected[0].members[1]: no posting with id "nope"']);
  });

  const root = path.resolve(__dirname, "../../..");
  const tmp = mkdtempSync(path.join(tmpdir(), "maillage-lexicon-"));
  const write = (name: string, content: unknown) => {
    const f = path.join(tmp, name);
    writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content));
    return f;
  };
  const cli = (args: string[]) => spawnSync("npx", ["tsx", "scripts/match.ts", ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
  const postings = write("postings.json", {
    postings: [
      need("n", { title: "Analyse par tomodensitométrie de pièces moulées", description: "Faire examiner des pièces par tomodensitométrie." }),
      offer("o", { title: "Industrial CT scanning services", description: "We scan parts with our industrial CT scanner." }),
    ],
  });

  it("is applied by npm run match --lexicon, and a malformed one exits 2 with the field's path", () => {
    const without = cli(["--file", postings, "--today", TODAY]);
    expect(without.status).toBe(0);
    expect(JSON.parse(without.stdout).matches).toEqual([]);
    const good = write("good.json", { entries: [{ kind: "synonym", terms: ["tomodensitométrie", "CT scanning"] }] });
    const withLex = cli(["--file", postings, "--lexicon", good, "--today", TODAY]);
    expect(withLex.status).toBe(0);
    expect(JSON.parse(withLex.stdout).matches.map((m: { a: string; b: string }) => `${m.a},${m.b}`)).toEqual(["n,o"]);
    const bad = write("bad.json", { entries: [{ kind: "synonym", terms: ["tomodensitométrie", "é"] }] });
    const refused = cli(["--file", postings, "--lexicon", bad]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${bad}: entries[0].terms[1]: too short (one character)`);
    const notJson = cli(["--file", postings, "--lexicon", write("broken.json", "{ entries: ")]);
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toContain("invalid JSON");
  });
});
