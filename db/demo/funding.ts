/**
 * Demo funding data: programmes of the three demo funders (MEIE, DEC, CMM) with calls after
 * 2026-11-22, and joint applications at every stage with stage histories over the past months,
 * so the funders' pipeline means something on first start; the funders' decisions (conditions, reasons),
 * reporting milestones and exchanges with the consortiums. Invented projects; real programme names.
 *
 * `seedFunding(db)` is idempotent (stable `external_ref`s): it only inserts what is missing, and
 * needs the clusters, funders and demo accounts of `seedDemo` (it looks them up by slug and email).
 */
import { inArray } from "drizzle-orm";
import type { Db } from "../client.server";
import {
  applicationComments,
  applicationDocuments,
  applicationMembers,
  applicationMilestones,
  applicationStageChanges,
  clusters,
  funders,
  fundingDecisions,
  jointApplications,
  programmeCalls,
  programmes,
  users,
  type ApplicationStage,
  type MilestoneKind,
} from "../schema";

interface DemoProgramme {
  ref: string;
  funder: "meie" | "dec" | "cmm";
  nameFr: string;
  nameEn: string;
  descriptionFr: string;
  descriptionEn: string;
  website: string;
  envelope: number;
  maxPerProject: number;
  minPartners: number;
  eligibleCategories: string[];
  calls: { labelFr: string; labelEn: string; deadline: string }[];
}

export const DEMO_PROGRAMMES: DemoProgramme[] = [
  {
    ref: "meie-pso-intergrappes",
    funder: "meie",
    nameFr: "Programme de soutien aux organismes de recherche et d'innovation (PSO) — projets collaboratifs intergrappes",
    nameEn: "Support Program for Research and Innovation Organizations (PSO) — inter-cluster collaborative projects",
    descriptionFr: "Projets de recherche et d'innovation menés en commun par au moins trois grappes, avec des entreprises membres.",
    descriptionEn: "Research and innovation projects carried out jointly by at least three clusters, with member firms.",
    website: "https://www.economie.gouv.qc.ca/",
    envelope: 4_000_000,
    maxPerProject: 400_000,
    minPartners: 3,
    eligibleCategories: ["research", "joint_grant", "expertise"],
    calls: [
      { labelFr: "Appel 2026-2027 — volet 1", labelEn: "2026-2027 call — round 1", deadline: "2027-01-29" },
      { labelFr: "Appel 2027 — volet 2", labelEn: "2027 call — round 2", deadline: "2027-05-28" },
    ],
  },
  {
    ref: "meie-essor-dd",
    funder: "meie",
    nameFr: "ESSOR — projets collectifs de développement durable",
    nameEn: "ESSOR — collective sustainable development projects",
    descriptionFr: "Aide aux projets collectifs qui réduisent les coûts et l'empreinte des entreprises : équipements, TI, achats regroupés, formation.",
    descriptionEn: "Support for collective projects that cut firms' costs and footprint: equipment, IT, group purchasing, training.",
    website: "https://www.economie.gouv.qc.ca/",
    envelope: 2_500_000,
    maxPerProject: 250_000,
    minPartners: 2,
    eligibleCategories: ["joint_grant", "equipment", "it_support", "group_purchasing", "training"],
    calls: [
      { labelFr: "Appel d'hiver 2026", labelEn: "Winter 2026 call", deadline: "2026-12-11" },
      { labelFr: "Appel du printemps 2027", labelEn: "Spring 2027 call", deadline: "2027-03-26" },
    ],
  },
  {
    ref: "dec-eri",
    funder: "dec",
    nameFr: "Écosystèmes régionaux d'innovation (ERI)",
    nameEn: "Regional Innovation Ecosystems (REI)",
    descriptionFr: "Volet de DEC qui soutient les organismes à but non lucratif qui renforcent les écosystèmes d'innovation du Québec.",
    descriptionEn: "CED stream supporting not-for-profit organizations that strengthen Québec's innovation ecosystems.",
    website: "https://dec.canada.ca/",
    envelope: 8_000_000,
    maxPerProject: 1_000_000,
    minPartners: 2,
    eligibleCategories: ["research", "joint_grant", "expertise", "events", "training"],
    calls: [
      { labelFr: "Date de priorité — février 2027", labelEn: "Priority date — February 2027", deadline: "2027-02-15" },
      { labelFr: "Date de priorité — juin 2027", labelEn: "Priority date — June 2027", deadline: "2027-06-15" },
    ],
  },
  {
    ref: "dec-regi-organismes",
    funder: "dec",
    nameFr: "Croissance économique régionale par l'innovation (CERI) — volet organismes",
    nameEn: "Regional Economic Growth through Innovation (REGI) — organizations stream",
    descriptionFr: "Projets d'organismes qui aident les entreprises à croître, à innover et à s'adapter à l'économie verte.",
    descriptionEn: "Projects by organizations helping firms grow, innovate and adapt to the green economy.",
    website: "https://dec.canada.ca/",
    envelope: 3_000_000,
    maxPerProject: 500_000,
    minPartners: 2,
    eligibleCategories: ["joint_grant", "it_support", "office_space", "equipment"],
    calls: [{ labelFr: "Appel 2027", labelEn: "2027 intake", deadline: "2027-04-30" }],
  },
  {
    ref: "cmm-grappes-structurants",
    funder: "cmm",
    nameFr: "Programme de soutien aux projets structurants des grappes métropolitaines",
    nameEn: "Support Program for Structuring Projects of Metropolitan Clusters",
    descriptionFr: "Projets communs des grappes du Grand Montréal : locaux partagés, services TI, événements écoresponsables.",
    descriptionEn: "Joint projects of Greater Montréal's clusters: shared premises, IT services, eco-responsible events.",
    website: "https://cmm.qc.ca/",
    envelope: 1_200_000,
    maxPerProject: 150_000,
    minPartners: 2,
    eligibleCategories: ["joint_grant", "office_space", "it_support", "events"],
    calls: [
      { labelFr: "Appel 2026 — dépôt final", labelEn: "2026 call — final submission", deadline: "2026-12-04" },
      { labelFr: "Appel 2027", labelEn: "2027 call", deadline: "2027-04-09" },
    ],
  },
];

