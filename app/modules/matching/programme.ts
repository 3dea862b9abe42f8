/**
 * Programme identity for joint grant applications: funder + programme + edition (call year),
 * normalised across French and English names and abbreviations
 * ("DEC – Écosystèmes régionaux d'innovation (ERI) – appel 2026" is the same call as
 * "DEC – Regional Innovation Ecosystems (REI) – 2026 intake").
 *
 * Known programmes are recognised from a catalogue. Anything else is compared by its
 * canonical content words (translated through a small FR/EN programme vocabulary, with funder
 * names, years and filler such as "fonds", "appel de projets", "call for projects" removed).
 */
import { detectLanguage, foldText, tokenize } from "./normalize";
import { PhraseMatcher } from "./phrases";

export interface ProgrammeIdentity {
  /** Funder id, e.g. `dec`, `meie`, `cmm`; null when none is recognised. */
  funder: string | null;
  /** Catalogue id, e.g. `dec:eri`; null for programmes outside the catalogue. */
  programme: string | null;
  /** Canonical content words (sorted), used when the programme is not in the catalogue. */
  words: string[];
  /** Edition years named in the text (e.g. 2026 for "appel 2026"). */
  years: number[];
  /** Numbered rounds ("round 2", "volet 3", "appel 2"), as strings. */
  rounds: string[];
  /** Seasonal calls ("appel du printemps 2027" = "spring 2027 call"): spring, summer, fall, winter. */
  seasons: string[];
  /** Acronyms of the name that its own words do not spell out ("NRCan EIP"): matched against the other name's initials. */
  acronyms: string[];
  /** Sorted initials of every run of 2–6 words of the text (for acronyms: PIE = Programme d'innovation énergétique). */
  initials: string[];
  /** Read from a whole posting rather than a programme field: compared by containment of the other name. */
  loose?: boolean;
  /** Every catalogue programme named (a loose reading may name several). */
  catalogue: string[];
}

type Entry = { kind: "funder"; id: string } | { kind: "programme"; id: string; funder: string; rank: number } | { kind: "word"; word: string } | { kind: "filler" };

const M = new PhraseMatcher<Entry>();

const FUNDERS: Array<[id: string, patterns: string]> = [
  ["dec", `dec|ced|ced q|developpement economique canada|developpement economique canada pour les regions du quebec|canada economic development|
    canada economic development for quebec regions`],
  ["meie", `meie|mei|ministere de l economie de l innovation et de l energie|ministere de l economie et de l innovation|ministere de l economie|
    ministry of economy innovation and energy|quebec ministry of economy|ministere de l economie de l innovation|ministry of the economy`],
  ["cmm", `cmm|communaute metropolitaine de montreal|montreal metropolitan community|metropolitan community of montreal`],
  ["mitacs", `mitacs`],
  ["nserc", `crsng|nserc|conseil de recherches en sciences naturelles et en genie|natural sciences and engineering research council`],
  ["sshrc", `crsh|sshrc|conseil de recherches en sciences humaines|social sciences and humanities research council`],
  ["cihr", `irsc|cihr|instituts de recherche en sante du canada|canadian institutes of health research`],
  ["nrc", `cnrc|nrc|conseil national de recherches|national research council`],
  ["ised", `isde|ised|innovation sciences et developpement economique|innovation science and economic development`],
  ["frq", `frq|frqnt|frqsc|frqs|fonds de recherche du quebec|quebec research fund*`],
  ["nrcan", `rncan|nrcan|ressources naturelles canada|natural resources canada`],
  ["melccfp", `melccfp|melcc|ministere de l environnement|ministry of the environment|ministry of environment`],
  ["mtmd", `mtmd|mtq|ministere des transports|ministry of transport*|transports quebec`],
  ["recyc", `recyc quebec|recyc`],
  ["faqdd", `faqdd|fonds d action quebecois pour le developpement durable|quebec action fund for sustainable development`],
  ["fcm", `fcm|federation canadienne des municipalites|federation of canadian municipalities`],
  ["hydro_quebec", `hydro quebec`],
  ["ville_montreal", `ville de montreal|city of montreal`],
  ["pme_mtl", `pme mtl`],
  ["invest_quebec", `investissement quebec|investment quebec`],
  ["prompt", `prompt`],
  ["criaq", `criaq`],
  ["scale_ai", `scale ai|scaleai`],
  ["sodec", `sodec`],
  ["telefilm", `telefilm|telefilm canada`],
  ["cmf", `fonds des medias du canada|canada media fund|fmc|cmf`],
  ["cpmt", `cpmt|commission des partenaires du marche du travail|labour market partners commission`],
  ["infrastructure_canada", `infrastructure canada`],
];

