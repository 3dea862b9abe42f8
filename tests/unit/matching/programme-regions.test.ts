import { adjacentRegions, normalizeRegion, parseProgramme, regionRelation, sameEdition, sameProgramme } from "../../../app/modules/matching";

describe("programme identity", () => {
  it.each([
    ["DEC – Écosystèmes régionaux d'innovation (ERI) – appel 2026", "DEC – Regional Innovation Ecosystems (REI) – 2026 intake"],
    ["CERI 2027", "Regional Economic Growth through Innovation (REGI) 2027"],
    ["Mitacs Accelerate", "Mitacs Accélération"],
    ["MEIE – Appel de projets Économie circulaire interfilières 2027", "MEIE inter-cluster circular economy call for projects 2027"],
    ["CRSNG – Subventions Alliance 2027", "NSERC Alliance grants 2027"],
  ])("'%s' = '%s'", (a, b) => {
    expect(sameProgramme(parseProgramme(a), parseProgramme(b))).toBe(true);
  });

  it.each([
    ["CMM – Fonds métropolitain pour la transition climatique 2027", "CMM – Fonds d'innovation sociale métropolitain 2027"],
    ["Mitacs Accelerate", "Mitacs Elevate"],
    ["DEC – ERI", "DEC – CERI"],
    ["Technoclimat 2027", "Programme Action-Climat Québec 2027"],
  ])("'%s' != '%s'", (a, b) => {
    expect(sameProgramme(parseProgramme(a), parseProgramme(b))).toBe(false);
  });

  it("editions: years must agree; without years, deadlines far apart are different calls", () => {
    expect(sameEdition(parseProgramme("X 2026"), parseProgramme("X 2027"))).toBe(false);
    expect(sameEdition(parseProgramme("X appel 2"), parseProgramme("X appel 3"))).toBe(false);
    expect(sameEdition(parseProgramme("Mitacs"), parseProgramme("Mitacs"), "2027-01-15", "2027-09-15")).toBe(false);
    expect(sameEdition(parseProgramme("Mitacs"), parseProgramme("Mitacs 2027"), "2027-01-15", "2027-01-31")).toBe(true);
  });
});

describe("regions", () => {
  it("normalises names to slugs", () => {
    expect(normalizeRegion("Montréal")).toBe("montreal");
    expect(normalizeRegion("Capitale-Nationale")).toBe("capitale-nationale");
    expect(normalizeRegion("Québec City")).toBe("capitale-nationale");
    expect(normalizeRegion("")).toBeUndefined();
  });

  it("uses exactly the adjacency of the rules", () => {
    expect(regionRelation("montreal", "laval")).toBe("adjacent");
    expect(regionRelation("capitale-nationale", "chaudiere-appalaches")).toBe("adjacent");
    expect(regionRelation("laval", "monteregie")).toBe("incompatible");
    expect(regionRelation("montreal", "capitale-nationale")).toBe("incompatible");
    expect(regionRelation("montreal", "saguenay-lac-saint-jean")).toBe("incompatible");
    expect(regionRelation("remote", "cote-nord")).toBe("remote");
    expect(regionRelation(undefined, "estrie")).toBe("unspecified");
    expect(adjacentRegions("montreal")).toEqual(["lanaudiere", "laurentides", "laval", "monteregie"]);
  });
});