type Step = [stage: ApplicationStage, at: string, note?: string];

interface DemoApplication {
  ref: string;
  programme: string | null;
  programmeText?: string;
  /** Deadline of one of the programme's calls (links the call). */
  deadline?: string;
  title: string;
  summary: string;
  lead: string;
  partners: [slug: string, role: string][];
  requested?: number;
  awarded?: number;
  cofinancing?: [publicFunding: number, clustersShare: number, firmsShare: number];
  history: Step[];
  comments?: [email: string, at: string, body: string][];
  documents?: [label: string, url: string][];
  /** The funder's decision (recorded at the history's awarded/declined step): conditions of an award, reason of a refusal. */
  decision?: { conditions?: string; reason?: string };
  /** Reporting milestones of an award: kind, due day, done day. */
  milestones?: [kind: MilestoneKind, dueOn: string, doneOn?: string][];
  /** Messages between the funder and the consortium: author's email, day, text. */
  funderThread?: [email: string, at: string, body: string][];
}

export const DEMO_APPLICATIONS: DemoApplication[] = [
  {
    ref: "demo-app-labos-partages",
    programme: "meie-pso-intergrappes",
    title: "Étude intergrappes sur les laboratoires partagés",
    summary: "Cartographier les équipements de laboratoire sous-utilisés des membres et concevoir un modèle d'accès partagé.",
    lead: "numana",
    partners: [["aero-montreal", "Volet essais et certification"], ["propulsion-quebec", "Volet batteries"]],
    requested: 380_000,
    awarded: 320_000,
    cofinancing: [380_000, 60_000, 140_000],
    history: [["idea", "2026-02-03"], ["consortium_formed", "2026-02-20"], ["drafting", "2026-03-10"], ["submitted", "2026-04-28"], ["under_review", "2026-05-05"], ["awarded", "2026-08-18"]],
    documents: [["Lettre d'annonce du ministère", "https://example.org/maillage/labos-partages/annonce.pdf"]],
    decision: { conditions: "Versement en deux tranches : 60 % à la signature, 40 % sur remise du rapport final. Les trois grappes signent la convention." },
    milestones: [["disbursement", "2026-09-30", "2026-09-24"], ["progress_report", "2027-02-26"], ["final_report", "2027-08-31"]],
    funderThread: [
      ["bailleur@meie.example", "2026-08-19", "Félicitations au consortium. La convention d'aide vous parviendra d'ici deux semaines ; merci de désigner la personne signataire pour chaque grappe."],
      ["admin@numana.example", "2026-08-21", "Merci ! Les trois signataires sont indiqués dans le dossier partagé ; Numana signe pour le consortium."],
    ],
  },
  {
    ref: "demo-app-ges-mutualise",
    programme: "meie-pso-intergrappes",
    title: "Inventaire GES mutualisé des grappes",
    summary: "Un inventaire des émissions de GES commun à quatre grappes, avec une méthode et un outil partagés par leurs membres.",
    lead: "ecotech-quebec",
    partners: [["cargo-m", "Transport et logistique"], ["mmode", "Textile"], ["bctq", "Tournages"]],
    requested: 350_000,
    cofinancing: [350_000, 50_000, 100_000],
    history: [["idea", "2026-04-07"], ["consortium_formed", "2026-04-29"], ["drafting", "2026-05-26"], ["submitted", "2026-09-25"], ["under_review", "2026-10-02"]],
    comments: [
      ["admin@ecotech-quebec.example", "2026-05-28", "Le gabarit budgétaire du ministère est dans le dossier partagé. Chaque grappe remplit son onglet d'ici vendredi."],
      ["admin@cargo-m.example", "2026-06-03", "Onglet CargoM rempli ; nos trois transporteurs pilotes confirment leur participation."],
    ],
    documents: [["Dossier partagé du consortium", "https://example.org/maillage/ges-mutualise/"], ["Accusé de réception", "https://example.org/maillage/ges-mutualise/accuse.pdf"]],
  },
  {
    ref: "demo-app-ecoconception",
    programme: "meie-pso-intergrappes",
    title: "Feuille de route R-D en écoconception textile et aluminium",
    summary: "Des pistes de recherche communes sur les matériaux recyclés pour la mode et l'aluminium.",
    lead: "mmode",
    partners: [["aluquebec", "Matériaux"], ["ecotech-quebec", "Analyse du cycle de vie"]],
    requested: 300_000,
    cofinancing: [300_000, 40_000, 60_000],
    history: [["idea", "2026-01-15"], ["consortium_formed", "2026-02-05"], ["drafting", "2026-02-26"], ["submitted", "2026-04-10"], ["under_review", "2026-04-24"], ["declined", "2026-07-14"], ["closed", "2026-08-01"]],
    decision: { reason: "Le volet aluminium relève d'un autre programme du ministère ; le comité recommande de redéposer le volet textile seul au prochain appel." },
  },
  {
    ref: "demo-app-veille",
    programme: "meie-pso-intergrappes",
    deadline: "2027-01-29",
    title: "Plateforme commune de veille technologique",
    summary: "Une veille partagée sur les brevets et les appels de propositions, alimentée par les trois grappes.",
    lead: "montreal-invivo",
    partners: [["numana", "Plateforme"], ["finance-montreal", "Veille réglementaire"]],
    requested: 280_000,
    history: [["idea", "2026-09-08"], ["consortium_formed", "2026-09-30"], ["drafting", "2026-10-21"]],
    documents: [["Plan de rédaction", "https://example.org/maillage/veille/plan"]],
  },
  {
    ref: "demo-app-competences",
    programme: "meie-pso-intergrappes",
    deadline: "2027-05-28",
    title: "Observatoire des compétences numériques intergrappes",
    summary: "Mesurer les besoins de compétences numériques communs aux secteurs des grappes.",
    lead: "numana",
    partners: [["finance-montreal", ""]],
    history: [["idea", "2026-11-03"]],
  },
  {
    ref: "demo-app-postes-reconditionnes",
    programme: "meie-essor-dd",
    title: "Achat regroupé de postes informatiques reconditionnés",
    summary: "Un achat groupé de 400 portables reconditionnés pour les membres, avec reprise des anciens appareils.",
    lead: "cargo-m",
    partners: [["mmode", "Achats"]],
    requested: 200_000,
    awarded: 180_000,
    cofinancing: [200_000, 30_000, 70_000],
    history: [["idea", "2026-01-12"], ["consortium_formed", "2026-01-30"], ["drafting", "2026-02-16"], ["submitted", "2026-03-20"], ["under_review", "2026-03-27"], ["awarded", "2026-06-10"], ["closed", "2026-10-30"]],
    decision: { conditions: "Reprise certifiée des anciens appareils ; rapport final avec le nombre de postes livrés." },
    milestones: [["final_report", "2026-10-15", "2026-10-20"]],
  },
  {
    ref: "demo-app-ecoconduite",
    programme: "meie-essor-dd",
    title: "Formation commune en écoconduite et logistique verte",
    summary: "Former 300 chauffeurs et répartiteurs des membres à l'écoconduite et aux véhicules électriques.",
    lead: "propulsion-quebec",
    partners: [["cargo-m", "Recrutement des participants"]],
    requested: 150_000,
    cofinancing: [150_000, 20_000, 40_000],
    history: [["idea", "2026-06-02"], ["consortium_formed", "2026-06-25"], ["drafting", "2026-08-04"], ["submitted", "2026-11-06"]],
  },
  {
    ref: "demo-app-ti-partagees",
    programme: "meie-essor-dd",
    deadline: "2026-12-11",
    title: "Services TI partagés et cybersécurité pour les secrétariats de grappes",
    summary: "Un centre de services TI commun (soutien, licences, cybersécurité) pour les équipes des grappes.",
    lead: "numana",
    partners: [["bctq", ""], ["montreal-invivo", "Coordination"]],
    requested: 240_000,
    history: [["idea", "2026-09-15"], ["consortium_formed", "2026-10-14"]],
    comments: [["admin@bctq.example", "2026-10-20", "Le BCTQ peut fournir l'inventaire de ses licences d'ici la fin du mois."]],
  },
  {
    ref: "demo-app-salles",
    programme: "meie-essor-dd",
    title: "Mutualisation de salles de réunion écoresponsables",
    summary: "Aménager et partager des salles de réunion entre grappes voisines.",
    lead: "bctq",
    partners: [["mmode", ""]],
    requested: 90_000,
    history: [["idea", "2026-05-11"], ["consortium_formed", "2026-06-01"], ["drafting", "2026-07-06"], ["closed", "2026-09-09", "Les deux grappes ont trouvé des salles à partager sans subvention."]],
  },
  {
    ref: "demo-app-flottes",
    programme: "dec-eri",
    title: "Réseau d'expertise en électrification des flottes",
    summary: "Un réseau d'experts partagé pour accompagner les membres dans l'électrification de leurs flottes.",
    lead: "propulsion-quebec",
    partners: [["cargo-m", "Flottes de livraison"], ["ecotech-quebec", "Bilan GES"]],
    requested: 900_000,
    awarded: 850_000,
    cofinancing: [900_000, 150_000, 450_000],
    history: [["idea", "2026-01-20"], ["consortium_formed", "2026-02-10"], ["drafting", "2026-03-02"], ["submitted", "2026-04-15"], ["under_review", "2026-04-29"], ["awarded", "2026-07-22"]],
    decision: { conditions: "Semi-annual progress reports; at least 40 member firms supported by the end of the project." },
    milestones: [["disbursement", "2026-08-31", "2026-08-28"], ["progress_report", "2027-01-29"], ["financial_report", "2027-07-30"]],
  },
  {
    ref: "demo-app-aero-tic",
    programme: "dec-eri",
    title: "Programme d'accélération aérospatiale–TIC",
    summary: "Jumeler PME aérospatiales et entreprises TIC autour de projets d'IA appliquée.",
    lead: "aero-montreal",
    partners: [["numana", "Entreprises TIC"]],
    requested: 600_000,
    cofinancing: [600_000, 80_000, 220_000],
    history: [["idea", "2026-04-01"], ["consortium_formed", "2026-04-20"], ["drafting", "2026-05-19"], ["submitted", "2026-09-11"], ["under_review", "2026-09-18"]],
  },
  {
    ref: "demo-app-vitrine",
    programme: "dec-eri",
    title: "Vitrine internationale des technologies propres",
    summary: "Une présence commune des membres dans deux salons internationaux.",
    lead: "ecotech-quebec",
    partners: [["aluquebec", ""]],
    requested: 450_000,
    history: [["idea", "2026-03-03"], ["consortium_formed", "2026-03-24"], ["drafting", "2026-04-21"], ["submitted", "2026-06-30"], ["under_review", "2026-07-08"], ["declined", "2026-10-20"]],
    decision: { reason: "Trade-show attendance is funded through CED's export stream, not REI; the committee invites a resubmission there." },
  },
  {
    ref: "demo-app-fabrication-additive",
    programme: "dec-eri",
    deadline: "2027-02-15",
    title: "Banc d'essai commun en fabrication additive",
    summary: "Un banc d'essai partagé pour qualifier des pièces imprimées en aluminium.",
    lead: "aluquebec",
    partners: [["aero-montreal", "Qualification des pièces"]],
    requested: 700_000,
    history: [
      ["idea", "2026-08-10"],
      ["consortium_formed", "2026-08-24"],
      ["drafting", "2026-09-08"],
      ["consortium_formed", "2026-09-20", "Un partenaire s'est retiré : nous revoyons le consortium avant de continuer la rédaction."],
      ["drafting", "2026-10-01"],
    ],
  },
  {
    ref: "demo-app-centre-donnees",
    programme: "dec-regi-organismes",
    deadline: "2027-04-30",
    title: "Centre de données partagé à faible empreinte",
    summary: "Héberger les données des grappes et de leurs membres dans un centre alimenté à l'hydroélectricité.",
    lead: "numana",
    partners: [["finance-montreal", ""], ["montreal-invivo", ""]],
    requested: 400_000,
    history: [["idea", "2026-10-20"], ["consortium_formed", "2026-11-10"]],
  },
  {
    ref: "demo-app-aluminium-circulaire",
    programme: "dec-regi-organismes",
    title: "Chaîne logistique circulaire de l'aluminium",
    summary: "Organiser la collecte et le retour des retailles d'aluminium des transformateurs vers les fonderies.",
    lead: "aluquebec",
    partners: [["cargo-m", "Logistique inverse"]],
    requested: 480_000,
    cofinancing: [480_000, 60_000, 180_000],
    history: [["idea", "2026-05-05"], ["consortium_formed", "2026-05-27"], ["drafting", "2026-06-22"], ["submitted", "2026-10-27"]],
  },
  {
    ref: "demo-app-bureaux",
    programme: "cmm-grappes-structurants",
    deadline: "2026-12-04",
    title: "Bureaux partagés intergrappes au centre-ville",
    summary: "Regrouper trois secrétariats de grappes dans des bureaux partagés et une salle de formation commune.",
    lead: "finance-montreal",
    partners: [["mmode", ""], ["bctq", ""]],
    requested: 140_000,
    history: [["idea", "2026-08-18"], ["consortium_formed", "2026-09-15"], ["drafting", "2026-10-06"]],
  },
  {
    ref: "demo-app-evenements",
    programme: "cmm-grappes-structurants",
    title: "Événements écoresponsables communs 2026",
    summary: "Une charte et des fournisseurs communs pour les événements des grappes.",
    lead: "montreal-invivo",
    partners: [["bctq", "Production"]],
    requested: 100_000,
    awarded: 90_000,
    cofinancing: [100_000, 25_000, 25_000],
    history: [["idea", "2026-02-02"], ["consortium_formed", "2026-02-16"], ["drafting", "2026-03-09"], ["submitted", "2026-04-03"], ["under_review", "2026-04-17"], ["awarded", "2026-06-19"]],
    decision: { conditions: "Bilan des événements tenus et des fournisseurs retenus à remettre au plus tard en janvier 2027." },
    milestones: [["final_report", "2027-01-15"]],
  },
  {
    ref: "demo-app-ecoleader",
    programme: null,
    programmeText: "Fonds Écoleader — diagnostics en développement durable",
    title: "Diagnostics DD des PME membres",
    summary: "Offrir un diagnostic de développement durable à 60 PME membres des deux grappes.",
    lead: "ecotech-quebec",
    partners: [["mmode", ""]],
    history: [["idea", "2026-11-12"]],
  },
];

