/**
 * Curated FR/EN domain lexicon. A posting is reduced to a set of concept ids: every pattern
 * below (French or English, abbreviations, common wordings) maps to one concept, so
 * "soutien informatique", "IT helpdesk" and "infogérance" all become `it_support`.
 *
 * Pattern syntax: see phrases.ts (contiguous words, `*` prefixes, `fr:`/`en:` restrictions).
 * At each position the longest pattern wins and consumes its words, so "ordinateur de bureau"
 * is a desktop computer and never office space, and "Bureau du cinéma" is a name.
 *
 * Families say what kind of resource a concept is; they decide the posting's resource mode
 * (see profile.ts). `context` concepts and `marker` concepts never make two postings the
 * same resource on their own (weight 0 for the resource test). Words outside the lexicon are
 * kept as a fallback (profile.ts) so that two same-language titles naming an unknown thing
 * ("gourdes") can still meet.
 */
import { foldText, stem, STOP_WORDS, tokenize } from "./normalize";
import { compileWords, containsSequence, PhraseMatcher } from "./phrases";

export type Family =
  | "office" // desks and office space
  | "it_support" // helpdesk and other IT services
  | "it_goods" // computers, licences, IT hardware
  | "goods" // other things bought or given: furniture, tableware, chargers...
  | "equipment" // machines, labs, studios, vehicles used for a while
  | "service" // expertise / consulting deliverables
  | "topic" // subject matter of training, research or expertise
  | "event" // venues, meeting rooms, catering, event services
  | "parking"
  | "lodging" // rooms and housing for people (interns, guests)
  | "marker" // how the resource is provided: training, purchase, access/loan, research
  | "context"; // sector, sustainability, people, organisations: colour only

export interface ConceptDef {
  id: string;
  family: Family;
  /** Importance in the resource similarity (0 for context and markers). */
  weight: number;
  parent?: string;
  /**
   * How a child relates to its parent:
   *  - `alt`: mutually exclusive alternatives of the parent (metal vs polymer 3D printing,
   *    laptop vs desktop, Level 2 vs DC fast charger, GHG inventory vs offsets). A posting that
   *    names one alternative is NOT satisfied by another one, nor by the bare parent;
   *  - `sub`: a sub-topic (phishing within cybersecurity): the parent still counts as asked for;
   *  - `kind`: a kind of the parent (a monitor is IT hardware): a need for the kind is not met
   *    by another kind, but a need for the parent is met by any kind.
   */
  rel?: "alt" | "sub" | "kind";
  patterns: string[];
}

const DEFAULT_WEIGHT: Record<Family, number> = {
  office: 1,
  it_support: 1,
  it_goods: 1,
  goods: 1,
  equipment: 1,
  service: 1,
  topic: 0.8,
  event: 1,
  parking: 1,
  lodging: 1,
  marker: 0,
  context: 0,
};

type Def = [id: string, family: Family, patterns: string, extra?: Partial<ConceptDef>];
const ALT = (parent: string): Partial<ConceptDef> => ({ parent, rel: "alt" });
const SUB = (parent: string): Partial<ConceptDef> => ({ parent, rel: "sub" });
const KIND = (parent: string): Partial<ConceptDef> => ({ parent, rel: "kind" });