/** Catalogue of programmes with several names. `rank` breaks ties: the more specific wins (ERI is a stream of REGI). */
const PROGRAMMES: Array<[id: string, funder: string, rank: number, patterns: string]> = [
  ["dec:regi", "dec", 1, `croissance economique regionale par l innovation|ceri|regional economic growth through innovation|regi`],
  ["dec:eri", "dec", 2, `ecosystemes regionaux d innovation|ecosysteme regional d innovation|eri|regional innovation ecosystem*|rei`],
  ["dec:jgf", "dec", 1, `fonds pour l emploi et la croissance|jobs and growth fund`],
  ["ised:sif", "ised", 1, `fonds strategique pour l innovation|fsi|strategic innovation fund|sif`],
  ["ised:gic", "ised", 1, `grappes mondiales d innovation|global innovation cluster*|supergrappe* d innovation|innovation supercluster*|supercluster*`],
  ["nrc:irap", "nrc", 1, `pari|pari cnrc|programme d aide a la recherche industrielle|industrial research assistance program*|irap`],
  ["mitacs:accelerate", "mitacs", 1, `mitacs acceleration|mitacs accelerate|acceleration|accelerate`],
  ["mitacs:elevate", "mitacs", 1, `mitacs elevation|mitacs elevate|elevation|elevate`],
  ["mitacs:bsi", "mitacs", 1, `stage en strategie d entreprise|business strategy internship|bsi|sse`],
  ["nserc:alliance", "nserc", 1, `subvention* alliance|alliance grant*|alliance`],
  ["nserc:engage", "nserc", 1, `engagement partenarial|engage grant*|engage`],
  ["nserc:crd", "nserc", 1, `recherche et developpement cooperative|collaborative research and development|rdc|crd`],
  ["meie:pso", "meie", 1, `programme de soutien aux organismes de recherche et d innovation|pso|
    support program for research and innovation organi*`],
  ["meie:essor", "meie", 1, `essor`],
  ["meie:otn", "meie", 1, `offensive de transformation numerique|digital transformation offensive|otn`],
  ["meie:technoclimat", "meie", 1, `technoclimat`],
  ["meie:ecoperformance", "meie", 1, `ecoperformance`],
  ["melccfp:pacq", "melccfp", 1, `action climat quebec|programme action climat|action climat|action climate quebec|climate action quebec|pacq`],
  ["nrcan:zevip", "nrcan", 1, `programme d infrastructure pour les vehicules a emission zero|programme d infrastructure pour les vehicules zero emission|
    pivze|zevip|zero emission vehicle infrastructure program*`],
  ["fcm:gmf", "fcm", 1, `fonds municipal vert|green municipal fund|fmv|gmf`],
];

/** FR/EN programme vocabulary mapped to one canonical word. */
const WORDS: Array<[word: string, patterns: string]> = [
  ["circular_economy", `economie circulaire|circular economy|circularite|circularity`],
  ["intersector", `interfiliere*|inter filiere*|intergrappe*|inter grappe*|inter cluster*|intercluster*|intersectori*|inter sectori*|
    cross sector*|multisectori*|multi sector*|multifiliere*|interindustr*`],
  ["climate_transition", `transition climatique|climate transition|transition pour le climat`],
  ["climate_change", `changement* climatique*|climate change|lutte contre les changements climatiques|fight against climate change`],
  ["social_innovation", `innovation sociale|social innovation`],
  ["sustainable_development", `developpement durable|sustainable development`],
  ["digital_transformation", `transformation numerique|digital transformation|virage numerique`],
  ["energy_transition", `transition energetique|energy transition`],
  ["innovation", `innovation*`],
  ["research", `recherche*|research`],
  ["development", `developpement|development`],
  ["growth", `croissance|growth`],
  ["jobs", `emploi*|job*|employment`],
  ["workforce", `main d oeuvre|workforce|labour force|labor force`],
  ["training", `formation*|training`],
  ["energy", `energie|energy|energetique`],
  ["economy", `economie|economy|economique*|economic`],
  ["regional", `regional|regionale*|regionaux|regions`],
  ["ecosystem", `ecosysteme*|ecosystem*`],
  ["export", `exportation*|export*`],
  ["productivity", `productivite|productivity`],
  ["electrification", `electrification`],
  ["decarbonization", `decarbonation|decarbonization|decarbonisation`],
  ["partnership", `partenariat*|partnership*`],
  ["collective", `collectif*|collective*|concertation|concerted`],
  ["promoter", `promoteur*|promoter*`],
  ["industrial", `industriel*|industrial`],
  ["clean_technology", `technologie* propre*|clean technolog*|cleantech`],
  ["waste", `matieres residuelles|dechet*|waste`],
  ["recycling", `recyclage|recycling`],
  ["mobility", `mobilite|mobility|transport*`],
  ["health", `sante|health`],
  ["culture", `culture*|cultural|culturel*`],
  ["digital", `numerique|digital`],
  ["support", `soutien|support|aide|assistance`],
];

