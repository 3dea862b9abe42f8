/**
 * Seeded generator of realistic synthetic postings for the matching benchmarks: both
 * languages, the ten categories, the ten clusters, the seventeen regions (Montréal-heavy, some
 * remote), dates over 2026–2035, quantities, budgets and joint-grant programmes with editions
 * and deadlines. Same (n, seed) -> same postings.
 */
import type { Category, MatchPosting } from "../../app/modules/matching";

/** The ten cluster slugs of shared/data/clusters.json. */
export const CLUSTERS = [
  "aero-montreal",
  "aluquebec",
  "bctq",
  "cargo-m",
  "ecotech-quebec",
  "finance-montreal",
  "mmode",
  "montreal-invivo",
  "numana",
  "propulsion-quebec",
] as const;

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Lang = "fr" | "en";
interface Subject {
  category: Category;
  fr: string;
  en: string;
  unit?: string;
  qty?: [number, number];
  /** Price range per unit (or total) in CAD. */
  price: [number, number];
  /** Where it is delivered: "any" region, or mostly "remote". */
  remote?: boolean;
  /** Short event-like windows (days) instead of months. */
  shortWindow?: boolean;
}

const S = (category: Category, fr: string, en: string, price: [number, number], extra: Partial<Subject> = {}): Subject => ({ category, fr, en, price, ...extra });