/* prettier-ignore */
const DEFS: Def[] = [
  // ---------------------------------------------------------------- office space
  ["office_space", "office", `bureau|bureau partage|bureaux partages|espace bureau|espace* de bureau*|espace* de travail|espace travail partage|
    locaux|locaux partage*|local commercial|coworking|co working|cotravail|espace* collaboratif*|espace* de cotravail|office|office space|
    shared office|offices|desk|desks|desk space|hot desk*|hoteling|open space|aire ouverte|coin de travail|coin travail|place* de travail|
    sous location|sous louer|sublease|sublet|pied a terre|workspace|work space|bureau ferme*|bureau prive*|private office*|
    fr:poste* bureau|seat* in office|siege social partage|locaux administratif*`],
  // "postes de travail" / "workstations": desks in an office context, computers in an IT one (resolved in profile.ts)
  ["amb:workstation", "office", `poste* de travail|poste* travail|workstation*|work station*`],
  ["meeting_room", "event", `salle* de reunion*|salle* reunion|espace* de reunion|meeting room*|meeting space*|boardroom*|salle* du conseil|salle* de comite|salle* de travail|salle* de formation|training room*|huddle room*`],
  // ---------------------------------------------------------------- IT services
  ["it_support", "it_support", `soutien informatique|support informatique|soutien ti|support ti|soutien technique informatique|soutien technique ti|
    ti support|it support|ti soutien|assistance informatique|aide informatique|assistance technique informatique|depannage informatique|
    depannage ti|depannage a distance|it troubleshooting|remote troubleshooting|troubleshooting|helpdesk|help desk|service desk|servicedesk|
    centre* d assistance|centre* de service* ti|infogerance|infogere*|managed it|managed service*|service* geres|services ti geres|
    ti geres|it managed|tech support|technical support informatique|it help*|ti help*|soutien aux utilisateur*|support aux utilisateur*|
    user support|end user support|gestion du parc informatique|gestion de parc informatique|it administration|administration de systeme*|
    administration systeme*|sysadmin|system administration|ticketing|billetterie ti|services informatique*|it service*|ti service*|
    service* ti|service* informatique*|technicien* informatique*|it technician*|soutien ti a distance`],
  // Installing cables and Wi-Fi is a trade, not user support.
  ["network_cabling", "it_support", `cablage*|cabling|cablage structure|structured cabling|cable* reseau|network cabling|installation reseau|
    installation de reseau*|network installation*|installation wifi|wifi installation*`],
  ["cloud_hosting", "it_support", `infonuagique|hebergement infonuagique|cloud|cloud hosting|cloud computing|nuage|hebergement web|web hosting|
    hebergement de serveur*|server hosting|hebergement de donnees|data hosting|centre de donnees|centre* de donnees|data centre*|data center*|colocation serveur*|
    colocation de serveur*|server colocation|baie* de serveur*|server rack*|rack|rack space|baie* informatique*`],
  ["data_backup", "it_support", `sauvegarde*|backup*|copie* de securite|reprise apres sinistre|disaster recovery`],
  ["website_dev", "service", `site web|site* internet|website*|web site*|developpement web|web development|refonte du site|site transactionnel|
    commerce electronique|ecommerce|e commerce|application mobile|mobile app*|developpement logiciel|software development`],
  // ---------------------------------------------------------------- IT goods
  ["it_hardware", "it_goods", `materiel informatique|equipement* informatique*|equipement* ti|ti equipment|it equipment|it hardware|hardware|
    appareil* informatique*|parc informatique|it procurement|achat* ti|approvisionnement ti|peripherique*|peripheral*`],
  ["computer", "it_goods", `ordinateur*|computer*|pc|poste* informatique*|micro ordinateur*`, KIND("it_hardware")],
  ["laptop", "it_goods", `ordinateur* portable*|portable*|portatif*|laptop*|notebook*|chromebook*|macbook*|ultrabook*`,
    ALT("computer")],
  ["desktop_computer", "it_goods", `ordinateur* de bureau|ordinateur* bureau|desktop*|desktop computer*|tour* informatique*|imac*`,
    ALT("computer")],
  ["tablet", "it_goods", `tablette*|tablet*|ipad*`, ALT("computer")],
  ["monitor", "it_goods", `ecran* d ordinateur|ecran*|moniteur*|monitor*|computer screen*|computer monitor*|business monitor*|
    moniteur* d ordinateur|ecran* de bureau`, KIND("it_hardware")],
  ["smartphone", "it_goods", `telephone* cellulaire*|cellulaire*|telephone* intelligent*|smartphone*|mobile phone*|cell phone*|iphone*`,
    KIND("it_hardware")],
  ["office_printer", "it_goods", `imprimante*|printer*|photocopieu*|multifonction*|copieur*|copier*`, KIND("it_hardware")],
  ["server", "it_goods", `serveur* informatique*|serveur* physique*|serveur* virtuel*|en:server*`, KIND("it_hardware")],
  ["network_equipment", "it_goods", `routeur*|router*|commutateur*|network switch*|borne* wifi|point* d acces|access point*|wifi|pare feu|firewall*|
    equipement* reseau|network equipment`, KIND("it_hardware")],
  ["vr_headset", "it_goods", `casque* de realite virtuelle|casque* rv|casque* vr|casque* de rv|casque* xr|vr headset*|xr headset*|
    virtual reality headset*|casque* de realite mixte|mixed reality headset*|oculus quest|meta quest`,
    KIND("it_hardware")],
  ["headset", "it_goods", `casque* d ecoute|casque* audio|casque* avec micro*|casque* sans fil|casque* antibruit|casque* a reduction de bruit|
    headset*|headphone*|ecouteur*|earbud*|earphone*`, KIND("it_hardware")],
  ["keyboard_mouse", "it_goods", `clavier*|keyboard*|souris sans fil|souris d ordinateur|computer mouse|wireless mouse`, KIND("it_hardware")],
  ["docking_station", "it_goods", `station* d accueil|docking station*|dock* usb c|usb c dock*`, KIND("it_hardware")],
  ["videoconf_equipment", "it_goods", `equipement* de visioconference|visioconference|videoconference|video conference*|videoconferencing|
    webcam*|camera* de conference|salle* hybride*|hybrid meeting*|systeme* de conference`, KIND("it_hardware")],
  ["software_licence", "it_goods", `licence*|license*|logiciel*|software|microsoft 365|office 365|m365|suite office|microsoft office|adobe|creative cloud|
    abonnement* logiciel*|saas|crm|erp|pgi|progiciel*|antivirus|outil* collaboratif*|collaboration tool*|microsoft teams`],
  // ---------------------------------------------------------------- other goods
  ["furniture", "goods", `mobilier*|furniture|chaise*|chair|fauteuil*|bureau* assis debout|standing desk*|sit stand desk*|classeur*|meuble* de bureau|
    office furniture`],
  ["office_supplies", "goods", `fourniture* de bureau|fourniture* bureau|office supplies|office supply|papeterie|stationery|cartouche* d encre|toner*`],
  ["reusable_tableware", "goods", `vaisselle|vaisselle* reutilisable*|reusable tableware|tableware|dishware|reusable dish*|reusable plate*|assiette*|
    ustensile*|utensil*|cutlery|coutellerie|gobelet*|ecocup*|reusable cup*|tasse* reutilisable*|verre* reutilisable*|contenant* reutilisable*|
    reusable container*|plates cups|cups and cutlery|kit de vaisselle`],
  ["ppe", "goods", `epi|equipement* de protection individuelle|equipement* de protection|personal protective equipment|ppe|masque*|gant|
    lunette* de securite|safety glasses|bottes de securite|safety boot*|casque* de securite|hard hat*`],
  ["packaging", "goods", `emballage*|packaging|contenant*|boite* de carton|carton*|cardboard|palette*|pallet*`],
  ["uniforms", "goods", `uniforme*|uniform*|vetement* de travail|workwear|vetement* corporatif*|shirt*|chandail*|merchandise|objet* promotionnel*|
    promotional item*|goodies`],
  ["ev_charger", "goods", `borne* de recharge|borne* recharge|borne* electrique*|borne* pour vehicule*|station* de recharge|charging station*|ev charger*|
    ev charging|en:charger*|chargeur*|chargeur* de vehicule*|recharge de vehicule*|recharge vehicule*|infrastructure* de recharge|
    charging infrastructure|evse|superchargeur*|supercharger*|recharge rapide|fast charg*|dcfc|dc fast charg*|recharge lente`],
  ["l2_charger", "goods", `__cue__`, ALT("ev_charger")],
  ["dc_fast_charger", "goods", `__cue__`, ALT("ev_charger")],
  ["defibrillator", "goods", `defibrillateur*|defibrillator*|dea|aed|dae|automated external defibrillator*|defibrillateur* externe* automatise*`],
  ["medical_equipment", "goods", `moniteur* patient*|moniteur* de patient*|moniteur* de signes vitaux|patient monitor*|vital sign* monitor*|
    equipement* medica*|medical equipment|medical device* purchase*|appareil* medica*|materiel medical|lit* d hopital|hospital bed*|
    tensiometre*|oxymetre*|pulse oximeter*|electrocardiograph*|ecg`],
  ["acoustic_panels", "goods", `panneau* acoustique*|acoustic panel*|traitement acoustique|acoustic treatment|insonoris*|soundproof*|
    cloison* acoustique*|acoustic partition*`],
  ["solar_panels", "goods", `panneau* solaire*|solar panel*|solaire*|solar|photovoltai*|pv panel*`],
  ["heat_pump", "goods", `thermopompe*|heat pump*|pompe* a chaleur`],
  ["led_lighting", "goods", `eclairage del|eclairage* led|luminaire* del|luminaire* led|led lighting|led light*|ampoule* del|ampoule* led`],
  ["compost_bins", "goods", `bac* de compost*|bac* brun*|compost bin*|bac* de recyclage|recycling bin*|poubelle* de tri|ilot* de tri|sorting station*`],
  ["electric_bike", "goods", `velo* electrique*|e bike*|ebike*|electric bike*|velo* cargo|cargo bike*|velo* a assistance electrique`],
  // ---------------------------------------------------------------- machines, labs, studios (used, not bought)
  ["additive_manufacturing", "equipment", `impression* 3d|imprimante* 3d|3d print*|3d printer*|printer 3d|fabrication additive|additive manufactur*|
    fabrication par ajout de matiere|temps d impression 3d|metal 3d print*|plastic 3d print*`],
  ["metal_am", "equipment", `__cue__`, ALT("additive_manufacturing")],
  ["polymer_am", "equipment", `__cue__`, ALT("additive_manufacturing")],
  ["cnc_machining", "equipment", `usinage|usinage cnc|atelier d usinage|cnc|machining|cnc machin*|fraiseuse*|fraisage|milling machine*|tour a commande numerique|
    centre d usinage|machining centre|machining center`],
  ["laser_cutting", "equipment", `decoupe laser|decoupe au laser|laser cutt*|decoupeuse* laser|laser cutter*|graveuse laser|laser engrav*`],
  ["cold_storage", "equipment", `chambre* froide*|cold room*|cold storage|entreposage frigorifique|entrepot* frigorifique*|refrigerated storage|
    refrigerated warehouse*|congelateur* industriel*|walk in freezer*`],
  ["wind_tunnel", "equipment", `soufflerie*|wind tunnel*`],
  ["climate_chamber", "equipment", `chambre* climatique*|chambre* environnementale*|enceinte* climatique*|climatic chamber*|environmental chamber*|
    climate chamber*|thermal chamber*|chambre* thermique*`],
  ["test_bench", "equipment", `banc* d essai*|banc* essai*|banc* de test*|test bench*|test rig*|test bed|testbed|banc* de validation`],
  ["lab_analysis", "equipment", `analyse* de laboratoire|laboratory analys*|lab analys*|analyse* chimique*|chemical analys*|spectrometr*|spectroscop*|
    chromatograph*|caracterisation de materiaux|materials characteri*|essai* de traction|tensile test*|
    essai* mecanique*|mechanical test*|essai* non destructif*|non destructive test*|cnd|ndt`],
  // Microscopes: electron (SEM/TEM) and light (optical, confocal) microscopy are different instruments.
  ["microscopy", "equipment", `microscop*|microscope*|imagerie microscopique|microscopic imaging`, KIND("lab_analysis")],
  ["electron_microscopy", "equipment", `meb|en:sem|en:tem|microscop* electronique*|electron microscop*|scanning electron microscop*|
    transmission electron microscop*|sem imaging|imagerie meb|fib sem`, ALT("microscopy")],
  ["optical_microscopy", "equipment", `microscop* confocal*|confocal*|microscop* optique*|optical microscop*|light microscop*|
    microscop* a fluorescence|fluorescence microscop*|microscop* photonique*`, ALT("microscopy")],
  ["cleanroom", "equipment", `salle* blanche*|clean room*|cleanroom*|salle* propre*`],
  ["lab_space", "equipment", `espace* de laboratoire|espace* laboratoire|lab space|laboratory space|paillasse*|bench space|laboratoire humide|wet lab|
    nc2|nc3|cl2|cl3|niveau de confinement*|containment level*|laboratoire de confinement|biosafety level*|bsl2|bsl 2|lab suite*|laboratory suite*|
    local de laboratoire|incubateur de laboratoire`],
  ["fab_lab", "equipment", `fab lab|fablab|makerspace|maker space|atelier de fabrication|atelier de prototypage|laboratoire de fabrication|
    prototypage rapide|rapid prototyping`],
  ["sound_studio", "equipment", `studio* d enregistrement|studio* enregistrement|recording studio*|studio* sonore*|sound studio*|
    studio* de mixage|mixing studio*|cabine* de doublage|dubbing booth*`],
  ["film_studio", "equipment", `plateau* de tournage|plateau* tournage|studio* de tournage|sound stage*|soundstage*|film studio*|studio* de cinema|
    studio* de production virtuelle|virtual production studio*|mur* del|mur* led|led wall*|led volume|volume led|studio* photo|photo studio*`],
  ["camera_gear", "equipment", `equipement* de tournage|camera equipment|film equipment|materiel de tournage|eclairage de tournage|film lighting|
    camera* de cinema|cinema camera*|equipement* video|video equipment`],
  ["drone", "equipment", `drone*|uav|uas|aeronef* sans pilote`],
  ["forklift", "equipment", `chariot* elevateur*|forklift*|transpalette*|pallet jack*|lift truck*|cariste*|operateur* de chariot*|
    conduite de chariot*|lift truck operator*|forklift operator*`],
  ["truck", "equipment", `camion*|truck*|fourgon*|cargo van*|delivery van*|vehicule* de livraison|delivery vehicle*|remorque*|trailer*|
    camion* electrique*|electric truck*`],
  ["warehouse_space", "equipment", `espace* d entreposage|espace* entreposage|espace* d entrepot|entreposage|warehouse space|storage space|
    warehousing|espace* de stockage|pied* carre* d entrepot|quai* de chargement|loading dock*|entrepot partage|shared warehouse`],
  // ---------------------------------------------------------------- expertise deliverables
  ["ghg", "topic", `ghg|ges|gaz a effet de serre|greenhouse gas*|ghg emission*|greenhouse gas emission*|emission* de ges|emission* ges|
    emission* de gaz a effet de serre|emission* de carbone|carbon emission*|emission* de co2|co2 emission*|co2e|emission* carbone`],
  ["ghg_inventory", "service", `bilan ges|bilan* des ges|bilan carbone|bilan* gaz a effet de serre|bilan* des emission*|bilan* d emission*|
    inventaire* ges|inventaire* des ges|inventaire* gaz a effet de serre|inventaire* des emission*|inventaire* carbone|empreinte carbone|
    empreinte* ges|empreinte climatique|climate footprint*|carbon footprint*|footprint assessment*|ghg inventor*|greenhouse gas inventor*|carbon inventor*|ghg assessment*|
    ghg accounting|carbon accounting|comptabilite carbone|carbon assessment*|carbon audit*|audit carbone|ghg protocol|iso 14064|
    scope 1|scope 2|scope 3|scopes 1|scope 1 2 3|portee* 1|portee* 3|mesure* des emission*|mesure* emission*|mesurer les emission*|
    mesurer emission*|measure emission*|measuring emission*|quantification des emission*|quantification de* ges|quantifier les emission*|
    calcul de l empreinte carbone|calcul* des emission*|calculer les emission*|emission* calculation*|
    calculation of emission*|calculating emission*|emission* accounting|emission* inventor*`, ALT("ghg")],
  ["carbon_offsets", "service", `credit* carbone|carbon credit*|compensation carbone|carbon offset*|compensation des emission*|offset*`, ALT("ghg")],
  ["ghg_reduction_plan", "service", `plan de reduction des ges|plan de reduction des emission*|plan de decarbonation|feuille de route de decarbonation|
    decarbonization plan|decarbonisation plan|reduction roadmap|emission* reduction plan|plan de transition climatique|climate action plan|plan climat`,
    ALT("ghg")],
  ["lca", "service", `acv|analyse* de cycle de vie|analyse* du cycle de vie|analyse* cycle de vie|analyse* cycle vie|life cycle assessment*|
    life cycle analys*|lifecycle assessment*|lca|cycle de vie|life cycle|lifecycle`],
  ["eco_design", "topic", `ecoconception|eco conception|eco design|ecodesign|conception ecologique|conception ecoresponsable|conception durable|
    design durable|design ecoresponsable|sustainable design|sustainable product design|design for environment|design for sustainability|
    circular design|conception circulaire|ecoconcevoir|eco designed`, { weight: 1 }],
  ["translation", "service", `tradu*|translat*|localisation linguistique|en:localization|en:localisation|adaptation linguistique|version anglaise|
    version francaise|english version|french version`],
  ["subtitling", "service", `sous titr*|subtitl*|closed caption*|sous titres codes|captioning|stt codes`],
  ["dubbing", "service", `doublage|dubbing|voice over|voiceover|post synchronisation|postsynchronisation`],
  ["interpretation", "service", `interpretation simultanee|interpretation consecutive|simultaneous interpret*|interprete*|interpretariat|
    conference interpret*|interpreting services`],
  ["proofreading", "service", `revision linguistique|revision de texte*|correction d epreuve*|proofreading|copy editing|copyediting|relecture`],
  ["legal", "service", `juridique*|avocat*|legal|lawyer*|droit des affaires|conseil* juridique*|legal advice|notaire*|propriete intellectuelle|
    intellectual property|brevet*|patent*|marque* de commerce|trademark*`],
  ["accounting", "service", `comptab*|accounting|bookkeeping|tenue de livre*|audit financier|financial audit|fiscalite|tax|taxation|impot*|
    verification comptable|etats financiers|financial statement*|cpa`],
  ["payroll", "service", `paie|payroll|gestion de la paie|payroll management`],
  ["hr_consulting", "service", `ressources humaines|rh|human resource*|hr|gestion des talents|talent management|gestion rh|hr management|
    politique* rh|hr polic*|remuneration|compensation and benefits|avantages sociaux|employee benefits|evaluation du rendement|performance review*`],
  ["recruitment", "service", `recrutement|recrut*|recruit*|dotation|chasseur* de tete*|headhunt*|attraction de talent*|talent attraction|
    affichage de poste*|job posting*|embauche|hiring`],
  ["immigration", "service", `immigration|travailleur* etranger*|foreign worker*|recrutement international|international recruitment|
    permis de travail|work permit*|mobilite internationale|international mobility`],
  ["marketing", "service", `marketing|plan de communication|communication plan|strategie de communication|communication strategy|
    relation* de presse|relation* publique*|public relation*|media relation*|campagne* publicitaire*|ad campaign*|advertising|publicite|
    image de marque|branding|strategie marketing|marketing strategy|mise en marche|go to market`],
  ["social_media", "service", `reseaux sociaux|medias sociaux|social media|community management|gestion de communaute*|linkedin|instagram|facebook`],
  ["graphic_design", "service", `graphisme|graphiste*|graphic design*|design graphique|conception graphique|identite visuelle|visual identity|logo*|
    mise en page|layout design|infographie*`],
  ["video_production", "service", `production video|video production|tournage video|video shoot*|capsule* video*|video capsule*|video promotionnel*|
    promotional video*|montage video|video editing|videographe*|videographer*|motion design`],
  ["photography", "service", `photograph*|photographe*|photo* corporative*|corporate photo*|seance photo|photo shoot*|banque d images`],
  ["copywriting", "service", `redaction|redacteur*|copywriting|copywriter*|redaction de contenu*|content writing|redaction web|infolettre*|newsletter*`],
  ["esg_reporting", "service", `rapport de developpement durable|rapport* dd|sustainability report*|reddition de compte* esg|esg report*|rapport* esg|
    esg disclosure*|divulgation esg|responsabilite sociale des entreprises|rse|csr|corporate social responsibility|divulgation* extra financiere*|gri|csrd|sasb|issb|tcfd|reporting esg|esg reporting|esg`],
  ["energy_audit", "service", `audit* energetique*|energy audit*|bilan energetique|energy assessment*|diagnostic energetique`],
  ["waste_audit", "service", `caracterisation des matieres residuelles|caracterisation des dechets|waste characteri*|waste audit*|audit des matieres residuelles|
    audit* de dechets|plan de gestion des matieres residuelles|waste management plan`],
  ["certification_env", "service", `iso 14001|b corp|bcorp|certification b|certification ecoresponsable|ecoresponsable certification|leed|boma best|
    certification environnementale|environmental certification|certification carboneutre|carbon neutral certification|ecoleader|
    certification evenement* ecoresponsable*|bnq 9700 253|iso 20121`],
  ["grant_writing", "service", `redaction de demande* de subvention*|redaction de demande* de financement|grant writing|grant writer*|
    redaction de subvention*|montage de dossier* de financement|montage financier|funding application writing|grant application support`],
  ["project_management", "service", `gestion de projet*|project management|gestionnaire de projet* externe|pmo|bureau de projet*|project coordination service*`],
  ["strategic_planning", "service", `planification strategique|strategic planning|plan strategique|strategic plan|diagnostic organisationnel|
    organizational diagnostic|gouvernance|governance|conseil d administration|board governance`],
  ["market_study", "service", `etude de marche|market stud*|market research|etude* sectorielle*|sector stud*|veille strategique|veille concurrentielle|
    competitive intelligence|benchmarking|etalonnage|sondage*|survey*`],
  ["economic_study", "service", `etude d impact economique|economic impact stud*|etude economique|economic stud*|etude de faisabilite|feasibility stud*|
    analyse couts avantages|cost benefit analys*`],
  ["pentest", "service", `test* d intrusion|penetration test*|pentest*|audit de securite|audit de cybersecurite|security audit*|cybersecurity audit*|
    evaluation de la securite|security assessment*|analyse de vulnerabilite*|vulnerability assessment*|soc|security operations centre|
    security operations center|surveillance de securite|security monitoring`, SUB("cybersecurity")],
  // ---------------------------------------------------------------- subject matter (training, research, expertise)
  ["cybersecurity", "topic", `cybersecur*|cyber securit*|securite informatique|securite de l information|securite de information|information security|
    it security|ti security|securite ti|infosec|cyberattaque*|cyber attaque*|cyberattack*|cyber attack*|rancongiciel*|ransomware|cybermenace*|
    cyber threat*|cyber risque*|cyber risk*|cyber|securite numerique|digital security|cyber hygiene|cyberhygiene`, { weight: 1 }],
  ["phishing", "topic", `hameconnage|phishing|harponnage|spear phishing|courriel* frauduleux|fraudulent email*|ingenierie sociale|social engineering`,
    SUB("cybersecurity")],
  ["passwords", "topic", `mot* de passe|password*|authentification multifacteur|authentification a deux facteurs|multi factor authentication|
    two factor authentication|mfa|2fa|gestionnaire de mots de passe|password manager*`, SUB("cybersecurity")],
  ["secure_coding", "topic", `developpement securitaire|secure coding|secure development|devsecops|owasp`, SUB("cybersecurity")],
  ["privacy", "topic", `protection des renseignements personnels|renseignements personnels|loi 25|privacy|personal information protection|
    protection des donnees|data protection|gdpr|rgpd|vie privee`],
  ["ai", "topic", `intelligence artificielle|ia|en:ai|artificial intelligence|apprentissage automatique|machine learning|apprentissage profond|
    deep learning|ia generative|generative ai|genai|chatgpt|copilot|llm|grand* modele* de langage|large language model*|vision par ordinateur|
    computer vision|reseau* de neurones|neural network*`],
  ["data_analytics", "topic", `analyse* de donnees|analyse* des donnees|data analy*|science des donnees|data science|donnees massives|big data|
    tableau* de bord|dashboard*|business intelligence|intelligence d affaires|power bi|visualisation de donnees|data visuali*|
    gouvernance des donnees|data governance`],
  ["digital_transformation", "topic", `transformation numerique|digital transformation|virage numerique|transition numerique|digital shift|
    numerisation|digitalisation|digitization|industrie 4 0|industry 4 0|usine intelligente|smart factory`],
  ["office_software", "topic", `bureautique|excel|powerpoint|sharepoint|google workspace|suite bureautique|office tools`],
  ["circular_economy", "topic", `economie circulaire|circular economy|circularite|circularity|economie de fonctionnalite|functional economy|
    boucle* fermee*|closed loop`, { weight: 1 }],
  ["industrial_symbiosis", "topic", `symbiose* industrielle*|industrial symbios*|symbiose* territoriale*|synergie* industrielle*|
    industrial synerg*|echange* de matieres|by product exchange*|sous produit* industriel*`, SUB("circular_economy")],
  // End-of-life routes are alternatives: a recycling project is not a second-life (reuse) project.
  ["end_of_life", "topic", `fin de vie|end of life|gestion de fin de vie|end of life management`],
  ["recycling", "topic", `recycl*|valorisation des matieres|valorisation matieres|recuperation de matieres|recuperation des matieres|
    material recovery|materials recovery|recovery of material*|recuperation du lithium|revalorisation|upcycl*|surcycl*|retaille*|scrap*|
    rebut*|residu* de production|hydrometallurg*|pyrometallurg*`, ALT("end_of_life")],
  ["reuse", "topic", `seconde vie|second life|deuxieme vie|second usage|second use|reemploi|reuse|reusing|reutilisation|reutiliser|
    repurpos*|reconditionnement de batterie*|battery repurpos*`, ALT("end_of_life")],
  ["textiles", "topic", `textile*|vetement*|clothing|garment*|fashion|mode durable|sustainable fashion|fibre* textile*|textile fiber*|tissu*|fabric`],
  ["waste_reduction", "topic", `zero dechet|zero waste|reduction des dechets|waste reduction|gestion des dechets|gestion des matieres residuelles|
    matieres residuelles|waste management|dechet*|waste|compost*|tri a la source|source separation|jetable*|single use|usage unique`],
  ["battery", "topic", `batterie*|battery|batteries|accumulateur*|cellule* de batterie|battery cell*|battery pack*|bloc* batterie*|
    bloc* de batterie*|pack* de batterie*`, { weight: 1 }],
  ["energy_storage", "topic", `stockage d energie|stockage energie|stockage de l energie|energy storage|stockage stationnaire|stationary storage|
    stationary energy storage|stockage electrique|stockage par batterie*|battery storage|bess`],
  ["hydrogen", "topic", `hydrogene|hydrogen|pile* a combustible|fuel cell*|h2 vert|green hydrogen|electrolyse*|electrolys*`],
  ["electrification", "topic", `electrification|electrifier|transport* electrique*|electric transport*|mobilite electrique|electric mobility|
    e mobility|electromobilite|transition energetique|energy transition`],
  ["electric_vehicle", "topic", `vehicule* electrique*|electric vehicle*|fr:ve|en:ev|evs|voiture* electrique*|electric car|auto* electrique*|
    flotte electrique|electric fleet*|vehicule* zero emission|zero emission vehicle*|vze|zev|autobus electrique*|electric bus*`],
  ["car_sharing", "topic", `autopartage|auto partage|car sharing|carsharing|car share|partage de voiture*|partage de vehicule*|vehicle sharing|
    covoiturage|carpool*|ride sharing`],
  ["urban_logistics", "topic", `logistique urbaine|urban logistic*|urban freight|transport urbain de marchandise*|livraison* du dernier kilometre|
    dernier kilometre|last mile|city logistic*|livraison urbaine|urban deliver*|transport de marchandise*|freight transport*|fret urbain`],
  ["logistics", "topic", `logistique|logistics|centre* de distribution|distribution centre*|distribution center*|fret|freight|
    transport de marchandise*|prevision de la demande|demand forecasting|gestion d entrepot*|warehouse management|warehouse operation*`],
  ["supply_chain", "topic", `chaine* d approvisionnement|chaine* approvisionnement|supply chain*|chaine* logistique*|logistics chain|
    tracabilite|traceability|gestion des stocks|inventory management|optimisation logistique|logistics optimi*`],
  ["route_optimization", "topic", `optimisation des tournees|optimisation des itineraires|optimisation de* route*|route optimi*|routing optimi*|
    planification des tournees|route planning`],
  ["predictive_maintenance", "topic", `maintenance predictive|predictive maintenance|entretien predictif|jumeau* numerique*|digital twin*`],
  ["autonomous_vehicles", "topic", `vehicule* autonome*|autonomous vehicle*|self driving|conduite autonome|autonomous driving|navette* autonome*`],
  ["lightweighting", "topic", `allegement|lightweight*|materiaux legers|light material*`],
  ["composites", "topic", `composite*|fibre de carbone|carbon fiber|carbon fibre`],
  ["biomaterials", "topic", `biomateriau*|biomaterial*|biosource*|bio source*|bio based|biobased|bioplastique*|bioplastic*|biopolymere*|biopolymer*`],
  ["decarbonization", "topic", `decarbonation|decarboniser|decarbonisation|decarboni*|carboneutralite|carboneutre|carbon neutral*|net zero|
    carbone zero|zero carbone|faible empreinte carbone|low carbon|sobre en carbone|bas carbone|reduction des emission*|emission* reduction*|
    reduire les emission*|reduce emission*|reduire nos emission*`],
  ["climate_adaptation", "topic", `adaptation aux changements climatique*|adaptation climatique|climate adaptation|resilience climatique|
    climate resilience|ilot* de chaleur|heat island*`],
  ["energy_efficiency", "topic", `efficacite energetique|energy efficiency|economie* d energie|energy saving*|sobriete energetique|
    consommation energetique|energy consumption|gestion de l energie|energy management`],
  ["water", "topic", `traitement des eaux|water treatment|eaux usees|wastewater|gestion de l eau|water management|eau potable|drinking water`],
  ["health_tech", "topic", `drug discovery|drug development|drug candidate*|decouverte de medicament*|medicament*|pharmaceutique*|pharma|
    technologie* medicale*|medtech|medical device*|dispositif* medicaux|dispositif* medical|sante numerique|digital health|
    essai* clinique*|clinical trial*|biotech*|sciences de la vie|life science*`],
  ["quantum", "topic", `quantique|quantum`],
  ["blockchain", "topic", `chaine de bloc*|blockchain`],
  ["fintech", "topic", `fintech|technologie* financiere*|financial technolog*|paiement* numerique*|digital payment*|open banking`],
  ["financial_literacy", "topic", `education financiere|litteratie financiere|financial literacy|financial education|gestion budgetaire personnelle`],
  ["sustainable_finance", "topic", `finance durable|sustainable finance|investissement responsable|responsible investment|finance verte|green finance|
    obligation* verte*|green bond*|taxonomie verte`],
  ["visual_effects", "topic", `effets visuels|visual effects|vfx|animation 3d|3d animation|images de synthese|cgi`],
  ["virtual_production", "topic", `production virtuelle|virtual production|tournage virtuel`],
  ["aerospace_tech", "topic", `aviation durable|sustainable aviation|carburant* d aviation durable*|sustainable aviation fuel*|saf|aeronautique|aerospatial|
    aerospace|aviation|avionique|avionics|aeronef*|aircraft`],
  ["aluminium_tech", "topic", `alliage* d aluminium|aluminium alloy*|aluminum alloy*|soudage de l aluminium|aluminium welding|fonderie|foundry|
    extrusion|laminage|aluminium recycl*|recyclage de l aluminium`],
  ["bauxite_residue", "topic", `boue* rouge*|red mud|residu* de bauxite|bauxite residue*|residu* de raffinage de l alumine`],
  ["welding", "topic", `soudage|soudure|welding|welder*|soudeur*`],
  ["lean", "topic", `lean|amelioration continue|continuous improvement|six sigma|kaizen|5s|gestion allegee|lean management`],
  ["leadership", "topic", `leadership|gestion d equipe*|team management|management skill*|competences de gestion|gestionnaire* de premier niveau|
    first line manager*|supervision|supervisory skill*|coaching de gestionnaire*|people management`],
  ["edi", "topic", `equite diversite inclusion|equite diversite et inclusion|diversite equite inclusion|edi|dei|diversity equity inclusion|
    diversity and inclusion|diversite et inclusion|inclusion|diversite|diversity|biais inconscient*|unconscious bias|antiracisme|anti racism`],
  ["mental_health", "topic", `sante mentale|mental health|bien etre|wellbeing|well being|mieux etre|wellness|risques psychosociaux|psychosocial risk*|
    gestion du stress|stress management|epuisement professionnel|burnout`],
  ["health_safety", "topic", `sante et securite du travail|sante securite au travail|sante et securite au travail|sst|cnesst|occupational health|
    health and safety|workplace safety|prevention des accidents|accident prevention|cadenassage|lockout|ohs|sst`],
  // WHMIS (SIMDUT in French): hazardous products at work, their labels and safety data sheets.
  ["whmis", "topic", `whmis|simdut|systeme d information sur les matieres dangereuses utilisees au travail|
    workplace hazardous material* information system|fiche* de donnees de securite|safety data sheet*|fds|sds|produit* dangereux|
    hazardous product*|matiere* dangereuse*|hazardous material*|sgh|ghs`, KIND("health_safety")],
  ["dangerous_goods", "topic", `transport de marchandise* dangereuse*|transport of dangerous goods|dangerous goods|marchandise* dangereuse*|tmd|tdg`],
  ["first_aid", "topic", `premiers soins|premiers secours|secourisme|secouriste*|first aid|cpr|rcr|reanimation cardio*`, KIND("health_safety")],
  ["french_language", "topic", `francisation|cours de francais|french course*|french lesson*|french class*|french language|langue francaise|
    francais langue seconde|french as a second language|fsl|fls|office quebecois de la langue francaise|oqlf`],
  ["english_language", "topic", `cours d anglais|english course*|english lesson*|english class*|anglais langue seconde|english as a second language|esl`],
  ["export", "topic", `exportation|export*|marche* internationaux|marche* international|international market*|commerce international|
    international trade|developpement international|international expansion|mission commerciale|trade mission*`],
  ["sales", "topic", `technique* de vente|sales techniques|sales training|vente-conseil|prospection|business development|developpement des affaires|
    negociation|negotiation|service a la clientele|customer service`],
  // Accessibility of a website and of a building are different audits (refined by cues below).
  ["accessibility", "topic", `accessibilite universelle|accessibilite|accessibility|universal design|universal accessibility`],
  ["web_accessibility", "topic", `accessibilite numerique|accessibilite web|accessibilite du web|web accessibility|digital accessibility|wcag|
    sgqri 008|lecteur* d ecran|screen reader*`, ALT("accessibility")],
  ["built_accessibility", "topic", `accessibilite physique|physical accessibility|barrier free|accessibilite des batiment*|
    building accessibility|accessibilite architecturale|conception sans obstacle*`, ALT("accessibility")],
  ["procurement_responsible", "topic", `approvisionnement responsable|sustainable procurement|responsible procurement|achat* responsable*|achats durables|
    green procurement|approvisionnement durable|achat local|local sourcing|politique d achat*|purchasing polic*`],
  ["innovation_management", "topic", `gestion de l innovation|innovation management|design thinking|innovation ouverte|open innovation|
    propriete industrielle|valorisation de la recherche|technology transfer|transfert technologique|transfert de technologie*`],
  // ---------------------------------------------------------------- events
  ["event_venue", "event", `salle* de conference*|salle* conference*|conference room*|conference hall*|salle* d evenement*|salle* evenement*|
    salle* de reception*|salle* reception|salle* de spectacle*|salle* multifonctionnelle*|salle* polyvalente*|lieu* d evenement*|
    lieu* de l evenement|lieu* pour l evenement|lieu* pour un evenement|lieu* de reception|lieu* de congres|venue*|event space*|event venue*|
    espace* evenementiel*|espace* pour evenement*|centre* de congres|centre* des congres|convention centre*|convention center*|
    conference centre*|conference center*|auditorium*|amphitheatre*|banquet hall*|salle* de banquet*|reception hall*|location de salle*|
    room rental|ballroom*|salle* de bal`],
  ["catering", "event", `traiteur*|catering|caterer*|service* de repas|meal service*|repas|meals|buffet*|service* alimentaire*|food service*|
    boite* a lunch|boite* lunch|lunch box*|pause* cafe|coffee break*|cocktail dinatoire|boissons|beverages`],
  ["av_equipment", "event", `audiovisuel*|audio visuel*|audio visual|audiovisual|sonorisation|sound system*|systeme* de sonorisation|projecteur*|projector*|
    ecran* geant*|giant screen*|av equipment|equipement* av|equipement* audiovisuel*|micro* sans fil|wireless microphone*`],
  ["trade_show_booth", "event", `kiosque*|booth*|stand de salon|stand d exposition|exhibition stand*|trade show*|salon professionnel*|salon commercial|
    foire commerciale|kiosque* d exposition|presentoir*|display stand*`],
  ["event_staff", "event", `benevole*|volunteer*|personnel evenementiel|event staff|animateur*|animatrice*|maitre de ceremonie*|master of ceremon*|
    emcee|accueil des participants|hostess*|hote* d accueil`],
  ["event_planning", "event", `organisation d evenement*|organisation evenementielle|event planning|event management|gestion d evenement*|
    planification d evenement*|event organi*|agence evenementielle|event agency`],
  ["ground_transport", "event", `navette*|shuttle*|nolisement|nolise*|charter bus*|bus charter*|autobus nolise*|transport des participants|
    transport de participants|attendee transport*|guest transport*`],
  // ---------------------------------------------------------------- lodging ("colocation" is resolved in profile.ts)
  ["housing", "lodging", `logement*|housing|hebergement|accommodation*|lodging|chambre* meublee*|furnished room*|chambre*|bedroom*|
    residence* etudiante*|student residence*|university residence*|student housing|residence*|dortoir*|dormitor*|appartement* meuble*|
    furnished apartment*|hotel room*|chambre* d hotel|hotel*`],
  ["amb:colocation", "lodging", `colocation`],
  // ---------------------------------------------------------------- parking and mobility spaces
  ["parking", "parking", `stationnement*|parking*|place* de stationnement|case* de stationnement|espace* de stationnement|parking spot*|parking space*|
    parking lot*|stationnement reserve*|reserved parking|stationnement de velo*|bike parking|support* a velo*|bike rack*`],
  // ---------------------------------------------------------------- markers: how the resource is provided
  ["m:training", "marker", `formation*|training*|en:train|cours|course*|atelier*|workshop*|webinaire*|webinar*|seminaire*|seminar*|sensibilis*|
    awareness|bootcamp*|classe* de maitre|masterclass*|coaching|mentorat|mentoring|e learning|elearning|apprentissage en ligne|
    micro certification*|microcertification*|microprogramme*|perfectionnement|upskilling|reskilling|requalification|fr:former|
    formateur*|formatrice*|trainer*|instructeur*|instructor*|tutoriel*|tutorial*|certification course*|cours en ligne|online course*|enseignement|teaching|
    module* de formation|session* de formation|training session*|cohorte*|cohort*|apprenant*|learner*|instructor led`],
  ["m:purchase", "marker", `achat*|acheter|achete*|acqui*|acquerir|acquere*|buy|buying|bought|purchas*|procurement|approvisionnement*|renouvel*|
    renew*|en:refresh|remplac*|replac*|commande* group*|achat* regroupe*|achat* group*|group purchas*|group buy*|bulk purchas*|bulk buy*|
    joint purchas*|pooled purchas*|vendre|vente|en:sale|sell*|fr:ceder|fr:cede|fr:cedent|cession|give away|giveaway|donate*|
    fr:don|fr:donner|surplus|liquidation|liquidate*|retiring|bulk lot|lot`],
  ["m:access", "marker", `temps machine|temps d utilisation|machine time|heure* machine|machine hour*|fr:pret|fr:preter|fr:prete|fr:pretons|
    emprunt*|lend|lends|lending|loan*|borrow*|fr:location|louer|loue|en:rent|en:rental|en:renting|reserver|booking|
    acces a l equipement|acces aux equipement*|equipment access|access to equipment|shared use|utilisation partagee|mise a disposition|
    met a disposition|mettons a disposition|disponible pour utilisation`],
  ["m:research", "marker", `recherche appliquee|projet* de recherche|projet* recherche|research project*|applied research|laboratoire universitaire|
    university lab*|university research|recherche universitaire|chaire de recherche|research chair|rd|recherche et developpement|
    research and development|centre de recherche|research centre|research center|research partner*|partenaire* de recherche|chercheur*|
    researcher*|en:research|etude* de cas|case stud*|preuve de concept|proof of concept|projet pilote|pilot project|projet* de demonstration`],
  // ---------------------------------------------------------------- context only
  ["ctx:eco", "context", `ecoresponsable*|eco responsable*|eco responsible|environmentally responsible|green|en:sustainable|durable*|sustainab*|
    developpement durable|sustainable development|dd|ecologique*|ecological|environnement*|environment*|vert|verte|verts|vertes|
    evenement* ecoresponsable*|eco responsible event*|green event*|evenement* vert*|evenement* durable*|sustainable event*|
    evenement* zero dechet|verdissement|greening|climat|climate|climatique*|transition climatique|climate transition`],
  ["ctx:event", "context", `evenement*|event*|colloque*|conference*|congres|symposium*|forum*|gala*|salon*|festival*|soiree*|reception|
    activite* de reseautage|networking event*|reseautage|networking|participants|invite*|guest*|convive*|lancement|launch`],
  ["ctx:it", "context", `acquisition de donnees|data acquisition|ti|informatique|information technolog*|technologie* de l information|tic|ict|numerique|digital|technologique*|
    technolog*|poste*|device*|appareil*|compte*|account*|microsoft|google|apple|windows|macos|linux`],
  ["ctx:remote", "context", `distance|remote*|en ligne|online|virtuel*|virtual|teletravail|remote work|travail a distance|work from home|
    hybride|hybrid|partout au quebec|anywhere`],
  ["ctx:people", "context", `charge* de projet*|charge* de projet|project manager*|employe*|employee*|staff|personnel|equipe*|team*|membre*|member*|
    coordonnat*|coordinat*|gestionnaire*|manager*|personne*|people|collaborat*|professionnel*|professional*`],
  ["ctx:org", "context", `chambre de commerce|chambre* de commerce|chamber* of commerce|hotel de ville|city hall|aero montreal|aeromontreal|aluquebec|alu quebec|bureau du cinema et de la television du quebec|bureau du cinema|bctq|
    cargom|cargo montreal|ecotech quebec|ecotech|finance montreal|mmode|montreal invivo|invivo|numana|propulsion quebec|
    grappe*|cluster*|regroupement*|association*|reseau*|network*|pme|sme|entreprise*|compan*|organisme*|organization*|organisation*|
    universite*|university|universities|cegep*|college*|cctt|centre collegial de transfert de technologie|centre* technologique*|
    laboratoire*|lab|labs|laboratory|laboratories|firme*|firm*|fournisseur*|supplier*|vendor*|partenaire*|partner*`],
  // Looking for partners to file a funding application together, whatever the category field says.
  ["ctx:joint", "context", `demande* conjointe*|demande* commune*|demande* de subvention* conjointe*|demande* de financement* conjointe*|
    joint application*|joint grant*|joint proposal*|joint submission*|consortium*|co demandeur*|co applicant*|coapplicant*|co requerant*|
    depot conjoint|co deposant*|co apply|co applying`],
  ["ctx:grant", "context", `subvention*|grant*|financement*|funding|appel* de projets|appel* de propositions|call for projects|call for proposals|programme*|program*`],
];

