import { candidateKeys, findMatches, scorePair, type Category } from "../../../app/modules/matching";
import { compileWords } from "../../../app/modules/matching/phrases";
import { CONCEPTS, extractConcepts } from "../../../app/modules/matching/synonyms";
import { posting, TODAY } from "./helpers";

const conceptsOf = (text: string, lang: "fr" | "en" = "fr") => extractConcepts(text, lang).concepts;

describe("concept lexicon (FR/EN synonyms)", () => {
  it.each([
    ["soutien informatique", "fr", "it_support"],
    ["IT support", "en", "it_support"],
    ["soutien TI", "fr", "it_support"],
    ["helpdesk", "en", "it_support"],
    ["service desk", "en", "it_support"],
    ["infogérance", "fr", "it_support"],
    ["locaux", "fr", "office_space"],
    ["espace de bureau", "fr", "office_space"],
    ["office space", "en", "office_space"],
    ["coworking", "en", "office_space"],
    ["desks", "en", "office_space"],
    ["bilan GES", "fr", "ghg_inventory"],
    ["bilan carbone", "fr", "ghg_inventory"],
    ["carbon footprint", "en", "ghg_inventory"],
    ["GHG inventory", "en", "ghg_inventory"],
    ["hameçonnage", "fr", "phishing"],
    ["phishing", "en", "phishing"],
    ["cybersécurité", "fr", "cybersecurity"],
    ["cybersecurity", "en", "cybersecurity"],
    ["traduction", "fr", "translation"],
    ["translation", "en", "translation"],
    ["sous-titrage", "fr", "subtitling"],
    ["subtitling", "en", "subtitling"],
    ["portables", "fr", "laptop"],
    ["laptops", "en", "laptop"],
    ["vaisselle réutilisable", "fr", "reusable_tableware"],
    ["reusable tableware", "en", "reusable_tableware"],
    ["écoconception", "fr", "eco_design"],
    ["eco-design", "en", "eco_design"],
    ["francisation", "fr", "french_language"],
    ["French classes", "en", "french_language"],
  ] as const)("%s (%s) -> %s", (text, lang, concept) => {
    expect(conceptsOf(text, lang)).toContain(concept);
  });

  it("prefers the longest phrase: a desktop computer is not office space, a cluster name is not an office", () => {
    expect(conceptsOf("ordinateurs de bureau")).toEqual(["desktop_computer"]);
    expect(conceptsOf("Bureau du cinéma et de la télévision du Québec")).not.toContain("office_space");
    expect(conceptsOf("helpdesk")).not.toContain("office_space");
  });

  it("applies language-restricted patterns only in their language", () => {
    expect(conceptsOf("AI tools", "en")).toContain("ai");
    expect(conceptsOf("j'ai un portable", "fr")).not.toContain("ai");
  });
});

describe("lexicon hygiene", () => {
  it("no multi-word resource pattern collapses to a single word once stop words are removed", () => {
    // e.g. "car sharing" would become "sharing" if "car" (French "because") were a stop word.
    const collapsed: string[] = [];
    for (const def of CONCEPTS.values()) {
      if (def.weight === 0) continue;
      for (const pattern of def.patterns) {
        const raw = pattern.replace(/^(fr|en):/, "");
        if (raw.trim().split(/\s+/).length > 1 && compileWords(raw).length < 2) collapsed.push(`${def.id}: ${pattern}`);
      }
    }
    expect(collapsed).toEqual([]);
  });
});

describe("disambiguation by context", () => {
  it("'postes de travail' are desks in an office posting and computers in an IT purchase", () => {
    const desks = posting({ kind: "offer", category: "office_space", title: "Postes de travail à louer", description: "Dans nos bureaux.", unit: "desks" });
    const computers = posting({ kind: "need", category: "equipment", title: "Achat de postes de travail", description: "Ordinateurs avec écrans." });
    expect(candidateKeys(desks).concepts).toContain("office_space");
    expect(candidateKeys(desks).concepts).not.toContain("computer");
    expect(candidateKeys(computers).concepts).toContain("computer");
    expect(candidateKeys(computers).concepts).not.toContain("office_space");
    expect(scorePair(computers, desks, { today: TODAY }).excludedBy).toBe("different_resource");
  });

  it("metal and plastic 3D printing are different resources", () => {
    const need = posting({ kind: "need", category: "equipment", title: "Metal 3D printing time", description: "Aluminium alloy brackets." });
    const plastic = posting({ kind: "offer", category: "equipment", title: "Imprimante 3D à prêter", description: "Filament PLA, impression plastique." });
    const metal = posting({ kind: "offer", category: "equipment", title: "Temps machine en fabrication additive", description: "Fusion laser sur lit de poudre métallique." });
    expect(scorePair(need, plastic, { today: TODAY }).excludedBy).toBe("different_resource");
    expect(scorePair(need, metal, { today: TODAY }).excludedBy).toBeUndefined();
  });

  it("Level 2 and DC fast chargers are different resources", () => {
    const l2 = posting({ kind: "need", category: "group_purchasing", title: "Achat de bornes de recharge de niveau 2", description: "" });
    const dc = posting({ kind: "offer", category: "group_purchasing", title: "DC fast chargers at group price", description: "50 kW CCS." });
    const l2Offer = posting({ kind: "offer", category: "equipment", title: "Level 2 EV chargers for sale", description: "" });
    expect(scorePair(l2, dc, { today: TODAY }).excludedBy).toBe("different_resource");
    expect(scorePair(l2, l2Offer, { today: TODAY }).excludedBy).toBeUndefined();
  });

  it("recycling and second-life reuse are different end-of-life routes", () => {
    const need = posting({ kind: "need", category: "research", title: "Recyclage des batteries lithium-ion", description: "" });
    const reuse = posting({ kind: "offer", category: "research", title: "Second-life battery research", description: "" });
    expect(scorePair(need, reuse, { today: TODAY }).excludedBy).toBe("different_resource");
  });
});