const FILLERS = `programme*|program*|fonds|fund|funds|appel*|call|calls|appel de projets|appel de propositions|call for projects|call for proposals|
  call for applications|projet*|project*|volet*|stream*|intake*|edition*|cycle|round*|phase*|cohorte*|cohort*|deadline|date limite|
  depot|submission*|metropolitain*|metropolitan|quebec|quebecois*|canada|canadian|canadien*|national*|federal*|provincial*|initiative*|
  subvention*|grant*|financement|funding|printemps|spring|ete|summer|automne|fall|autumn|hiver|winter`;

for (const [id, patterns] of FUNDERS) for (const p of patterns.split("|")) M.add(p, { kind: "funder", id });
for (const [id, funder, rank, patterns] of PROGRAMMES) {
  for (const p of patterns.split("|")) M.add(p, { kind: "programme", id, funder, rank });
}
for (const [word, patterns] of WORDS) for (const p of patterns.split("|")) M.add(p, { kind: "word", word });
for (const p of FILLERS.split("|")) M.add(p, { kind: "filler" });

const ROUND_RE = /\b(?:round|cycle|appel|call|phase|edition|intake|cohorte?|volet|stream)\s*(?:no\.?|n°|#)?\s*(\d{1,2})\b/gi;
const YEAR_RE = /\b(20[2-4]\d)\b/g;

const SEASONS: Array<[season: string, words: string]> = [
  ["spring", "printemps|spring"],
  ["summer", "ete|summer"],
  ["fall", "automne|fall|autumn"],
  ["winter", "hiver|winter"],
];
const SEASON_WORD = SEASONS.map(([, w]) => w).join("|");
/** A season names an edition only next to a year or a call ("appel du printemps", "spring 2027"). */
const SEASON_RE = new RegExp(
  String.raw`\b(${SEASON_WORD})\s+(?:de\s+|d\s+)?20[2-4]\d\b|\b(?:appel|call|intake|session|cohorte?|edition)\s+(?:du\s+|d\s+|de\s+l\s+|de\s+)?(${SEASON_WORD})\b`,
  "g",
);

function seasonsOf(text: string): string[] {
  const folded = foldText(text).replace(/['’`]/g, " ");
  const out = new Set<string>();
  for (const m of folded.matchAll(SEASON_RE)) {
    const w = m[1] ?? m[2];
    const season = SEASONS.find(([, words]) => words.split("|").includes(w));
    if (season) out.add(season[0]);
  }
  return [...out].sort();
}

const sortLetters = (s: string): string => [...s].sort().join("");

/** Sorted initials of every run of 2 to 6 consecutive tokens. */
function runInitials(tokens: string[]): string[] {
  const out = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    let letters = "";
    for (let k = i; k < Math.min(tokens.length, i + 6); k++) {
      letters += tokens[k][0];
      if (letters.length >= 2) out.add(sortLetters(letters));
    }
  }
  return [...out];
}

/** Parse a programme name (or, lacking one, a joint-grant title or whole posting) into its identity. */
export function parseProgramme(text: string, opts: { loose?: boolean } = {}): ProgrammeIdentity {
  const years = [...new Set([...text.matchAll(YEAR_RE)].map((m) => Number(m[1])))].sort();
  const rounds = [...new Set([...text.matchAll(ROUND_RE)].map((m) => String(Number(m[1]))))].sort();
  const tokens = tokenize(text).filter((t) => !/^\d+$/.test(t));
  const { found, rest } = M.scan(tokens, detectLanguage(text));
  let funder: string | null = null;
  let best: { id: string; funder: string; rank: number } | null = null;
  const words = new Set<string>();
  const catalogue = new Set<string>();
  for (const e of found) {
    if (e.kind === "funder") funder ??= e.id;
    else if (e.kind === "programme") {
      catalogue.add(e.id);
      if (!best || e.rank > best.rank) best = e;
    } else if (e.kind === "word") words.add(e.word);
  }
  // A catalogue name attributed to another funder than the one named is not that programme
  // ("Programme d'accélération de PME MTL" is not Mitacs Accelerate).
  if (best && funder && best.funder !== funder) {
    words.add(best.id.slice(best.id.indexOf(":") + 1));
    best = null;
  }
  // Acronyms written in capitals: one the text spells out ("Programme d'innovation énergétique
  // (PIE)") adds nothing; one it does not ("NRCan EIP") is kept to be matched against the other name.
  const capitals = new Set([...text.matchAll(/\b[A-ZÀ-Ý][A-ZÀ-Ý0-9]{1,5}\b/g)].map((m) => foldText(m[0])));
  const initials = runInitials(tokens);
  const initialSet = new Set(initials);
  const acronyms: string[] = [];
  // Short words that are not in the vocabulary are kept as they are (acronyms, proper names).
  for (const t of rest) {
    if (t.length < 2) continue;
    if (capitals.has(t) && /^[a-z]{2,6}$/.test(t)) {
      if (initialSet.has(sortLetters(t))) continue;
      acronyms.push(t);
    }
    words.add(t);
  }
  return {
    funder: funder ?? best?.funder ?? null,
    programme: best?.id ?? null,
    words: [...words].sort(),
    years,
    rounds,
    seasons: seasonsOf(text),
    acronyms: [...new Set(acronyms)].sort(),
    initials,
    ...(opts.loose ? { loose: true } : {}),
    catalogue: [...catalogue].sort(),
  };
}

/** Acronym `x` spells the initials of a run of the other name's words, or of all but "programme"/"fonds". */
function spelled(x: string, other: ProgrammeIdentity): boolean {
  const sorted = sortLetters(x);
  if (other.initials.includes(sorted)) return true;
  for (const generic of ["p", "f"]) {
    const at = sorted.indexOf(generic);
    if (at >= 0 && sorted.length > 2 && other.initials.includes(sorted.slice(0, at) + sorted.slice(at + 1))) return true;
  }
  return false;
}

/** `a`'s words once its acronyms spelled out by `b` are set aside. */
function unexplained(a: ProgrammeIdentity, b: ProgrammeIdentity): string[] {
  const spelledOut = new Set(a.acronyms.filter((x) => spelled(x, b)));
  return a.words.filter((w) => !spelledOut.has(w));
}

/** Near-identical canonical words: the smaller name (nearly) contained in the larger, sharing most words. */
function sameWords(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const setB = new Set(b);
  const common = a.filter((w) => setB.has(w)).length;
  const union = a.length + b.length - common;
  return common / Math.min(a.length, b.length) >= 0.75 && common / union >= 0.5;
}

/** The strict name's words (acronyms spelled out aside) are found in the loose reading. */
function containedIn(strict: ProgrammeIdentity, loose: ProgrammeIdentity): boolean {
  const w = unexplained(strict, loose);
  if (w.length === 0) return strict.acronyms.length > 0;
  const set = new Set(loose.words);
  return w.filter((x) => set.has(x)).length / w.length >= 0.75;
}

/**
 * Same funder and same programme: catalogue id, else near-identical canonical words, where an
 * acronym one name uses and the other spells out counts as those words (EIP = Energy Innovation
 * Program = Programme d'innovation énergétique). A loose reading (a whole posting) must contain
 * the other name.
 */
export function sameProgramme(a: ProgrammeIdentity, b: ProgrammeIdentity): boolean {
  if (a.funder && b.funder && a.funder !== b.funder) return false;
  if (a.loose !== b.loose) {
    const [strict, loose] = a.loose ? [b, a] : [a, b];
    if (strict.programme) return loose.catalogue.includes(strict.programme);
    if (loose.programme && !strict.loose) return false;
    return containedIn(strict, loose);
  }
  if (a.programme && b.programme) return a.programme === b.programme;
  if (a.programme || b.programme) return false;
  if (a.words.length === 0 || b.words.length === 0) return a.words.length === b.words.length && a.funder === b.funder;
  if (sameWords(a.words, b.words)) return true;
  // Acronyms spelled out by the other name: what remains must agree (or be nothing but the acronym).
  const ra = unexplained(a, b);
  const rb = unexplained(b, a);
  if (ra.length === a.words.length && rb.length === b.words.length) return false;
  if (ra.length === 0 || rb.length === 0) return true;
  return sameWords(ra, rb);
}

const DAY_MS = 86_400_000;

/**
 * Same call / edition. Years named on both sides must intersect, numbered rounds too; when a
 * side names no year, deadlines more than 60 days apart mean different calls.
 */
export function sameEdition(
  a: ProgrammeIdentity,
  b: ProgrammeIdentity,
  deadlineA?: string,
  deadlineB?: string,
): boolean {
  if (a.years.length && b.years.length && !a.years.some((y) => b.years.includes(y))) return false;
  if (a.rounds.length && b.rounds.length && !a.rounds.some((r) => b.rounds.includes(r))) return false;
  if (a.seasons.length && b.seasons.length && !a.seasons.some((s) => b.seasons.includes(s))) return false;
  if ((!a.years.length || !b.years.length) && deadlineA && deadlineB) {
    return Math.abs(Date.parse(deadlineA) - Date.parse(deadlineB)) <= 60 * DAY_MS;
  }
  return true;
}

/** Stable textual key of a programme identity, e.g. "dec/dec:eri/2026" or "cmm/climate_transition/2027". */
export function programmeKey(p: ProgrammeIdentity): string {
  const edition = [p.years.join("-") || "?", ...p.seasons].join("-");
  return `${p.funder ?? "?"}/${p.programme ?? p.words.join("+")}/${edition}`;
}