/**
 * Application domains. A research need about one domain is not met by research about another
 * ("AI for drug discovery" vs "AI for logistics"), even if the technology words match.
 */
export const DOMAIN_OF: ReadonlyMap<string, string> = new Map([
  ["health_tech", "health"],
  ["logistics", "logistics"],
  ["urban_logistics", "logistics"],
  ["supply_chain", "logistics"],
  ["route_optimization", "logistics"],
  ["aerospace_tech", "aerospace"],
  ["textiles", "fashion"],
  ["fintech", "finance"],
  ["sustainable_finance", "finance"],
  ["financial_literacy", "finance"],
  ["visual_effects", "film"],
  ["virtual_production", "film"],
  ["aluminium_tech", "aluminium"],
  ["electric_vehicle", "electric_transport"],
  ["battery", "battery"],
  ["bauxite_residue", "aluminium"],
  ["electrification", "electric_transport"],
  ["autonomous_vehicles", "electric_transport"],
]);

/** Words too common in this domain to say anything on their own (never used as fallback keys). */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(
  (`partage partagee shared share sharing commun commune common collectif collective mutualisation mutualiser pooling pooled pool
   service offre offer offrons offer offering besoin need projet project equipe team membre member grappe cluster entreprise company
   disponible available disponibilite availability place personne people staff employe employee annee year mois month semaine week
   jour day heure hour hours budget cout cost prix price tarif rate gratuit free gratuitement maximum maximal minimum environ about
   montreal quebec laval region regional nouveau nouvelle new premier first deux trois quatre cinq two three four five
   groupe group regroupe joint conjoint mutuel partenaire partner recherche recherches research cherche looking
   janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre january february march april may june july
   august september october november december printemps ete automne hiver spring summer fall autumn winter
   solution solutions besoin support soutien aide help aider assistance accompagnement accompagner expertise expert experts consultant
   consultants conseil conseils advice service services offre offert offerte offre offrir provide providing disponible utiliser use
   using usage acces access travail work working travailler faire realiser realisation mener carry deliver livrer programme program
   qualite quality nombre number total plus less moins haut high bas low bon good bonne grand large petit small moyen medium
   organisation organization activite activity activites activities general generale ensemble together autres others
   interne internal externe external client clients customer customers usager user users utilisateur utilisateurs
   partager offrons proposons propose proposer offers seeks wanted recherchons urgent rapidement quickly soon bientot
   advanced avance avancee introduction initiation basics base complete complet entire whole full plein pleine
   professionnel professional quality international national local regional annual annuel annuelle mensuel monthly
   city ville centre center downtown quartier district secteur sector near proche pres nord sud est ouest north south
   east west grand greater metropolitan metropolitain metro island ile rive shore sherbrooke longueuil gatineau levis
   trois rivieres saguenay chicoutimi rimouski drummondville granby terrebonne repentigny joliette brossard boucherville
   blainville mirabel vaudreuil beloeil victoriaville rouyn noranda sept iles baie comeau magog saint sainte jean jerome
   option options possible possibilite opportunity opportunite chance ideal idealement flexible souple various divers
   diverse plusieurs several many multiple nombreux certain some specific specifique particulier particular
   quelqu quelque someone somebody gerer manage managing handle organiser organize trouver find obtenir get`)
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => stem(foldText(w))),
);