/** The demo accounts of the funders (db/demo/clusters.ts); CMM has none: the coordination records its decisions. */
const FUNDER_ACCOUNTS: Record<DemoProgramme["funder"], string | null> = { meie: "bailleur@meie.example", dec: "funder@dec.example", cmm: null };

/** Noon in Montréal on that day (EST/EDT both land on the same calendar day). */
const at = (day: string) => new Date(`${day}T16:00:00Z`);

export async function seedFunding(db: Db, log: (msg: string) => void = () => {}): Promise<{ programmes: number; applications: number }> {
  const funderRows = await db.select({ id: funders.id, slug: funders.slug }).from(funders);
  const funderIds = new Map(funderRows.map((f) => [f.slug, f.id]));
  const clusterIds = new Map((await db.select({ id: clusters.id, slug: clusters.slug }).from(clusters)).map((c) => [c.slug, c.id]));
  const people = new Map((await db.select({ id: users.id, email: users.email }).from(users)).map((u) => [u.email.toLowerCase(), u.id]));
  const coordinator = people.get("coordination@maillage.example") ?? null;
  const wanted = DEMO_PROGRAMMES.filter((p) => funderIds.has(p.funder));
  if (!wanted.length || !clusterIds.size) {
    log("funding demo skipped: seed the clusters and funders first");
    return { programmes: 0, applications: 0 };
  }

  let insertedProgrammes = 0;
  let insertedApplications = 0;
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(programmes)
      .values(
        wanted.map((p) => ({
          externalRef: p.ref,
          funderId: funderIds.get(p.funder)!,
          nameFr: p.nameFr,
          nameEn: p.nameEn,
          descriptionFr: p.descriptionFr,
          descriptionEn: p.descriptionEn,
          website: p.website,
          envelope: p.envelope,
          maxPerProject: p.maxPerProject,
          minPartners: p.minPartners,
          eligibleCategories: p.eligibleCategories,
        })),
      )
      .onConflictDoNothing({ target: programmes.externalRef })
      .returning({ id: programmes.id });
    insertedProgrammes = inserted.length;
    const programmeIds = new Map(
      (await tx.select({ id: programmes.id, ref: programmes.externalRef }).from(programmes).where(inArray(programmes.externalRef, wanted.map((p) => p.ref)))).map((p) => [p.ref!, p.id]),
    );
    await tx
      .insert(programmeCalls)
      .values(wanted.flatMap((p) => p.calls.map((c) => ({ programmeId: programmeIds.get(p.ref)!, labelFr: c.labelFr, labelEn: c.labelEn, deadline: c.deadline }))))
      .onConflictDoNothing();
    const calls = await tx.select({ id: programmeCalls.id, programmeId: programmeCalls.programmeId, deadline: programmeCalls.deadline }).from(programmeCalls);

    const existing = new Set(
      (await tx.select({ ref: jointApplications.externalRef }).from(jointApplications).where(inArray(jointApplications.externalRef, DEMO_APPLICATIONS.map((a) => a.ref)))).map((r) => r.ref),
    );
    for (const a of DEMO_APPLICATIONS) {
      if (existing.has(a.ref)) continue;
      const programmeId = a.programme ? programmeIds.get(a.programme) : null;
      if (a.programme && !programmeId) continue;
      const lead = clusterIds.get(a.lead);
      const members = a.partners.map(([slug, role]) => ({ clusterId: clusterIds.get(slug), role }));
      if (!lead || members.some((m) => !m.clusterId)) continue;
      const first = a.history[0];
      const last = a.history[a.history.length - 1];
      const leadAdmin = people.get(`admin@${a.lead}.example`) ?? coordinator;
      // The funder's own moves are its programme officer's; a funder with no account: the coordination, on its behalf.
      const programme = wanted.find((p) => p.ref === a.programme);
      const funderPerson = programme ? (FUNDER_ACCOUNTS[programme.funder] ? (people.get(FUNDER_ACCOUNTS[programme.funder]!) ?? null) : null) : null;
      const decider = funderPerson ?? coordinator;
      const byFor = (stage: ApplicationStage) => (stage === "awarded" || stage === "declined" || stage === "under_review" ? decider : leadAdmin);
      const [app] = await tx
        .insert(jointApplications)
        .values({
          externalRef: a.ref,
          programmeId: programmeId ?? null,
          programmeText: a.programmeText ?? null,
          callId: a.deadline && programmeId ? (calls.find((c) => c.programmeId === programmeId && c.deadline === a.deadline)?.id ?? null) : null,
          deadline: a.deadline ?? null,
          title: a.title,
          summary: a.summary,
          leadClusterId: lead,
          amountRequested: a.requested ?? null,
          amountAwarded: a.awarded ?? null,
          cofinancingPublic: a.cofinancing?.[0] ?? null,
          cofinancingClusters: a.cofinancing?.[1] ?? null,
          cofinancingFirms: a.cofinancing?.[2] ?? null,
          stage: last[0],
          stageChangedAt: at(last[1]),
          createdBy: coordinator,
          createdAt: at(first[1]),
          updatedAt: at(last[1]),
        })
        .returning({ id: jointApplications.id });
      await tx.insert(applicationMembers).values([
        { applicationId: app.id, clusterId: lead, role: "", addedAt: at(first[1]) },
        ...members.map((m) => ({ applicationId: app.id, clusterId: m.clusterId!, role: m.role, addedAt: at(first[1]) })),
      ]);
      await tx.insert(applicationStageChanges).values(
        a.history.map(([stage, day, note], i) => ({
          applicationId: app.id,
          fromStage: i === 0 ? null : a.history[i - 1][0],
          toStage: stage,
          at: at(day),
          byUserId: i === 0 ? coordinator : byFor(stage),
          note: note ?? null,
        })),
      );
      if (a.comments?.length)
        await tx.insert(applicationComments).values(a.comments.map(([email, day, body]) => ({ applicationId: app.id, authorId: people.get(email) ?? null, body, createdAt: at(day) })));
      if (a.documents?.length)
        await tx.insert(applicationDocuments).values(a.documents.map(([label, url]) => ({ applicationId: app.id, label, url, addedBy: leadAdmin, createdAt: at(first[1]) })));
      const decided = a.history.find(([stage]) => stage === "awarded" || stage === "declined");
      if (decided && a.decision) {
        const awarded = decided[0] === "awarded";
        await tx.insert(fundingDecisions).values({
          applicationId: app.id,
          outcome: awarded ? "awarded" : "refused",
          amount: awarded ? (a.awarded ?? null) : null,
          conditions: awarded ? (a.decision.conditions ?? null) : null,
          reason: awarded ? null : (a.decision.reason ?? ""),
          decidedBy: decider,
          onBehalf: !funderPerson,
          decidedAt: at(decided[1]),
        });
      }
      if (a.milestones?.length)
        await tx.insert(applicationMilestones).values(
          a.milestones.map(([kind, dueOn, doneOn]) => ({ applicationId: app.id, kind, dueOn, doneOn: doneOn ?? null, createdBy: decider, createdAt: at(decided?.[1] ?? first[1]), updatedAt: at(doneOn ?? decided?.[1] ?? first[1]) })),
        );
      if (a.funderThread?.length)
        await tx.insert(applicationComments).values(a.funderThread.map(([email, day, body]) => ({ applicationId: app.id, authorId: people.get(email) ?? null, body, audience: "funder" as const, createdAt: at(day) })));
      insertedApplications++;
    }
  });
  log(`seeded ${insertedProgrammes} funding programmes and ${insertedApplications} joint applications`);
  return { programmes: insertedProgrammes, applications: insertedApplications };
}