const SUBJECTS: Subject[] = [
  // office space
  S("office_space", "postes de travail dans un espace de bureau partagé", "coworking desks", [250, 600], { unit: "desks", qty: [1, 12] }),
  S("office_space", "locaux pour une petite équipe", "office space for a small team", [250, 650], { unit: "desks", qty: [2, 10] }),
  S("office_space", "espace de bureau de 80 m2", "an 80 m2 office", [20, 45], { unit: "m2", qty: [40, 200] }),
  // IT services
  S("it_support", "soutien informatique (TI)", "IT helpdesk support", [70, 140], { unit: "hours_per_month", qty: [5, 40], remote: true }),
  S("it_support", "infogérance des postes et des comptes", "managed IT services", [80, 150], { unit: "hours_per_month", qty: [5, 40], remote: true }),
  S("it_support", "hébergement infonuagique et sauvegardes", "cloud hosting and backups", [300, 1500], { remote: true }),
  S("it_support", "surveillance de sécurité (SOC)", "security monitoring (SOC)", [800, 3000], { remote: true }),
  // goods bought together
  S("group_purchasing", "ordinateurs portables", "laptops", [600, 2000], { unit: "laptops", qty: [3, 40] }),
  S("group_purchasing", "ordinateurs de bureau", "desktop computers", [500, 1600], { unit: "units", qty: [3, 40] }),
  S("group_purchasing", "écrans d'ordinateur", "computer monitors", [150, 500], { unit: "units", qty: [5, 60] }),
  S("group_purchasing", "licences Microsoft 365", "Microsoft 365 licences", [80, 300], { unit: "licences", qty: [10, 200], remote: true }),
  S("group_purchasing", "gants nitrile et masques (EPI)", "nitrile gloves and masks (PPE)", [8, 20], { unit: "units", qty: [200, 5000] }),
  S("group_purchasing", "chaises ergonomiques", "ergonomic chairs", [200, 700], { unit: "units", qty: [5, 60] }),
  S("group_purchasing", "vaisselle réutilisable", "reusable tableware", [2, 12], { unit: "units", qty: [100, 2000] }),
  S("group_purchasing", "bornes de recharge de niveau 2", "Level 2 EV chargers", [2500, 7000], { unit: "units", qty: [2, 20] }),
  S("group_purchasing", "bornes de recharge rapide (DC)", "DC fast chargers", [25000, 60000], { unit: "units", qty: [1, 6] }),
  S("group_purchasing", "panneaux solaires", "solar panels", [200, 600], { unit: "units", qty: [10, 200] }),
  S("group_purchasing", "éclairage DEL", "LED lighting", [30, 150], { unit: "units", qty: [20, 500] }),
  S("group_purchasing", "vélos électriques", "electric bikes", [1500, 4000], { unit: "units", qty: [2, 20] }),
  S("group_purchasing", "emballages compostables", "compostable packaging", [1, 5], { unit: "units", qty: [500, 20000] }),
  S("group_purchasing", "tablettes électroniques", "tablets", [300, 1200], { unit: "units", qty: [3, 40] }),
  S("group_purchasing", "téléphones cellulaires", "smartphones", [300, 1400], { unit: "units", qty: [3, 40] }),
  S("group_purchasing", "imprimantes multifonctions", "multifunction printers", [400, 3000], { unit: "units", qty: [1, 10] }),
  S("group_purchasing", "équipement de visioconférence", "videoconferencing equipment", [800, 5000], { unit: "units", qty: [1, 10] }),
  S("group_purchasing", "fournitures de bureau", "office supplies", [2, 30], { unit: "units", qty: [50, 2000] }),
  S("group_purchasing", "thermopompes", "heat pumps", [4000, 12000], { unit: "units", qty: [1, 10] }),
  S("group_purchasing", "bacs de compostage", "compost bins", [20, 120], { unit: "units", qty: [10, 200] }),
  S("group_purchasing", "uniformes de travail", "work uniforms", [30, 120], { unit: "units", qty: [20, 400] }),
  S("group_purchasing", "crédits carbone", "carbon credits", [15, 60], { unit: "units", qty: [50, 5000], remote: true }),
  // training topics
  ...[
    ["la cybersécurité et l'hameçonnage", "cybersecurity and phishing"],
    ["l'écoconception", "eco-design"],
    ["l'IA générative", "generative AI"],
    ["la francisation en milieu de travail", "workplace French classes"],
    ["les premiers soins", "first aid"],
    ["la santé et sécurité au travail", "occupational health and safety"],
    ["le leadership des gestionnaires", "leadership for managers"],
    ["l'équité, la diversité et l'inclusion", "diversity, equity and inclusion"],
    ["le lean et l'amélioration continue", "lean and continuous improvement"],
    ["Power BI et l'analyse de données", "Power BI and data analytics"],
    ["l'exportation et les marchés internationaux", "export and international markets"],
    ["la santé mentale au travail", "mental health at work"],
    ["la gestion de projet", "project management"],
    ["l'approvisionnement responsable", "sustainable procurement"],
    ["la protection des renseignements personnels (loi 25)", "privacy and personal information protection"],
    ["la transformation numérique", "digital transformation"],
    ["l'efficacité énergétique", "energy efficiency"],
    ["l'économie circulaire", "circular economy"],
    ["l'accessibilité universelle", "universal accessibility"],
    ["les techniques de vente", "sales techniques"],
    ["le secourisme en milieu de travail", "workplace first aid"],
    ["la finance durable", "sustainable finance"],
    ["la décarbonation des opérations", "decarbonization of operations"],
    ["l'anglais langue seconde", "English as a second language"],
  ].map(([fr, en]) => S("training", fr, en, [100, 600], { unit: "seats", qty: [4, 30], remote: true })),
  // expertise
  ...[
    ["un bilan GES (portées 1 à 3)", "a GHG inventory (scopes 1-3)", [5000, 40000]],
    ["une analyse de cycle de vie", "a life cycle assessment", [8000, 50000]],
    ["la traduction de documents", "document translation", [1000, 10000]],
    ["le sous-titrage de vidéos", "video subtitling", [1000, 8000]],
    ["des conseils en propriété intellectuelle", "intellectual property advice", [3000, 20000]],
    ["la tenue de livres et la comptabilité", "bookkeeping and accounting", [2000, 15000]],
    ["le recrutement de talents", "talent recruitment", [5000, 25000]],
    ["un plan de communication", "a communication plan", [4000, 20000]],
    ["le graphisme et l'identité visuelle", "graphic design and visual identity", [2000, 15000]],
    ["la production vidéo", "video production", [3000, 30000]],
    ["un rapport de développement durable (GRI)", "a sustainability report (GRI)", [8000, 40000]],
    ["un audit énergétique", "an energy audit", [3000, 20000]],
    ["la caractérisation des matières résiduelles", "a waste characterization audit", [3000, 15000]],
    ["la rédaction de demandes de subvention", "grant writing", [2000, 12000]],
    ["une étude de marché", "a market study", [5000, 30000]],
    ["un plan de décarbonation", "a decarbonization plan", [8000, 40000]],
    ["la gestion des médias sociaux", "social media management", [1000, 8000]],
    ["la photographie corporative", "corporate photography", [500, 5000]],
    ["la révision linguistique", "proofreading", [500, 4000]],
    ["l'interprétation simultanée", "simultaneous interpretation", [2000, 12000]],
    ["la gestion de la paie", "payroll management", [1000, 10000]],
    ["le doublage de vidéos", "video dubbing", [2000, 15000]],
    ["une certification ISO 14001", "ISO 14001 certification support", [5000, 30000]],
    ["une planification stratégique", "strategic planning", [5000, 30000]],
    ["une étude de faisabilité", "a feasibility study", [5000, 40000]],
    ["le développement d'un site web", "website development", [5000, 40000]],
    ["l'immigration de travailleurs étrangers", "foreign worker immigration", [3000, 20000]],
  ].map(([fr, en, price]) => S("expertise", fr as string, en as string, price as [number, number], { remote: true })),
  // research
  ...[
    ["le recyclage des batteries lithium-ion", "lithium-ion battery recycling"],
    ["la seconde vie des batteries", "second-life batteries"],
    ["l'hydrogène vert", "green hydrogen"],
    ["l'optimisation des tournées de livraison", "delivery route optimization"],
    ["la maintenance prédictive", "predictive maintenance"],
    ["les biomatériaux", "biomaterials"],
    ["les matériaux composites", "composite materials"],
    ["le recyclage des textiles", "textile recycling"],
    ["le traitement des eaux usées", "wastewater treatment"],
    ["les véhicules autonomes", "autonomous vehicles"],
    ["la logistique urbaine", "urban logistics"],
    ["la symbiose industrielle", "industrial symbiosis"],
    ["le stockage d'énergie", "energy storage"],
    ["l'intelligence artificielle pour la chaîne d'approvisionnement", "AI for supply chains"],
    ["les technologies quantiques", "quantum technologies"],
    ["la chaîne de blocs", "blockchain"],
    ["les carburants d'aviation durables", "sustainable aviation fuels"],
    ["l'allègement des structures", "lightweighting"],
    ["l'adaptation aux changements climatiques", "climate adaptation"],
    ["la production virtuelle", "virtual production"],
    ["les effets visuels", "visual effects"],
    ["les dispositifs médicaux", "medical devices"],
    ["les technologies financières", "financial technologies"],
    ["l'électrification des transports", "transport electrification"],
  ].map(([fr, en]) => S("research", `un projet de recherche sur ${fr}`, `a research project on ${en}`, [20000, 150000], { remote: true })),
  // equipment access
  ...[
    ["temps machine en impression 3D métal", "metal 3D printing machine time", [150, 400]],
    ["impression 3D plastique (FDM)", "plastic FDM 3D printing", [20, 80]],
    ["usinage CNC", "CNC machining", [80, 200]],
    ["découpe laser", "laser cutting", [60, 150]],
    ["une soufflerie", "a wind tunnel", [500, 2000]],
    ["une chambre climatique", "a climatic chamber", [100, 400]],
    ["un banc d'essai", "a test bench", [100, 500]],
    ["une salle blanche", "a cleanroom", [200, 800]],
    ["un plateau de tournage", "a sound stage", [1500, 5000]],
    ["un studio d'enregistrement", "a recording studio", [300, 1200]],
    ["un chariot élévateur", "a forklift", [100, 400]],
    ["analyses de laboratoire (spectrométrie)", "laboratory analysis (spectrometry)", [100, 400]],
    ["un espace de laboratoire", "lab space", [50, 200]],
    ["un fab lab", "a fab lab", [40, 150]],
    ["un drone d'inspection", "an inspection drone", [100, 500]],
    ["un camion de livraison", "a delivery truck", [60, 250]],
    ["de l'équipement de tournage", "film equipment", [200, 1500]],
  ].map(([fr, en, price]) => S("equipment", fr as string, en as string, price as [number, number], { unit: "hours", qty: [5, 100] })),
  // events
  S("events", "une salle de conférence écoresponsable", "an eco-responsible conference venue", [2000, 15000], { unit: "guests", qty: [50, 500], shortWindow: true }),
  S("events", "un traiteur zéro déchet", "zero-waste catering", [25, 70], { unit: "guests", qty: [50, 500], shortWindow: true }),
  S("events", "un kit de vaisselle réutilisable", "a reusable tableware kit", [300, 2000], { unit: "guests", qty: [50, 500], shortWindow: true }),
  S("events", "de l'équipement audiovisuel", "audiovisual equipment", [500, 4000], { shortWindow: true }),
  S("events", "un kiosque pour un salon professionnel", "a trade show booth", [1000, 8000], { shortWindow: true }),
  S("events", "des bénévoles et du personnel d'accueil", "event staff and volunteers", [20, 60], { unit: "hours", qty: [10, 200], shortWindow: true }),
  S("events", "une agence d'organisation d'événements", "an event planning agency", [3000, 30000], { shortWindow: true }),
  // other
  S("other", "des places de stationnement", "parking spaces", [80, 250], { unit: "spaces", qty: [2, 20] }),
  S("other", "de l'espace d'entreposage", "warehouse space", [8, 20], { unit: "m2", qty: [50, 1000] }),
];