/* --------------------------------------------------------------------------------------------
 * Compiled lexicon.
 * ------------------------------------------------------------------------------------------ */

export const CONCEPTS: ReadonlyMap<string, ConceptDef> = new Map(
  DEFS.map(([id, family, patterns, extra]) => [
    id,
    {
      id,
      family,
      weight: extra?.weight ?? DEFAULT_WEIGHT[family],
      parent: extra?.parent,
      rel: extra?.rel,
      patterns: patterns.split("|").map((p) => p.trim()).filter((p) => p && p !== "__cue__"),
    },
  ]),
);

const LEXICON = new PhraseMatcher<string>();
for (const def of CONCEPTS.values()) for (const pattern of def.patterns) LEXICON.add(pattern, def.id);

/**
 * Cues that refine a broad concept into one of its `alt` children when they appear anywhere in
 * the same posting: a 3D printer becomes metal or polymer AM from the material named, a
 * charging station becomes Level 2 or DC fast from its power. Cues are only looked at when the
 * base concept is present, so "niveau 2" alone never means a charger.
 */
const REFINEMENTS: Array<{ base: string; child: string; cues: string }> = [
  {
    base: "additive_manufacturing",
    child: "metal_am",
    cues: `metal|metallique*|aluminium|aluminum|titane|titanium|acier|steel|inconel|alsi10mg|lpbf|slm|dmls|ebm|poudre metallique|
      metal powder|powder bed|lit de poudre|fusion laser|laser fusion|alliage*|alloy*`,
  },
  {
    base: "additive_manufacturing",
    child: "polymer_am",
    cues: `plastique*|plastic*|polymere*|polymer*|fdm|fff|pla|petg|abs|nylon|filament*|resine*|resin*|sla|tpu`,
  },
  {
    base: "ev_charger",
    child: "l2_charger",
    cues: `niveau 2|level 2|l2|240 v|240v|recharge lente|slow charg*|7 kw|7 2 kw|11 kw|19 kw|j1772`,
  },
  {
    base: "ev_charger",
    child: "dc_fast_charger",
    cues: `recharge rapide|rapide*|fast|dc|dcfc|niveau 3|level 3|courant continu|direct current|superchargeur*|supercharger*|
      ultra rapide|50 kw|100 kw|150 kw|350 kw|ccs|chademo`,
  },
];
REFINEMENTS.push(
  {
    base: "accessibility",
    child: "web_accessibility",
    cues: `web|site*|portail*|portal*|application* mobile*|mobile app*|numerique*|digital|wcag|lecteur* d ecran|screen reader*|
      page* web|web page*|pdf|document* numerique*`,
  },
  {
    base: "accessibility",
    child: "built_accessibility",
    cues: `batiment*|building*|immeuble*|edifice*|entree*|entrance*|rampe*|ramp*|toilette*|washroom*|restroom*|signalisation|signage|
      ascenseur*|elevator*|stationnement*|parking*|magasin*|boutique*|shop*|store*|code de construction|building code|fauteuil* roulant*|
      wheelchair*|circulation`,
  },
  {
    base: "microscopy",
    child: "electron_microscopy",
    cues: `electronique*|electron|meb|sem|tem|eds|edx|fractograph*`,
  },
  {
    base: "microscopy",
    child: "optical_microscopy",
    cues: `confocal*|optique*|optical|fluorescence|photonique*|cellule* vivante*|live cell*`,
  },
);
const REFINE_CUES = REFINEMENTS.map((r) => ({
  ...r,
  cueWords: r.cues.split("|").map((c) => compileWords(c.trim())).filter((w) => w.length > 0),
}));

