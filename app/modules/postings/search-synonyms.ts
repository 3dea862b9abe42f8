/**
 * A small FR/EN synonym list for searching postings: each group is one concept, written the ways
 * people write it in French and English. A posting is tagged with the groups its text mentions
 * (`search_terms`, written with the posting); a query that mentions a group, even misspelt, finds
 * every posting tagged with it. So "soutien informatique", "IT support", "TI" and "helpdesk" find
 * the same postings. The matching engine keeps its own, much richer lexicon for scoring.
 *
 * Phrases are compared after folding (lower case, no accents) and without stop words, so write
 * them that way. `detectOnly` phrases recognise a group in a query but are not searched as text
 * (too short or ambiguous: English "it").
 */
export interface SearchGroup {
  id: string;
  phrases: string[];
  detectOnly?: string[];
}

export const SEARCH_GROUPS: SearchGroup[] = [
  {
    id: "it_support",
    phrases: [
      "soutien informatique", "support informatique", "soutien ti", "support ti", "ti", "informatique", "it support", "ti support",
      "helpdesk", "help desk", "service desk", "infogerance", "assistance informatique", "depannage informatique", "tech support",
      "technical support", "managed it", "it services", "services ti", "services informatiques", "soutien technique",
    ],
    detectOnly: ["it"],
  },
  { id: "office_space", phrases: ["espace bureau", "espaces bureau", "bureau", "bureaux", "locaux", "office space", "office", "offices", "coworking", "cotravail", "desk", "desks", "postes travail partages", "workspace"] },
  { id: "meeting_room", phrases: ["salle reunion", "salles reunion", "meeting room", "meeting rooms", "boardroom", "salle conference"] },
  { id: "research", phrases: ["recherche", "research", "rd", "r d", "etude", "etudes", "study", "studies", "recherche appliquee", "applied research"] },
  {
    id: "joint_grant",
    phrases: ["demande conjointe", "demandes conjointes", "subvention", "subventions", "joint grant", "joint application", "grant", "grants", "financement", "funding", "consortium", "appel projets", "call projects"],
  },
  { id: "training", phrases: ["formation", "formations", "training", "trainings", "atelier", "ateliers", "workshop", "workshops", "course", "courses"] },
  { id: "expertise", phrases: ["expertise", "expert", "experts", "consultant", "consultants", "conseil", "consulting", "accompagnement", "advisory"] },
  { id: "equipment", phrases: ["equipement", "equipements", "equipment", "materiel", "machine", "machines", "outillage", "tools", "pret equipement", "equipment loan"] },
  { id: "events", phrases: ["evenement", "evenements", "event", "events", "conference", "colloque", "salon", "forum", "congres", "gala"] },
  {
    id: "group_purchasing",
    phrases: ["achat groupe", "achats groupes", "achat regroupe", "achats regroupes", "achat commun", "group purchasing", "group purchase", "joint purchase", "bulk purchase", "pooled purchase"],
  },
  { id: "cybersecurity", phrases: ["cybersecurite", "cybersecurity", "securite informatique", "it security", "securite ti", "cyber", "cyberattaque", "phishing", "hameconnage"] },
  { id: "laptops", phrases: ["ordinateur portable", "ordinateurs portables", "portable", "portables", "laptop", "laptops", "notebook", "ordinateur", "ordinateurs", "computer", "computers", "poste informatique"] },
  { id: "licences", phrases: ["licence", "licences", "license", "licenses", "licence logicielle", "licences logicielles", "software license", "logiciel", "logiciels", "software", "abonnement logiciel", "saas"] },
  { id: "hosting", phrases: ["hebergement", "hosting", "infonuagique", "cloud", "nuage", "serveur", "serveurs", "server", "servers", "centre donnees", "data centre", "data center"] },
  { id: "ghg", phrases: ["bilan ges", "ges", "ghg", "bilan carbone", "empreinte carbone", "carbon footprint", "gaz effet serre", "greenhouse gas", "ghg inventory", "inventaire ges", "carboneutralite", "carbon neutral"] },
  { id: "ecodesign", phrases: ["ecoconception", "eco conception", "eco design", "ecodesign", "conception durable", "sustainable design"] },
  { id: "translation", phrases: ["traduction", "traductions", "translation", "translations", "sous titrage", "subtitling", "revision linguistique", "localisation", "localization"] },
  { id: "printing_3d", phrases: ["impression 3d", "imprimante 3d", "3d printing", "3d printer", "fabrication additive", "additive manufacturing"] },
  { id: "hr", phrases: ["ressources humaines", "rh", "human resources", "hr", "recrutement", "recruitment", "recruiting", "main oeuvre", "workforce", "talent", "talents"] },
  { id: "circular_economy", phrases: ["economie circulaire", "circular economy", "symbiose industrielle", "industrial symbiosis", "reemploi", "reuse", "recyclage", "recycling"] },
  { id: "catering", phrases: ["traiteur", "traiteurs", "catering", "caterer", "repas", "meals"] },
  { id: "sustainability", phrases: ["developpement durable", "dd", "sustainable development", "sustainability", "durabilite", "esg", "rse", "csr"] },
  { id: "ev_charging", phrases: ["borne recharge", "bornes recharge", "recharge", "ev charger", "ev chargers", "charging station", "charging stations", "ev charging"] },
  { id: "warehouse", phrases: ["entrepot", "entrepots", "entreposage", "warehouse", "warehousing", "storage", "stockage"] },
  { id: "marketing", phrases: ["communication", "communications", "marketing", "promotion", "relations publiques", "public relations", "medias sociaux", "social media"] },
  { id: "legal", phrases: ["juridique", "avocat", "avocats", "legal", "lawyer", "lawyers", "propriete intellectuelle", "intellectual property", "brevet", "patent"] },
  { id: "data_ai", phrases: ["intelligence artificielle", "ia", "artificial intelligence", "donnees", "data", "science donnees", "data science", "apprentissage automatique", "machine learning"], detectOnly: ["ai"] },
  { id: "parking", phrases: ["stationnement", "parking", "places stationnement", "parking spaces"] },
  { id: "energy", phrases: ["energie", "energy", "efficacite energetique", "energy efficiency", "audit energetique", "energy audit"] },
  { id: "export", phrases: ["exportation", "export", "marches internationaux", "international markets", "mission commerciale", "trade mission"] },
];
