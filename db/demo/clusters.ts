/** The ten clusters of Greater Montréal (from shared/data/clusters.json) with descriptions written for the demo. */
export const DEMO_CLUSTERS = [
  {
    slug: "aero-montreal", name: "Aéro Montréal", sectorFr: "Aérospatial", sectorEn: "Aerospace", website: "https://www.aeromontreal.ca/", region: "montreal",
    descriptionFr: "Grappe de l'aérospatiale du Québec : elle réunit les maîtres d'œuvre, les équipementiers, les PME, les centres de recherche et les établissements d'enseignement pour renforcer la compétitivité et la décarbonation de la filière.",
    descriptionEn: "Québec's aerospace cluster: prime contractors, equipment makers, SMEs, research centres and schools working together on the industry's competitiveness and decarbonisation.",
  },
  {
    slug: "aluquebec", name: "AluQuébec", sectorFr: "Aluminium", sectorEn: "Aluminium", website: "https://aluquebec.com/", region: "montreal",
    descriptionFr: "Grappe industrielle de l'aluminium : des producteurs aux transformateurs, elle stimule l'innovation, la transformation locale et l'aluminium à faible empreinte carbone.",
    descriptionEn: "The aluminium industry cluster: from smelters to processors, it drives innovation, local processing and low-carbon aluminium.",
  },
  {
    slug: "bctq", name: "Bureau du cinéma et de la télévision du Québec", sectorFr: "Cinéma et télévision", sectorEn: "Film and television", website: "http://www.bctq.ca/", region: "montreal",
    descriptionFr: "Grappe de l'audiovisuel : production, effets visuels, animation et postproduction. Elle fait rayonner le Québec comme lieu de tournage et soutient les pratiques de production écoresponsables.",
    descriptionEn: "The audiovisual cluster: production, visual effects, animation and post-production. It promotes Québec as a filming location and supports eco-responsible production.",
  },
  {
    slug: "cargo-m", name: "CargoM", sectorFr: "Logistique et transport", sectorEn: "Logistics and transportation", website: "http://www.cargo-montreal.ca/", region: "montreal",
    descriptionFr: "Grappe métropolitaine de logistique et transport : port, aéroport, rail, camionnage et entrepôts collaborent pour une chaîne d'approvisionnement plus efficace et plus verte.",
    descriptionEn: "The metropolitan logistics and transportation cluster: port, airport, rail, trucking and warehousing working together on a more efficient and greener supply chain.",
  },
  {
    slug: "ecotech-quebec", name: "Écotech Québec", sectorFr: "Technologies propres", sectorEn: "Clean technologies", website: "https://www.ecotechquebec.com/", region: "montreal",
    descriptionFr: "Grappe des technologies propres : elle accélère le développement et l'adoption des solutions qui réduisent les émissions de GES et l'usage des ressources.",
    descriptionEn: "The clean technology cluster: it speeds up the development and adoption of solutions that cut GHG emissions and resource use.",
  },
  {
    slug: "finance-montreal", name: "Finance Montréal", sectorFr: "Services financiers", sectorEn: "Financial services", website: "https://www.finance-montreal.com/", region: "montreal",
    descriptionFr: "Grappe financière du Québec : banques, assureurs, gestionnaires d'actifs et fintechs. Elle fait de Montréal une place forte de la finance durable.",
    descriptionEn: "Québec's financial cluster: banks, insurers, asset managers and fintechs, making Montréal a hub of sustainable finance.",
  },
  {
    slug: "mmode", name: "MMode", sectorFr: "Mode", sectorEn: "Fashion", website: "https://mmode.ca/", region: "montreal",
    descriptionFr: "Grappe métropolitaine de la mode : design, fabrication et commerce. Elle accompagne la filière vers l'écoconception et l'économie circulaire.",
    descriptionEn: "The metropolitan fashion cluster: design, manufacturing and retail. It helps the industry move to eco-design and the circular economy.",
  },
  {
    slug: "montreal-invivo", name: "Montréal InVivo", sectorFr: "Sciences de la vie et technologies de la santé", sectorEn: "Life sciences and health technologies", website: "http://www.montreal-invivo.com/", region: "montreal",
    descriptionFr: "Grappe des sciences de la vie et des technologies de la santé. Elle coordonne le comité intergrappes en développement durable et la mise en relation des grappes.",
    descriptionEn: "The life sciences and health technologies cluster. It coordinates the inter-cluster sustainable-development committee and the introductions between clusters.",
  },
  {
    slug: "numana", name: "Numana", sectorFr: "Technologies de l'information et des communications", sectorEn: "Information and communication technologies", website: "https://numana.tech", region: "montreal",
    descriptionFr: "Grappe des technologies de l'information et des communications : elle soutient l'innovation numérique, les talents et la cybersécurité de l'écosystème québécois.",
    descriptionEn: "The information and communication technologies cluster: it supports digital innovation, talent and cybersecurity across Québec's ecosystem.",
  },
  {
    slug: "propulsion-quebec", name: "Propulsion Québec", sectorFr: "Transports électriques et intelligents", sectorEn: "Electric and smart transportation", website: "https://propulsionquebec.com/", region: "montreal",
    descriptionFr: "Grappe des transports électriques et intelligents : véhicules, batteries, recharge et mobilité. Elle fédère la filière pour accélérer l'électrification des transports.",
    descriptionEn: "The electric and smart transportation cluster: vehicles, batteries, charging and mobility. It unites the industry to speed up transport electrification.",
  },
] as const;