const PROGRAMMES: Array<{ fr: string; en: string }> = [
  { fr: "DEC – Écosystèmes régionaux d'innovation (ERI)", en: "DEC – Regional Innovation Ecosystems (REI)" },
  { fr: "DEC – Croissance économique régionale par l'innovation (CERI)", en: "DEC – Regional Economic Growth through Innovation (REGI)" },
  { fr: "Mitacs Accélération", en: "Mitacs Accelerate" },
  { fr: "Mitacs Élévation", en: "Mitacs Elevate" },
  { fr: "CRSNG – Subventions Alliance", en: "NSERC Alliance grants" },
  { fr: "PARI-CNRC", en: "NRC IRAP" },
  { fr: "Fonds stratégique pour l'innovation (FSI)", en: "Strategic Innovation Fund (SIF)" },
  { fr: "MEIE – Appel de projets Économie circulaire interfilières", en: "MEIE inter-cluster circular economy call for projects" },
  { fr: "CMM – Fonds métropolitain pour la transition climatique", en: "CMM – Metropolitan climate transition fund" },
  { fr: "CMM – Fonds d'innovation sociale métropolitain", en: "CMM – Metropolitan social innovation fund" },
  { fr: "Programme Action-Climat Québec", en: "Action-Climat Québec program" },
  { fr: "MEIE – Technoclimat", en: "MEIE – Technoclimat" },
  { fr: "MEIE – Programme de soutien aux organismes de recherche et d'innovation (PSO)", en: "MEIE – Support program for research and innovation organizations (PSO)" },
  { fr: "FAQDD – Appel de projets en développement durable", en: "FAQDD – Sustainable development call for projects" },
  { fr: "RECYC-QUÉBEC – Appel de propositions en économie circulaire", en: "RECYC-QUÉBEC – Circular economy call for proposals" },
];

