/**
 * Demo postings: about forty needs and offers of the ten clusters, in French and English, written so
 * that the matching engine has real work on first start:
 *   - compatible need/offer pairs (helpdesk, desks downtown, GHG inventory, translation, metal 3D
 *     printing, low-carbon freight research, eco-design training, event venue, refurbished laptops);
 *   - identical needs of several clusters to pool (IT support, Microsoft 365 licences, laptops,
 *     office space in Montréal, the MEIE circular-economy call, CED's REI call, eco-design training);
 *   - near misses (an office in Québec City, a deadline already past, a plastic 3D printer).
 * Every entry passes the form's validation (tests/unit/postings-demo.test.ts checks it).
 * `ref` makes seeding idempotent; `author` is a demo account of the cluster.
 * Budgets are written as the descriptions say (per seat, per desk per month, a total…): an entry
 * without `budgetBasis` has the interchange format's basis for its unit (`withFormatBasis`).
 */

import { formatBasisOf } from "~/modules/postings/constants";

export interface DemoPosting {
  ref: string;
  cluster: string;
  author: string;
  status?: "open" | "draft" | "paused";
  /** Days before the seeding date the posting was created (list order looks lived-in). */
  ageDays: number;
  input: Record<string, unknown>;
}

const itService = (service: string) => ({ service });

/** The basis the interchange format gives an amount with this unit, unless the entry says otherwise. */
function withFormatBasis(p: DemoPosting): DemoPosting {
  if (p.input.budgetMax === undefined || p.input.budgetBasis !== undefined) return p;
  return { ...p, input: { ...p.input, budgetBasis: formatBasisOf(p.input.quantity === undefined ? undefined : (p.input.unit as string | undefined)) } };
}

