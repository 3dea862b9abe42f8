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
import { detectLanguage, tokenize } from "./normalize";
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
  subvention*|grant*|financement|funding`;

for (const [id, patterns] of FUNDERS) for (const p of patterns.split("|")) M.add(p, { kind: "funder", id });
for (const [id, funder, rank, patterns] of PROGRAMMES) {
  for (const p of patterns.split("|")) M.add(p, { kind: "programme", id, funder, rank });
}
for (const [word, patterns] of WORDS) for (const p of patterns.split("|")) M.add(p, { kind: "word", word });
for (const p of FILLERS.split("|")) M.add(p, { kind: "filler" });

const ROUND_RE = /\b(?:round|cycle|appel|call|phase|edition|intake|cohorte?|volet|stream)\s*(?:no\.?|n°|#)?\s*(\d{1,2})\b/gi;
const YEAR_RE = /\b(20[2-4]\d)\b/g;

/** Parse a programme name (or, lacking one, a joint-grant title) into its identity. */
export function parseProgramme(text: string): ProgrammeIdentity {
  const years = [...new Set([...text.matchAll(YEAR_RE)].map((m) => Number(m[1])))].sort();
  const rounds = [...new Set([...text.matchAll(ROUND_RE)].map((m) => String(Number(m[1]))))].sort();
  const tokens = tokenize(text).filter((t) => !/^\d+$/.test(t));
  const { found, rest } = M.scan(tokens, detectLanguage(text));
  let funder: string | null = null;
  let best: { id: string; funder: string; rank: number } | null = null;
  const words = new Set<string>();
  for (const e of found) {
    if (e.kind === "funder") funder ??= e.id;
    else if (e.kind === "programme") {
      if (!best || e.rank > best.rank) best = e;
    } else if (e.kind === "word") words.add(e.word);
  }
  // A catalogue name attributed to another funder than the one named is not that programme
  // ("Programme d'accélération de PME MTL" is not Mitacs Accelerate).
  if (best && funder && best.funder !== funder) {
    words.add(best.id.slice(best.id.indexOf(":") + 1));
    best = null;
  }
  // Short words that are not in the vocabulary are kept as they are (acronyms, proper names).
  for (const t of rest) if (t.length >= 2) words.add(t);
  return {
    funder: funder ?? best?.funder ?? null,
    programme: best?.id ?? null,
    words: [...words].sort(),
    years,
    rounds,
  };
}

/** Same funder and same programme (catalogue id, else near-identical canonical words). */
export function sameProgramme(a: ProgrammeIdentity, b: ProgrammeIdentity): boolean {
  if (a.funder && b.funder && a.funder !== b.funder) return false;
  if (a.programme && b.programme) return a.programme === b.programme;
  if (a.programme || b.programme) return false;
  if (a.words.length === 0 || b.words.length === 0) return a.words.length === b.words.length && a.funder === b.funder;
  const setB = new Set(b.words);
  const common = a.words.filter((w) => setB.has(w)).length;
  const union = a.words.length + b.words.length - common;
  // The smaller name must be (nearly) contained in the larger one, and they must share most words.
  return common / Math.min(a.words.length, b.words.length) >= 0.75 && common / union >= 0.5;
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
  if ((!a.years.length || !b.years.length) && deadlineA && deadlineB) {
    return Math.abs(Date.parse(deadlineA) - Date.parse(deadlineB)) <= 60 * DAY_MS;
  }
  return true;
}

/** Stable textual key of a programme identity, e.g. "dec/dec:eri/2026" or "cmm/climate_transition/2027". */
export function programmeKey(p: ProgrammeIdentity): string {
  return `${p.funder ?? "?"}/${p.programme ?? p.words.join("+")}/${p.years.join("-") || "?"}`;
}
