import { rankWithFuse } from "~/modules/postings/browse.server";
import { buildSearchDocument, conceptsOf, editDistance, foldForSearch, parseSearchQuery } from "~/modules/postings/search";

describe("search text", () => {
  it("folds case, accents, ligatures and punctuation", () => {
    expect(foldForSearch("Écoconception & R&D — cœur, m²")).toBe("ecoconception rd coeur m2");
  });
  it("tags a document with the synonym concepts it mentions, plurals included", () => {
    expect(conceptsOf(foldForSearch("Nous cherchons des espaces de bureaux et du soutien informatique"))).toEqual(["it_support", "office_space"]);
    expect(conceptsOf(foldForSearch("IT support for our helpdesk"))).toEqual(["it_support"]);
    expect(conceptsOf(foldForSearch("Bilan carbone de la grappe"))).toEqual(["ghg"]);
  });
  it("builds a document with FR and EN labels, and concepts not taken from the cluster's name", () => {
    const doc = buildSearchDocument(
      { kind: "need", category: "it_support", title: "Dépannage", description: "Pour 10 postes", tags: ["TI"], region: "montreal", attributes: { service: "helpdesk" } },
      "Bureau du cinéma et de la télévision du Québec",
    );
    expect(doc.searchText.startsWith(" depannage ")).toBe(true);
    expect(doc.searchText).toContain("soutien informatique");
    expect(doc.searchText).toContain("it support");
    expect(doc.searchText).toContain("besoin need");
    expect(doc.searchText).toContain("bureau du cinema");
    expect(doc.searchTerms).toContain("it_support");
    expect(doc.searchTerms).not.toContain("office_space");
  });
});

describe("query parsing", () => {
  it("recognises synonym phrases, even misspelt", () => {
    expect(parseSearchQuery("soutien informatique").terms).toEqual([{ text: "soutien informatique", groups: ["it_support"], searchText: true }]);
    expect(parseSearchQuery("IT support").terms).toEqual([{ text: "it support", groups: ["it_support"], searchText: true }]);
    expect(parseSearchQuery("informatiqe").terms[0].groups).toEqual(["it_support"]);
    expect(parseSearchQuery("bureua").terms[0].groups).toEqual(["office_space"]);
    expect(parseSearchQuery("cybersécurité").terms[0].groups).toEqual(["cybersecurity"]);
  });
  it("an ambiguous abbreviation searches its group only", () => {
    expect(parseSearchQuery("IT").terms).toEqual([{ text: "it", groups: ["it_support"], searchText: false }]);
  });
  it("keeps other words as their own terms, without stop words", () => {
    expect(parseSearchQuery("espace de bureau à Laval").terms).toEqual([
      { text: "espace bureau", groups: ["office_space"], searchText: true },
      { text: "laval", groups: [], searchText: true },
    ]);
  });
  it("does not take a different word for a typo", () => {
    expect(parseSearchQuery("information").terms[0].groups).toEqual([]);
  });
  it("edit distance counts transpositions as one", () => {
    expect(editDistance("bureua", "bureau")).toBe(1);
    expect(editDistance("informatiqe", "informatique")).toBe(1);
    expect(editDistance("abc", "xyz", 1)).toBe(2);
  });
});

describe("fuse.js ranking of SQL candidates", () => {
  const doc = (title: string, description: string, category: "it_support" | "other" = "other") => ({
    title,
    ...buildSearchDocument({ kind: "need", category, title, description, tags: [] }, "Grappe"),
  });
  it("puts literal title matches first, synonym hits next, weak matches last", () => {
    const rows = [doc("Salle de réunion", "Une salle pour 20 personnes"), doc("Helpdesk partagé", "Centre d'assistance", "it_support"), doc("Soutien informatique", "Dépannage des postes")];
    const ranked = rankWithFuse(rows, parseSearchQuery("soutien informatiqe"));
    expect(ranked.map((r) => r.title)).toEqual(["Soutien informatique", "Helpdesk partagé", "Salle de réunion"]);
  });
});