/* --------------------------------------------------------------------------------------------
 * Extraction.
 * ------------------------------------------------------------------------------------------ */

export interface Extraction {
  /** Concept ids found (ancestors not included). */
  concepts: string[];
  /** Token index where each concept's phrase starts. */
  starts: number[];
  /** Tokens not covered by any pattern (fallback vocabulary). */
  rest: string[];
  /** Token index of each `rest` token. */
  restStarts: number[];
  /** All tokens of the text, for refinement cues. */
  tokens: string[];
}

/** Concepts of one text field, longest pattern first, in the given language. */
export function extractConcepts(text: string, lang: "fr" | "en"): Extraction {
  const tokens = tokenize(text);
  const { found, starts, rest, restStarts } = LEXICON.scan(tokens, lang);
  return { concepts: found, starts, rest, restStarts, tokens };
}

/** `alt` children implied by refinement cues found in `tokens`, mapped to their base concept. */
export function refinements(concepts: ReadonlySet<string>, tokens: string[]): Map<string, string> {
  const added = new Map<string, string>();
  for (const r of REFINE_CUES) {
    if (concepts.has(r.base) && r.cueWords.some((w) => containsSequence(tokens, w))) added.set(r.child, r.base);
  }
  return added;
}

/** The concept and all its ancestors. */
export function withAncestors(id: string): string[] {
  const out: string[] = [];
  let cur: string | undefined = id;
  while (cur && !out.includes(cur)) {
    out.push(cur);
    cur = CONCEPTS.get(cur)?.parent;
  }
  return out;
}

/** True when a fallback token is worth comparing (not generic, not a number, not too short). */
export function isContentWord(token: string): boolean {
  return token.length >= 4 && !/^\d/.test(token) && !GENERIC_WORDS.has(token) && !STOP_WORDS.has(token);
}