const REGIONS: Array<[string, number]> = [
  ["montreal", 16], ["laval", 6], ["monteregie", 8], ["capitale-nationale", 8], ["lanaudiere", 5], ["laurentides", 5],
  ["estrie", 5], ["mauricie", 4], ["centre-du-quebec", 4], ["chaudiere-appalaches", 4], ["saguenay-lac-saint-jean", 4],
  ["outaouais", 4], ["bas-saint-laurent", 3], ["abitibi-temiscamingue", 3], ["cote-nord", 2], ["gaspesie-iles-de-la-madeleine", 2],
  ["nord-du-quebec", 1],
];
const REGION_TOTAL = REGIONS.reduce((s, [, w]) => s + w, 0);

const CITY: Record<string, string> = {
  montreal: "Montréal", laval: "Laval", monteregie: "Longueuil", "capitale-nationale": "Québec", lanaudiere: "Joliette",
  laurentides: "Saint-Jérôme", estrie: "Sherbrooke", mauricie: "Trois-Rivières", "centre-du-quebec": "Drummondville",
  "chaudiere-appalaches": "Lévis", "saguenay-lac-saint-jean": "Saguenay", outaouais: "Gatineau", "bas-saint-laurent": "Rimouski",
  "abitibi-temiscamingue": "Rouyn-Noranda", "cote-nord": "Baie-Comeau", "gaspesie-iles-de-la-madeleine": "Gaspé", "nord-du-quebec": "Chibougamau",
};

const iso = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);
const DAY0 = Math.floor(Date.UTC(2026, 0, 1) / 86_400_000);
/** 100 000 postings accumulate over years: windows are spread over a decade. */
const SPAN_DAYS = 10 * 365;

