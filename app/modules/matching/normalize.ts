/**
 * Text normalisation shared by the concept extractor, the programme parser and the unit parser:
 * accent folding, tokenisation, stop words (FR + EN) and a deliberately light plural stemmer.
 * Every lexicon pattern goes through the same pipeline, so patterns and texts always agree.
 */

/** Lower-case, strip accents and ligatures: "Écoconception" -> "ecoconception". */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/ß/g, "ss");
}

/**
 * Light FR/EN plural stemmer: "bureaux" -> "bureau", "laptops" -> "laptop",
 * "batteries" -> "battery", "partagées" -> "partage". It never touches words of three
 * letters or less, nor -ss/-us/-is endings ("process", "campus", "analysis").
 */
export function stem(token: string): string {
  if (token.length <= 3 || /^\d/.test(token)) return token;
  let t = token;
  if (t.endsWith("ies") && t.length > 4) t = `${t.slice(0, -3)}y`;
  else if (t.endsWith("eaux")) t = t.slice(0, -1);
  else if (t.endsWith("s") && !/(ss|us|is)$/.test(t)) t = t.slice(0, -1);
  if (t.endsWith("ee") && t.length > 4) t = t.slice(0, -1);
  return t;
}

const FR_STOP = `a au aux avec ce ces cet cette d dans de des du elle elles en et est il ils je l la le les
  leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur
  ta te tes ton tu un une vos votre vous c j m n t y ete sont sera seront afin ainsi aussi tres plus tout toute
  tous toutes entre chez vers dont cela ceci ca donc si sans selon comme chaque autre autres avons avez ont
  etait peut peuvent doit doivent souhaite souhaitons souhaitent cherche cherchons cherchent voulons veut
  veulent pouvons avoir fait faire leurs quelques ici celle celui ceux lors deja encore jusqu jusque pres
  environ dont via notamment idealement simplement besoin besoins`;
const EN_STOP = `a an the and or of to in on at by for with from as is are was were be been this that these
  those we our ours us you your they their them its has have had can could will would should may might must
  do does did about into up out than then so such per via any all some each other more most very also
  only just not no who which what when where how there here want wants wanted need needs needed looking look
  seek seeking like would i me my he she his her etc within throughout up ideal ideally around simply`;

/** Folded stop words of both languages ("it" is kept: "IT support" must survive). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `${FR_STOP} ${EN_STOP}`.split(/\s+/).filter(Boolean),
);

const FR_MARKERS = new Set(
  "le la les des du de et pour avec dans une un nous notre nos est sont aux sur par qui que".split(" "),
);
const EN_MARKERS = new Set(
  "the and for with our we is are to of in on from by an this that be".split(" "),
);

/**
 * Case-sensitive rewrites done before folding: upper-case "IT"/"TI" is the IT domain (the
 * lower-case English pronoun "it" is not), "R&D"/"R-D" is research and development,
 * superscript units become plain tokens.
 */
function preRewrite(text: string): string {
  return text
    .replace(/\b(IT|TI)\b/g, " ti ")
    .replace(/\bR\s?[&-]\s?D\b/gi, " rd ")
    .replace(/²/g, "2")
    .replace(/\b3-D\b/gi, "3d");
}

/** Folded word tokens, stop words removed, stemmed. */
export function tokenize(text: string): string[] {
  const folded = foldText(preRewrite(text)).replace(/['’`]/g, " ");
  const out: string[] = [];
  for (const raw of folded.split(/[^a-z0-9]+/)) {
    if (!raw || STOP_WORDS.has(raw)) continue;
    const s = stem(raw);
    if (!STOP_WORDS.has(s)) out.push(s);
  }
  return out;
}

/** Guess the language of a text from its function words; French wins ties (francophone first). */
export function detectLanguage(text: string): "fr" | "en" {
  let fr = 0;
  let en = 0;
  for (const w of foldText(text).split(/[^a-z]+/)) {
    if (FR_MARKERS.has(w)) fr++;
    if (EN_MARKERS.has(w)) en++;
  }
  return en > fr ? "en" : "fr";
}