const ENTRIES: DemoPosting[] = [
  // ------------------------------------------------------------ IT support: one offer, a pool of three needs
  {
    ref: "demo-01", cluster: "numana", author: "membre@numana.example", ageDays: 20,
    input: {
      kind: "offer", category: "it_support", language: "fr",
      title: "Service d'assistance informatique (helpdesk) mutualisé pour les grappes",
      description: "Numana met à la disposition des autres grappes son centre d'assistance informatique : soutien aux utilisateurs en français et en anglais, de 8 h à 18 h, gestion des postes et des comptes Microsoft 365. Jusqu'à 60 postes au total en 2027, à 40 $ par poste par mois.",
      tags: ["helpdesk", "soutien informatique", "TI"], region: "remote", startDate: "2027-01-01", endDate: "2027-12-31",
      quantity: 60, unit: "seats", budgetMax: 40, sdAxes: ["governance"], attributes: itService("helpdesk"),
    },
  },
  {
    ref: "demo-02", cluster: "mmode", author: "membre@mmode.example", ageDays: 12,
    input: {
      kind: "need", category: "it_support", language: "fr",
      title: "Soutien informatique pour notre équipe de 12 personnes",
      description: "Notre secrétariat n'a pas de technicien : nous cherchons un soutien informatique (dépannage, comptes, sauvegardes) pour 12 postes à partir de février 2027. Budget : 55 $ par poste par mois.",
      tags: ["soutien informatique", "dépannage"], region: "montreal", startDate: "2027-02-01", endDate: "2027-12-31",
      quantity: 12, unit: "seats", budgetMax: 55, sdAxes: [], attributes: itService("helpdesk"),
    },
  },
  {
    ref: "demo-03", cluster: "cargo-m", author: "admin@cargo-m.example", ageDays: 9,
    input: {
      kind: "need", category: "it_support", language: "en",
      title: "IT support and helpdesk for a small secretariat",
      description: "CargoM's team of eight needs an IT helpdesk: user support, laptop set-up and account management, from mid-January 2027. We can pay up to $50 per seat per month and would happily share a provider with other clusters.",
      tags: ["IT support", "helpdesk"], region: "montreal", startDate: "2027-01-15", endDate: "2027-12-31",
      quantity: 8, unit: "seats", budgetMax: 50, attributes: itService("helpdesk"),
    },
  },
  {
    ref: "demo-04", cluster: "bctq", author: "admin@bctq.example", ageDays: 7,
    input: {
      kind: "need", category: "it_support", language: "fr",
      title: "Infogérance et soutien TI pour 10 postes",
      description: "Le BCTQ souhaite confier la gestion de son parc (10 postes) à un service d'infogérance : soutien aux utilisateurs, mises à jour et sécurité, de mars 2027 à février 2028. Jusqu'à 60 $ par poste par mois.",
      tags: ["infogérance", "TI"], region: "montreal", startDate: "2027-03-01", endDate: "2028-02-29",
      quantity: 10, unit: "seats", budgetMax: 60, attributes: itService("helpdesk"),
    },
  },
  // ------------------------------------------------------------ cybersecurity
  {
    ref: "demo-05", cluster: "ecotech-quebec", author: "membre@ecotech-quebec.example", ageDays: 30,
    input: {
      kind: "need", category: "it_support", language: "fr",
      title: "Évaluation de cybersécurité et sensibilisation à l'hameçonnage",
      description: "Écotech Québec veut faire évaluer la sécurité de ses systèmes (comptes, sauvegardes, accès à distance) et sensibiliser son équipe à l'hameçonnage au printemps 2027. Budget total : 15 000 $.",
      tags: ["cybersécurité", "hameçonnage"], region: "remote", startDate: "2027-03-01", endDate: "2027-06-30",
      budgetMax: 15000, sdAxes: ["governance"], attributes: itService("cybersecurity"),
    },
  },
  {
    ref: "demo-06", cluster: "aluquebec", author: "admin@aluquebec.example", ageDays: 26,
    input: {
      kind: "need", category: "it_support", language: "en",
      title: "Cybersecurity assessment for our secretariat",
      description: "AluQuébec is looking for a cybersecurity assessment of its small office network and cloud accounts, with a short action plan, between April and July 2027. Total budget around $12,000; we would gladly share the provider with another cluster.",
      tags: ["cybersecurity", "audit"], region: "remote", startDate: "2027-04-01", endDate: "2027-07-31",
      budgetMax: 12000, attributes: itService("cybersecurity"),
    },
  },
  {
    ref: "demo-07", cluster: "finance-montreal", author: "admin@finance-montreal.example", ageDays: 18,
    input: {
      kind: "offer", category: "training", language: "en",
      title: "Cybersecurity awareness training and phishing simulation",
      description: "Finance Montréal's member banks run an online cybersecurity awareness course with a phishing simulation. We can open 40 seats to other clusters in 2027, at $150 per seat.",
      tags: ["cybersecurity", "phishing", "training"], region: "remote", startDate: "2027-02-01", endDate: "2027-11-30",
      quantity: 40, unit: "seats", budgetMax: 150, sdAxes: ["jobs_training_hr"], attributes: { topic: "Cybersecurity awareness", format: "online" },
    },
  },
  // ------------------------------------------------------------ licences: pool of three needs
  {
    ref: "demo-08", cluster: "propulsion-quebec", author: "membre@propulsion-quebec.example", ageDays: 15,
    input: {
      kind: "need", category: "group_purchasing", language: "fr",
      title: "Achat regroupé de licences Microsoft 365",
      description: "Propulsion Québec renouvelle 25 licences Microsoft 365 Business en avril 2027 et aimerait négocier un prix de groupe avec d'autres grappes. Maximum 30 $ par licence par mois.",
      tags: ["licences", "Microsoft 365", "achat groupé"], region: "montreal", startDate: "2027-04-01", endDate: "2028-03-31",
      quantity: 25, unit: "licences", budgetMax: 30, sdAxes: ["governance"], attributes: { item: "Licences Microsoft 365 Business Standard" },
    },
  },
  {
    ref: "demo-09", cluster: "aero-montreal", author: "membre@aero-montreal.example", ageDays: 14,
    input: {
      kind: "need", category: "group_purchasing", language: "en",
      title: "Joint purchase of Microsoft 365 licences",
      description: "Aéro Montréal needs 40 Microsoft 365 Business licences from April 2027 and wants to buy them together with other clusters to get a volume price. Up to $32 per licence per month.",
      tags: ["software licences", "Microsoft 365", "group purchase"], region: "montreal", startDate: "2027-04-01", endDate: "2028-03-31",
      quantity: 40, unit: "licences", budgetMax: 32, attributes: { item: "Microsoft 365 Business Standard licences" },
    },
  },
  {
    ref: "demo-10", cluster: "montreal-invivo", author: "membre@montreal-invivo.example", ageDays: 11,
    input: {
      kind: "need", category: "it_support", language: "fr",
      title: "Licences logicielles de bureautique à renouveler",
      description: "Montréal InVivo doit renouveler 18 licences Microsoft 365 au printemps 2027 ; un achat regroupé avec d'autres grappes serait bienvenu. Jusqu'à 31 $ par licence par mois.",
      tags: ["licences", "Microsoft 365"], region: "montreal", startDate: "2027-04-01", endDate: "2028-03-31",
      quantity: 18, unit: "licences", budgetMax: 31, attributes: itService("licences"),
    },
  },
  // ------------------------------------------------------------ laptops: two needs, one offer
  {
    ref: "demo-11", cluster: "aero-montreal", author: "membre@aero-montreal.example", ageDays: 22,
    input: {
      kind: "need", category: "equipment", language: "en",
      title: "Laptop refresh – buying together with other clusters",
      description: "We have to renew 10 staff laptops between March and June 2027 and would like to buy them jointly with other clusters; refurbished units with a warranty are fine. Maximum $1,500 per laptop.",
      tags: ["laptops", "IT procurement"], region: "montreal", startDate: "2027-03-01", endDate: "2027-06-30",
      quantity: 10, unit: "laptops", budgetMax: 1500, sdAxes: ["environment"], attributes: { item: "Laptops (14 inch, 16 GB)", access: "purchase" },
    },
  },
  {
    ref: "demo-12", cluster: "cargo-m", author: "admin@cargo-m.example", ageDays: 19,
    input: {
      kind: "need", category: "group_purchasing", language: "fr",
      title: "Achat groupé d'ordinateurs portables",
      description: "CargoM doit remplacer 6 ordinateurs portables entre février et avril 2027. Nous préférons un achat groupé avec d'autres grappes ; des appareils reconditionnés garantis conviennent. Maximum 1 400 $ l'unité.",
      tags: ["ordinateurs portables", "achat groupé"], region: "montreal", startDate: "2027-02-01", endDate: "2027-04-30",
      quantity: 6, unit: "laptops", budgetMax: 1400, sdAxes: ["environment"], attributes: { item: "Ordinateurs portables" },
    },
  },
  {
    ref: "demo-13", cluster: "numana", author: "admin@numana.example", ageDays: 16,
    input: {
      kind: "offer", category: "equipment", language: "fr",
      title: "Lot de 30 ordinateurs portables reconditionnés",
      description: "Un membre de Numana met en vente un lot de 30 ordinateurs portables reconditionnés (garantie d'un an, effacement certifié), disponibles de février à avril 2027 à Montréal, à 650 $ l'unité.",
      tags: ["ordinateurs portables", "reconditionnés", "économie circulaire"], region: "montreal", startDate: "2027-02-01", endDate: "2027-04-30",
      quantity: 30, unit: "laptops", budgetMax: 650, sdAxes: ["environment"], attributes: { item: "Ordinateurs portables reconditionnés", access: "purchase" },
    },
  },
  // ------------------------------------------------------------ office space
  {
    ref: "demo-14", cluster: "finance-montreal", author: "admin@finance-montreal.example", ageDays: 25,
    input: {
      kind: "offer", category: "office_space", language: "fr",
      title: "Postes de travail disponibles au centre-ville de Montréal",
      description: "Finance Montréal partage ses bureaux du centre-ville : 8 postes de travail meublés, salle de réunion et cuisine, à deux pas du métro, toute l'année 2027. 425 $ par poste par mois.",
      tags: ["bureaux", "postes de travail", "centre-ville"], region: "montreal", startDate: "2027-01-01", endDate: "2027-12-31",
      quantity: 8, unit: "desks", budgetMax: 425, attributes: { amenities: ["meeting_room", "kitchen", "furnished", "internet", "transit"] },
    },
  },
  {
    ref: "demo-15", cluster: "bctq", author: "admin@bctq.example", ageDays: 10,
    input: {
      kind: "need", category: "office_space", language: "en",
      title: "Coworking desks for production coordinators",
      description: "We need 6 coworking desks in Montréal for our production coordination team from March to August 2027. We can pay up to $500 per desk per month; a meeting room nearby would help.",
      tags: ["coworking", "desks", "Montréal"], region: "montreal", startDate: "2027-03-01", endDate: "2027-08-31",
      quantity: 6, unit: "desks", budgetMax: 500, attributes: { amenities: ["meeting_room", "internet"] },
    },
  },
  {
    ref: "demo-16", cluster: "mmode", author: "admin@mmode.example", ageDays: 8,
    input: {
      kind: "need", category: "office_space", language: "fr",
      title: "Espace de bureau pour 4 personnes à Montréal",
      description: "MMode cherche un espace de bureau partagé pour 4 personnes, idéalement près du Mile-End ou du centre-ville, de février à décembre 2027. Budget : 450 $ par poste par mois.",
      tags: ["espace de bureau", "locaux partagés"], region: "montreal", startDate: "2027-02-01", endDate: "2027-12-31",
      quantity: 4, unit: "desks", budgetMax: 450, attributes: { amenities: ["furnished", "transit"] },
    },
  },
  {
    ref: "demo-17", cluster: "propulsion-quebec", author: "membre@propulsion-quebec.example", ageDays: 28,
    input: {
      kind: "offer", category: "office_space", language: "en",
      title: "Office space for rent in Québec City (Saint-Roch)",
      description: "Our Québec City office in Saint-Roch has 6 free desks throughout 2027, ideal for a team based in the Capitale-Nationale region. $350 per desk per month.",
      tags: ["office space", "Québec City"], region: "capitale-nationale", startDate: "2027-01-01", endDate: "2027-12-31",
      quantity: 6, unit: "desks", budgetMax: 350, attributes: { amenities: ["furnished", "parking"] },
    },
  },
  {
    ref: "demo-18", cluster: "montreal-invivo", author: "admin@montreal-invivo.example", ageDays: 6,
    input: {
      kind: "need", category: "office_space", language: "fr",
      title: "Bureaux satellites à Laval pour 3 personnes",
      description: "Montréal InVivo cherche 3 postes de travail à Laval, près du Centre québécois d'innovation en biotechnologie, d'avril 2027 à mars 2028. Jusqu'à 400 $ par poste par mois.",
      tags: ["bureaux", "Laval"], region: "laval", startDate: "2027-04-01", endDate: "2028-03-31",
      quantity: 3, unit: "desks", budgetMax: 400, attributes: { amenities: ["parking", "internet"] },
    },
  },
  // ------------------------------------------------------------ research
  {
    ref: "demo-19", cluster: "cargo-m", author: "admin@cargo-m.example", ageDays: 33,
    input: {
      kind: "need", category: "research", language: "fr",
      title: "Étude sur la décarbonation du camionnage urbain",
      description: "CargoM veut commander une étude sur les options de décarbonation du camionnage urbain (électrification, carburants renouvelables, mutualisation des livraisons) dans la région de Montréal, livrée d'ici décembre 2027. Budget total : 60 000 $.",
      tags: ["recherche", "GES", "camionnage"], region: "montreal", startDate: "2027-01-01", endDate: "2027-12-31",
      budgetMax: 60000, sdAxes: ["environment", "research_innovation"], attributes: { topic: "Décarbonation du camionnage urbain", deliverable: "study" },
    },
  },
  {
    ref: "demo-20", cluster: "ecotech-quebec", author: "admin@ecotech-quebec.example", ageDays: 21,
    input: {
      kind: "offer", category: "research", language: "en",
      title: "Applied research on low-carbon freight logistics",
      description: "With a university partner, Écotech Québec offers an applied research project on low-carbon urban freight (electric trucks, cargo bikes, shared delivery hubs) in 2027, for a total of $55,000.",
      tags: ["research", "freight", "decarbonisation"], region: "montreal", startDate: "2027-02-01", endDate: "2027-12-31",
      budgetMax: 55000, sdAxes: ["environment", "research_innovation"], attributes: { topic: "Low-carbon urban freight", deliverable: "report" },
    },
  },
  {
    ref: "demo-21", cluster: "propulsion-quebec", author: "admin@propulsion-quebec.example", ageDays: 40,
    input: {
      kind: "offer", category: "research", language: "fr",
      title: "Projet de recherche – seconde vie des batteries de véhicules électriques",
      description: "Avec un laboratoire universitaire partenaire, Propulsion Québec offre de mener un projet de recherche appliquée sur la réutilisation des batteries de VÉ (stockage stationnaire, diagnostic de l'état de santé) de janvier 2027 à juin 2028. Coût : 45 000 $.",
      tags: ["recherche", "batteries", "seconde vie"], region: "montreal", startDate: "2027-01-01", endDate: "2028-06-30",
      budgetMax: 45000, sdAxes: ["research_innovation"], attributes: { topic: "Seconde vie des batteries de VÉ", deliverable: "prototype" },
    },
  },
  {
    ref: "demo-22", cluster: "montreal-invivo", author: "membre@montreal-invivo.example", status: "paused", ageDays: 45,
    input: {
      kind: "need", category: "research", language: "en",
      title: "Study on sharing lab equipment across clusters",
      description: "Montréal InVivo would like a short study of which laboratory equipment member firms could share across sectors, and under what rules. Paused until our 2027 budget is confirmed. Up to $30,000.",
      tags: ["study", "shared equipment"], region: "montreal", startDate: "2027-03-01", endDate: "2027-10-31",
      budgetMax: 30000, sdAxes: ["research_innovation"], attributes: { topic: "Shared laboratory equipment", deliverable: "study" },
    },
  },
  // ------------------------------------------------------------ joint grants: two pools and one call already closed
  {
    ref: "demo-23", cluster: "ecotech-quebec", author: "admin@ecotech-quebec.example", ageDays: 13,
    input: {
      kind: "need", category: "joint_grant", language: "fr",
      title: "Montage d'un consortium – économie circulaire",
      description: "Écotech Québec souhaite coordonner un projet collectif de symbioses industrielles et le déposer à l'appel Économie circulaire interfilières du MEIE (date limite : 15 février 2027). Nous cherchons des grappes partenaires.",
      tags: ["consortium", "symbiose industrielle", "demande conjointe"], programme: "MEIE – Appel de projets Économie circulaire interfilières 2027", deadline: "2027-02-15",
      sdAxes: ["environment"], attributes: { role: "lead", amountSought: 250000 },
    },
  },
  {
    ref: "demo-24", cluster: "propulsion-quebec", author: "admin@propulsion-quebec.example", ageDays: 12,
    input: {
      kind: "need", category: "joint_grant", language: "en",
      title: "Consortium partners for the MEIE circular economy call",
      description: "We want to join a multi-cluster project on battery-pack material recovery for the MEIE inter-cluster circular economy call for projects (deadline 15 February 2027).",
      tags: ["joint grant", "circular economy"], programme: "MEIE inter-cluster circular economy call for projects 2027", deadline: "2027-02-15",
      sdAxes: ["environment"], attributes: { role: "partner", amountSought: 80000 },
    },
  },
  {
    ref: "demo-25", cluster: "mmode", author: "admin@mmode.example", ageDays: 11,
    input: {
      kind: "need", category: "joint_grant", language: "fr",
      title: "Demande conjointe – textile circulaire au MEIE",
      description: "MMode veut se joindre à une demande conjointe à l'appel Économie circulaire interfilières du MEIE (15 février 2027) avec un volet sur la récupération des textiles postconsommation.",
      tags: ["demande conjointe", "textile", "économie circulaire"], programme: "MEIE – Économie circulaire interfilières, appel 2027", deadline: "2027-02-15",
      sdAxes: ["environment"], attributes: { role: "partner", amountSought: 60000 },
    },
  },
  {
    ref: "demo-26", cluster: "numana", author: "admin@numana.example", ageDays: 9,
    input: {
      kind: "need", category: "joint_grant", language: "en",
      title: "Joint application to CED's Regional Innovation Ecosystems (REI), 2027 call",
      description: "Numana will lead a joint application to CED's Regional Innovation Ecosystems programme (2027 call, deadline 1 May 2027) for a shared AI testbed open to firms of several clusters. Looking for partner clusters.",
      tags: ["CED", "REI", "joint application"], programme: "CED – Regional Innovation Ecosystems (REI) – 2027 call", deadline: "2027-05-01",
      sdAxes: ["research_innovation"], attributes: { role: "lead", amountSought: 1200000 },
    },
  },
  {
    ref: "demo-27", cluster: "aero-montreal", author: "admin@aero-montreal.example", ageDays: 5,
    input: {
      kind: "need", category: "joint_grant", language: "fr",
      title: "Demande conjointe au programme ERI de DEC (appel 2027)",
      description: "Aéro Montréal souhaite s'associer à une demande conjointe au programme Écosystèmes régionaux d'innovation (ERI) de DEC, appel 2027 (date limite : 1er mai 2027), pour un banc d'essai partagé.",
      tags: ["DEC", "ERI", "subvention"], programme: "DEC – Écosystèmes régionaux d'innovation (ERI) – appel 2027", deadline: "2027-05-01",
      sdAxes: ["research_innovation"], attributes: { role: "partner", amountSought: 300000 },
    },
  },
  {
    ref: "demo-28", cluster: "finance-montreal", author: "admin@finance-montreal.example", ageDays: 60,
    input: {
      kind: "need", category: "joint_grant", language: "fr",
      title: "Demande conjointe – Fonds d'innovation sociale de la CMM",
      description: "Finance Montréal voulait déposer, avec une autre grappe, un projet d'éducation financière au Fonds d'innovation sociale métropolitain de la CMM (appel 2026, date limite : 1er octobre 2026).",
      tags: ["CMM", "demande conjointe"], programme: "CMM – Fonds d'innovation sociale métropolitain 2026", deadline: "2026-10-01",
      attributes: { role: "lead", amountSought: 150000 },
    },
  },
  // ------------------------------------------------------------ training: one offer, a pool of two needs
  {
    ref: "demo-29", cluster: "mmode", author: "membre@mmode.example", ageDays: 17,
    input: {
      kind: "offer", category: "training", language: "fr",
      title: "Atelier d'écoconception pour équipes produit",
      description: "MMode offre son atelier d'écoconception (choix des matériaux, durabilité, fin de vie) en formule hybride, à Montréal ou en ligne, de mai à novembre 2027 : 20 places à 350 $ par participant.",
      tags: ["écoconception", "formation"], region: "montreal", startDate: "2027-05-01", endDate: "2027-11-30",
      quantity: 20, unit: "seats", budgetMax: 350, sdAxes: ["environment", "jobs_training_hr"], attributes: { topic: "Écoconception", format: "hybrid" },
    },
  },
  {
    ref: "demo-30", cluster: "propulsion-quebec", author: "membre@propulsion-quebec.example", ageDays: 14,
    input: {
      kind: "need", category: "training", language: "en",
      title: "Eco-design training for product teams",
      description: "Propulsion Québec would like an eco-design course covering material choices, durability and end of life for 12 people from member product teams, in Montréal or online, between June and November 2027. Budget $450 per seat.",
      tags: ["eco-design", "training"], region: "montreal", startDate: "2027-06-01", endDate: "2027-11-30",
      quantity: 12, unit: "seats", budgetMax: 450, sdAxes: ["jobs_training_hr"], attributes: { topic: "Eco-design", format: "hybrid" },
    },
  },
  {
    ref: "demo-31", cluster: "aluquebec", author: "admin@aluquebec.example", ageDays: 10,
    input: {
      kind: "need", category: "training", language: "fr",
      title: "Formation en écoconception pour nos membres de l'aluminium",
      description: "AluQuébec cherche une formation en écoconception pour 8 personnes (conception pour le recyclage, analyse du cycle de vie simplifiée), entre mai et octobre 2027, en personne à Montréal. Jusqu'à 400 $ par place.",
      tags: ["écoconception", "formation", "aluminium"], region: "montreal", startDate: "2027-05-01", endDate: "2027-10-31",
      quantity: 8, unit: "seats", budgetMax: 400, sdAxes: ["jobs_training_hr", "environment"], attributes: { topic: "Écoconception", format: "in_person" },
    },
  },
  {
    ref: "demo-32", cluster: "montreal-invivo", author: "membre@montreal-invivo.example", ageDays: 24,
    input: {
      kind: "offer", category: "training", language: "en",
      title: "GHG inventory training (ISO 14064-1)",
      description: "Montréal InVivo runs a two-day online course on building a greenhouse-gas inventory to ISO 14064-1. 25 seats are open to other clusters in 2027, at $300 per participant.",
      tags: ["GHG", "carbon footprint", "training"], region: "remote", startDate: "2027-01-15", endDate: "2027-12-15",
      quantity: 25, unit: "seats", budgetMax: 300, sdAxes: ["environment", "jobs_training_hr"], attributes: { topic: "GHG inventory", format: "online" },
    },
  },
  // ------------------------------------------------------------ expertise
  {
    ref: "demo-33", cluster: "aluquebec", author: "admin@aluquebec.example", ageDays: 27,
    input: {
      kind: "need", category: "expertise", language: "fr",
      title: "Bilan GES (portées 1 et 2) de notre secrétariat",
      description: "AluQuébec veut faire réaliser le bilan de gaz à effet de serre de son secrétariat (portées 1 et 2, et principaux postes de la portée 3) pour l'année 2026, livré d'ici juin 2027. Budget total : 12 000 $.",
      tags: ["bilan GES", "bilan carbone"], region: "remote", startDate: "2027-01-15", endDate: "2027-06-30",
      budgetMax: 12000, sdAxes: ["environment"], attributes: { domain: "Bilan de gaz à effet de serre" },
    },
  },
  {
    ref: "demo-34", cluster: "ecotech-quebec", author: "membre@ecotech-quebec.example", ageDays: 23,
    input: {
      kind: "offer", category: "expertise", language: "en",
      title: "GHG inventory and carbon footprint consulting",
      description: "Écotech Québec's member consultants prepare greenhouse-gas inventories (scopes 1, 2 and 3) and reduction plans for small organisations, remotely, throughout 2027. About $10,000 for a secretariat-sized inventory.",
      tags: ["GHG inventory", "carbon footprint"], region: "remote", startDate: "2027-01-01", endDate: "2027-12-31",
      budgetMax: 10000, sdAxes: ["environment"], attributes: { domain: "GHG inventories" },
    },
  },
  {
    ref: "demo-35", cluster: "bctq", author: "admin@bctq.example", ageDays: 29,
    input: {
      kind: "offer", category: "expertise", language: "fr",
      title: "Services de traduction et de sous-titrage anglais-français",
      description: "Les studios de doublage et de sous-titrage membres du BCTQ offrent aux autres grappes des services de traduction professionnelle anglais-français de documents, en 2027, à distance. Forfait d'environ 5 000 $ pour un document de 40 pages.",
      tags: ["traduction", "sous-titrage"], region: "remote", startDate: "2027-01-01", endDate: "2027-12-31",
      budgetMax: 5000, attributes: { domain: "Traduction et sous-titrage" },
    },
  },
  {
    ref: "demo-36", cluster: "finance-montreal", author: "admin@finance-montreal.example", ageDays: 4,
    input: {
      kind: "need", category: "expertise", language: "en",
      title: "French–English translation of our annual report",
      description: "Finance Montréal needs its 36-page annual report translated from French into English by the end of March 2027. Budget up to $6,000 in total.",
      tags: ["translation", "annual report"], region: "remote", startDate: "2027-01-10", endDate: "2027-03-31",
      budgetMax: 6000, attributes: { domain: "Translation" },
    },
  },
  {
    ref: "demo-37", cluster: "montreal-invivo", author: "admin@montreal-invivo.example", ageDays: 3,
    input: {
      kind: "need", category: "expertise", language: "fr", visibility: "coordinator",
      title: "Accompagnement RH confidentiel – réorganisation du secrétariat",
      description: "Montréal InVivo cherche discrètement une firme en ressources humaines pour accompagner la réorganisation de son secrétariat au premier semestre 2027. Budget total : 20 000 $. Publication confidentielle : seule la coordination la voit.",
      tags: ["ressources humaines", "RH"], region: "montreal", startDate: "2027-01-15", endDate: "2027-06-30",
      budgetMax: 20000, sdAxes: ["jobs_training_hr"], attributes: { domain: "Ressources humaines" },
    },
  },
  // ------------------------------------------------------------ equipment
  {
    ref: "demo-38", cluster: "aero-montreal", author: "admin@aero-montreal.example", ageDays: 31,
    input: {
      kind: "offer", category: "equipment", language: "en",
      title: "Metal 3D printing time – aluminium alloys",
      description: "A member of Aéro Montréal in Longueuil offers time on its laser powder bed fusion printer (AlSi10Mg and other aluminium alloys) in 2027: about 100 hours, at $220 per machine hour, operator included.",
      tags: ["metal 3D printing", "additive manufacturing"], region: "monteregie", startDate: "2027-01-01", endDate: "2027-12-31",
      quantity: 100, unit: "hours", budgetMax: 220, sdAxes: ["research_innovation"], attributes: { item: "Laser powder bed fusion printer", access: "rental" },
    },
  },
  {
    ref: "demo-39", cluster: "aluquebec", author: "admin@aluquebec.example", ageDays: 20,
    input: {
      kind: "need", category: "equipment", language: "en",
      title: "Metal 3D printing time for aluminium prototypes",
      description: "AluQuébec members need about 30 hours of metal additive manufacturing (aluminium alloys such as AlSi10Mg) to print prototype brackets between March and June 2027. Up to $250 per machine hour.",
      tags: ["metal 3D printing", "aluminium"], region: "montreal", startDate: "2027-03-01", endDate: "2027-06-30",
      quantity: 30, unit: "hours", budgetMax: 250, sdAxes: ["research_innovation"], attributes: { item: "Metal 3D printer", access: "rental" },
    },
  },
  {
    ref: "demo-40", cluster: "numana", author: "membre@numana.example", ageDays: 35,
    input: {
      kind: "offer", category: "equipment", language: "fr",
      title: "Imprimante 3D de bureau à prêter (filament plastique)",
      description: "Numana peut prêter une imprimante 3D de bureau à filament (PLA, PETG) pour du prototypage rapide, en 2027, gratuitement, à récupérer à Montréal.",
      tags: ["impression 3D", "prototypage"], region: "montreal", startDate: "2027-01-01", endDate: "2027-12-31",
      attributes: { item: "Imprimante 3D FDM", access: "loan" },
    },
  },
  // ------------------------------------------------------------ events and other
  {
    ref: "demo-41", cluster: "cargo-m", author: "admin@cargo-m.example", ageDays: 18,
    input: {
      kind: "offer", category: "events", language: "fr",
      title: "Salle et traiteur écoresponsable pour 80 personnes",
      description: "CargoM partage la salle de conférence de son partenaire portuaire (80 places, accessible en transport collectif) avec un traiteur local zéro déchet, d'avril à octobre 2027. 45 $ par personne, repas compris.",
      tags: ["événement", "traiteur", "écoresponsable"], region: "montreal", startDate: "2027-04-01", endDate: "2027-10-31",
      quantity: 80, unit: "guests", budgetMax: 45, sdAxes: ["environment"], attributes: { eventType: "conference", ecoResponsible: true },
    },
  },
  {
    ref: "demo-42", cluster: "numana", author: "admin@numana.example", ageDays: 2,
    input: {
      kind: "need", category: "events", language: "en",
      title: "Venue for a 60-guest eco-responsible networking event",
      description: "Numana is looking for a venue with local, low-waste catering for a 60-guest networking evening in Montréal in May 2027. Up to $50 per guest.",
      tags: ["event", "catering", "networking"], region: "montreal", startDate: "2027-05-01", endDate: "2027-05-31",
      quantity: 60, unit: "guests", budgetMax: 50, sdAxes: ["environment"], attributes: { eventType: "networking", ecoResponsible: true },
    },
  },
  {
    ref: "demo-43", cluster: "cargo-m", author: "admin@cargo-m.example", ageDays: 38,
    input: {
      kind: "offer", category: "other", language: "fr",
      title: "Places de stationnement pour vélos-cargos au centre-ville",
      description: "CargoM dispose de 10 places sécurisées pour vélos-cargos dans un mini-centre de distribution du centre-ville, en 2027, à 75 $ par place par mois.",
      tags: ["vélo-cargo", "stationnement", "livraison urbaine"], region: "montreal", startDate: "2027-01-01", endDate: "2027-12-31",
      quantity: 10, unit: "spaces", budgetMax: 75, sdAxes: ["environment"], attributes: {},
    },
  },
  {
    ref: "demo-44", cluster: "numana", author: "membre@numana.example", status: "draft", ageDays: 1,
    input: {
      kind: "offer", category: "other", language: "fr",
      title: "Partage d'un abonnement à une plateforme de veille",
      description: "Brouillon : Numana envisage de partager son abonnement à une plateforme de veille technologique avec deux autres grappes. Modalités à préciser.",
      tags: ["veille"], region: "remote", sdAxes: [], attributes: {},
    },
  },
];

export const DEMO_POSTINGS: DemoPosting[] = ENTRIES.map(withFormatBasis);