export function generatePostings(n: number, seed = 42): MatchPosting[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const between = (lo: number, hi: number): number => lo + rnd() * (hi - lo);
  const region = (): string => {
    let r = rnd() * REGION_TOTAL;
    for (const [slug, w] of REGIONS) if ((r -= w) < 0) return slug;
    return "montreal";
  };
  const out: MatchPosting[] = [];
  for (let i = 0; i < n; i++) {
    const id = `g${String(i).padStart(7, "0")}`;
    const cluster = pick(CLUSTERS);
    const kind = rnd() < 0.55 ? "need" : "offer";
    const lang: Lang = rnd() < 0.6 ? "fr" : "en";
    if (rnd() < 0.06) {
      // Joint grant: programme + edition (year) + deadline in that year.
      const prog = pick(PROGRAMMES);
      const year = 2026 + Math.floor(rnd() * 10);
      const deadline = iso(Math.floor(Date.UTC(year, 0, 1) / 86_400_000) + Math.floor(rnd() * 330));
      const name = lang === "fr" ? `${prog.fr} – appel ${year}` : `${prog.en} – ${year} call`;
      out.push({
        id,
        cluster,
        kind,
        category: "joint_grant",
        language: lang,
        title: lang === "fr" ? (kind === "need" ? `Demande conjointe – ${prog.fr}` : `Partenaire pour ${prog.fr}`) : kind === "need" ? `Joint application – ${prog.en}` : `Co-applicant for ${prog.en}`,
        description:
          lang === "fr"
            ? `Nous cherchons des grappes partenaires pour déposer au programme ${prog.fr} (appel ${year}, date limite ${deadline}).`
            : `We are looking for partner clusters for the ${prog.en} (${year} call, deadline ${deadline}).`,
        tags: lang === "fr" ? ["demande conjointe"] : ["joint application"],
        programme: name,
        deadline,
      });
      continue;
    }
    const s = pick(SUBJECTS);
    const phrase = lang === "fr" ? s.fr : s.en;
    const reg = s.remote && rnd() < 0.3 ? "remote" : region();
    const where = reg === "remote" ? (lang === "fr" ? "à distance" : "remotely") : `${lang === "fr" ? "à" : "in"} ${CITY[reg]}`;
    const start = DAY0 + Math.floor(rnd() * SPAN_DAYS);
    const length = s.shortWindow ? 1 + Math.floor(rnd() * 3) : 30 + Math.floor(rnd() * (kind === "offer" ? 240 : 150));
    const qty = s.qty ? Math.round(between(s.qty[0], s.qty[1]) * (kind === "offer" ? 1.5 : 1)) : undefined;
    // Sellers ask a little more than buyers plan to pay.
    const price = Math.round(between(s.price[0], s.price[1]) * (kind === "offer" ? 1.15 : 0.9));
    const buying = s.category === "group_purchasing";
    // Group purchases are filed under equipment or other now and then, as real users do.
    const category: Category = buying && rnd() < 0.2 ? pick(["equipment", "other"] as const) : s.category;
    const title =
      lang === "fr"
        ? kind === "need"
          ? buying ? `Achat regroupé : ${phrase}` : s.category === "training" ? `Formation sur ${phrase}` : `Besoin : ${phrase}`
          : buying ? `À vendre à prix de groupe : ${phrase}` : s.category === "training" ? `Formation offerte : ${phrase}` : `Offre : ${phrase}`
        : kind === "need"
          ? buying ? `Group purchase of ${phrase}` : s.category === "training" ? `Training on ${phrase}` : `Looking for ${phrase}`
          : buying ? `${phrase} for sale at group price` : s.category === "training" ? `Training offered: ${phrase}` : `Offering ${phrase}`;
    const description =
      lang === "fr"
        ? `${kind === "need" ? "Nous cherchons" : "Nous offrons"} ${phrase} ${where}, du ${iso(start)} au ${iso(start + length)}${qty ? ` (${qty} ${s.unit})` : ""}. ${kind === "need" ? "Budget maximal" : "Prix"} : ${price} $.`
        : `${kind === "need" ? "We need" : "We offer"} ${phrase} ${where}, from ${iso(start)} to ${iso(start + length)}${qty ? ` (${qty} ${s.unit})` : ""}. ${kind === "need" ? "Budget up to" : "Price"}: $${price}.`;
    out.push({
      id,
      cluster,
      kind,
      category,
      language: lang,
      title,
      description,
      region: reg,
      startDate: iso(start),
      endDate: iso(start + length),
      ...(qty !== undefined ? { quantity: qty, unit: s.unit } : {}),
      budgetMax: price,
    });
  }
  return out;
}

/** A generated posting as a `postings` row of the cluster ids by slug (open, expiring in 2036). */
export function postingRow(p: MatchPosting, clusterIds: Map<string, string>) {
  return {
    clusterId: clusterIds.get(p.cluster)!,
    kind: p.kind,
    category: p.category,
    title: p.title.slice(0, 140),
    description: p.description,
    tags: p.tags ?? [],
    language: p.language ?? "fr",
    region: p.region ?? null,
    startDate: p.startDate ?? null,
    endDate: p.endDate ?? null,
    quantity: p.quantity ?? null,
    unit: p.unit ?? null,
    budgetMax: p.budgetMax ?? null,
    programme: p.programme ?? null,
    deadline: p.deadline ?? null,
    status: "open" as const,
    expiresAt: new Date("2036-01-01T00:00:00Z"),
  };
}
