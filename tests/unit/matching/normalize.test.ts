import { detectLanguage, foldText, stem, tokenize } from "../../../app/modules/matching/normalize";

describe("normalize", () => {
  it("folds case, accents and ligatures", () => {
    expect(foldText("Écoconception À Montréal Œuvre")).toBe("ecoconception a montreal oeuvre");
  });

  it("stems French and English plurals lightly", () => {
    expect(stem("bureaux")).toBe("bureau");
    expect(stem("laptops")).toBe("laptop");
    expect(stem("batteries")).toBe("battery");
    expect(stem("partagees")).toBe("partage");
    expect(stem("process")).toBe("process");
    expect(stem("campus")).toBe("campus");
    expect(stem("ges")).toBe("ges");
  });

  it("tokenizes without stop words and keeps upper-case IT as the IT domain", () => {
    expect(tokenize("Besoin de soutien informatique pour l'équipe")).toEqual(["soutien", "informatique", "equipe"]);
    expect(tokenize("IT support for the team")).toEqual(["ti", "support", "team"]);
    expect(tokenize("we need it soon")).toEqual(["it", "soon"]);
    expect(tokenize("R&D et m²")).toEqual(["rd", "m2"]);
  });

  it("detects the language from function words", () => {
    expect(detectLanguage("Nous cherchons des bureaux pour notre équipe")).toBe("fr");
    expect(detectLanguage("We are looking for desks for the team")).toBe("en");
  });
});