export const DEMO_FUNDERS = [
  { slug: "meie", nameFr: "Ministère de l'Économie, de l'Innovation et de l'Énergie", nameEn: "Ministry of Economy, Innovation and Energy", website: "https://www.economie.gouv.qc.ca/" },
  { slug: "dec", nameFr: "Développement économique Canada pour les régions du Québec", nameEn: "Canada Economic Development for Quebec Regions", website: "https://dec.canada.ca/" },
  { slug: "cmm", nameFr: "Communauté métropolitaine de Montréal", nameEn: "Montreal Metropolitan Community", website: "https://cmm.qc.ca/" },
] as const;

/** Invented people. Every account shares the demo password. */
export const DEMO_PASSWORD = "maillage-demo-2026";
export const DEMO_USERS: { email: string; name: string; role: "member" | "cluster_admin" | "coordinator" | "funder" | "admin"; cluster?: string; funder?: string; locale: "fr" | "en" }[] = [
  { email: "coordination@maillage.example", name: "Élise Gagnon", role: "coordinator", locale: "fr" },
  { email: "admin@maillage.example", name: "Marc-André Lévesque", role: "admin", locale: "fr" },
  { email: "bailleur@meie.example", name: "Nadia Bouchard", role: "funder", funder: "meie", locale: "fr" },
  { email: "funder@dec.example", name: "Owen Fraser", role: "funder", funder: "dec", locale: "en" },
  { email: "admin@numana.example", name: "Julie Caron", role: "cluster_admin", cluster: "numana", locale: "fr" },
  { email: "membre@numana.example", name: "Hugo Bélanger", role: "member", cluster: "numana", locale: "fr" },
  { email: "admin@aero-montreal.example", name: "Catherine Roy", role: "cluster_admin", cluster: "aero-montreal", locale: "fr" },
  { email: "membre@aero-montreal.example", name: "Daniel Morin", role: "member", cluster: "aero-montreal", locale: "en" },
  { email: "admin@ecotech-quebec.example", name: "Amélie Fortin", role: "cluster_admin", cluster: "ecotech-quebec", locale: "fr" },
  { email: "membre@ecotech-quebec.example", name: "Samuel Pelletier", role: "member", cluster: "ecotech-quebec", locale: "fr" },
  { email: "admin@mmode.example", name: "Léa Girard", role: "cluster_admin", cluster: "mmode", locale: "fr" },
  { email: "membre@mmode.example", name: "Chloé Nguyen", role: "member", cluster: "mmode", locale: "en" },
  { email: "admin@propulsion-quebec.example", name: "Philippe Côté", role: "cluster_admin", cluster: "propulsion-quebec", locale: "fr" },
  { email: "membre@propulsion-quebec.example", name: "Maxime Ouellet", role: "member", cluster: "propulsion-quebec", locale: "fr" },
  { email: "admin@montreal-invivo.example", name: "Isabelle Lefebvre", role: "cluster_admin", cluster: "montreal-invivo", locale: "fr" },
  { email: "membre@montreal-invivo.example", name: "Rachel Kim", role: "member", cluster: "montreal-invivo", locale: "en" },
  { email: "admin@cargo-m.example", name: "Stéphane Poirier", role: "cluster_admin", cluster: "cargo-m", locale: "fr" },
  { email: "admin@finance-montreal.example", name: "Geneviève Paquette", role: "cluster_admin", cluster: "finance-montreal", locale: "fr" },
  { email: "admin@aluquebec.example", name: "François Gauthier", role: "cluster_admin", cluster: "aluquebec", locale: "fr" },
  { email: "admin@bctq.example", name: "Valérie Simard", role: "cluster_admin", cluster: "bctq", locale: "fr" },
];