describe("cross-language matching", () => {
  it.each([
    ["Besoin de soutien informatique (TI)", "Shared IT helpdesk service"],
    ["Bilan GES de nos activités", "Carbon footprint assessment"],
    ["Formation de sensibilisation à l'hameçonnage", "Phishing awareness training"],
    ["Vaisselle réutilisable pour un colloque", "Reusable tableware kit for events"],
    ["Locaux partagés recherchés", "Coworking desks available"],
  ])("'%s' matches '%s'", (needTitle, offerTitle) => {
    const need = posting({ kind: "need", title: needTitle, description: "", category: "other" });
    const offer = posting({ kind: "offer", title: offerTitle, description: "", category: "other" });
    const s = scorePair(need, offer, { today: TODAY });
    expect(s.excludedBy).toBeUndefined();
    expect(s.score).toBeGreaterThanOrEqual(50);
  });

  const titled = (kind: "need" | "offer", category: Category, title: string) =>
    posting({ kind, category, title, description: "", cluster: kind === "need" ? "numana" : "bctq" });

  it.each([
    ["it_support", "Besoin d'un coup de main pour nos ordinateurs", "it_support", "Soutien technique informatique"],
    ["office_space", "Bureaux temporaires", "office_space", "Espace de cotravail"],
    ["expertise", "Mesurer notre empreinte climatique", "research", "Carbon footprint assessment"],
    ["group_purchasing", "Rafraîchissement de notre parc informatique", "equipment", "Refurbished laptops for sale"],
    ["events", "Kit de vaisselle lavable", "events", "Reusable dishware rental"],
    ["events", "Location de salle pour notre AGA", "events", "Event venue for 150 guests"],
    ["events", "Meeting space for a board retreat", "office_space", "Salle de réunion à louer"],
    ["equipment", "Impression 3D en titane", "equipment", "Metal additive manufacturing time"],
    ["equipment", "Accès à un laboratoire humide", "equipment", "Wet lab space available"],
    ["expertise", "Audit de sécurité informatique", "expertise", "Penetration testing and security assessment"],
    ["expertise", "Conception d'une infolettre", "expertise", "Newsletter writing"],
    ["expertise", "Rapport ESG annuel", "expertise", "Sustainability reporting (GRI)"],
    ["group_purchasing", "Bornes électriques pour nos employés", "group_purchasing", "EV charging stations at group price"],
    ["office_space", "Sous-location de bureaux", "office_space", "Office space for sublease"],
    ["equipment", "Chambre froide pour échantillons", "equipment", "Cold storage room available"],
    ["training", "Coaching de gestionnaires", "training", "Leadership training for managers"],
    ["training", "Formation RCR", "training", "CPR and first aid course"],
    ["research", "Projet de recherche sur l'hydrogène vert", "research", "Green hydrogen research partnership"],
  ] as const)("lexically different, same resource: %s '%s' / %s '%s'", (nc, nt, oc, ot) => {
    const s = scorePair(titled("need", nc, nt), titled("offer", oc, ot), { today: TODAY });
    expect(s.excludedBy).toBeUndefined();
    expect(s.score).toBeGreaterThanOrEqual(50);
  });

  it.each([
    ["training", "Advanced Excel training", "training", "Formation Power BI : tableaux de bord"],
    ["equipment", "Access to a sound stage", "equipment", "Studio d'enregistrement sonore"],
    ["expertise", "Sous-titrage de vidéos", "expertise", "Document translation"],
    ["it_support", "Cloud backup and server hosting", "it_support", "Soutien TI de premier niveau"],
    ["research", "Research on AI for drug discovery", "research", "Recherche en IA appliquée à la logistique"],
    ["other", "Parking spots for shared electric cars", "research", "Recherche sur les batteries de véhicules électriques"],
    ["events", "Traiteur zéro déchet", "events", "Location de tentes et de mobilier pour événements"],
    ["expertise", "Rapport de développement durable", "expertise", "Bilan carbone organisationnel"],
  ] as const)("same words, different thing: %s '%s' / %s '%s'", (nc, nt, oc, ot) => {
    expect(scorePair(titled("need", nc, nt), titled("offer", oc, ot), { today: TODAY }).excludedBy).toBe("different_resource");
  });

  it("unknown words still match within one language when both titles share them", () => {
    const need = posting({ kind: "need", category: "group_purchasing", title: "Achat groupé de gourdes", description: "" });
    const offer = posting({ kind: "offer", category: "group_purchasing", title: "Gourdes à prix de groupe", description: "" });
    expect(findMatches([need, offer], { today: TODAY }).map((m) => m.members)).toContainEqual([need.id, offer.id]);
    expect(candidateKeys(offer).concepts).toContain("w:gourde");
  });
});
