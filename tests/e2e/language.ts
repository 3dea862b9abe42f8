/**
 * Translation seams: text of the other language on a page. The fragments are taken from the
 * dictionaries (app/modules/i18n): the literal pieces of French messages that appear in no English
 * message, and the reverse, plus the known strings that do not come from them (demo programme names,
 * French typography). Text inside an element whose `lang` is another language (user content: posting
 * titles and descriptions, cluster names, programme names as their owners wrote them) is not the page's.
 */
import type { Page } from "@playwright/test";
import { en } from "../../app/modules/i18n/en";
import { fr } from "../../app/modules/i18n/fr";

type Locale = "fr" | "en";

const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, " ").replace(/\s+/g, " ").trim().toLowerCase();

/** The literal pieces of a message worth looking for: two words or more, ten characters or more. */
function pieces(message: string): string[] {
  return message
    .split(/[{}#\n]/)
    .filter((p) => !/plural,|select,|^\s*=\d|\b(one|other)\s*$/.test(p))
    .map((p) => norm(p).replace(/^[\s.,;:!?()«»"'–—-]+|[\s.,;:!?()«»"'–—-]+$/g, ""))
    .filter((p) => p.length >= 10 && /\s/.test(p) && /\p{L}{3}/u.test(p));
}

function onlyIn(mine: Record<string, string>, theirs: Record<string, string>): string[] {
  const other = norm(Object.values(theirs).join("\n"));
  return [...new Set(Object.values(mine).flatMap(pieces))].filter((p) => !other.includes(p));
}

/** Strings known to leak that no dictionary holds (demo data written in one language only). */
const KNOWN: Record<Locale, string[]> = {
  fr: ["appel de projets", "événements écoresponsables", "la coordination"],
  en: ["call for projects"],
};

const FOREIGN: Record<Locale, string[]> = {
  // fragments that must not appear on a page in this locale
  en: [...onlyIn(fr, en), ...KNOWN.fr],
  fr: [...onlyIn(en, fr), ...KNOWN.en],
};

/**
 * Seams found by this check and not fixed yet (issue 16): user content still to be marked with its
 * `lang` (posting titles in the lists and the queue, joint-application titles, posting programmes, the
 * outbox's emails in their recipients' language, the settings' email previews). Each is ignored only on
 * the pages where it was found; remove an entry once its seam is fixed.
 */
const PENDING: [RegExp, string[]][] = [
  [/^\/(postings|clusters\/|coordination\/matches$|coordination\/matches\?)/, ["ordinateurs portables", "demande conjointe", "espace de bureau", "licences logicielles", "postes de travail", "joint application", "software licences"]],
  [/^\/coordination\/matches\/(settings|[0-9a-f-]{36})/, ["en relation", "your posting"]],
  [/^\/coordination\/outbox/, ["correspondances proposées", "nouvelles correspondances proposées", "nouvelles correspondances", "à déposer d'ici le"]],
  [/^\/funding\/new/, ["appel de projets", "call for projects", "demande conjointe", "joint application"]],
  [/^\/(funding|pipeline)/, ["événements écoresponsables", "eco-responsible events"]],
];

/** The page's own text (and its accessible attributes) in the page's language. */
async function pageText(page: Page, locale: Locale): Promise<string> {
  return page.evaluate((locale) => {
    const own = (el: Element | null) => {
      const scope = el?.closest("[lang]")?.getAttribute("lang") ?? locale;
      return scope.toLowerCase().startsWith(locale);
    };
    const out: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || parent.closest("script, style, noscript")) continue;
      if (own(parent)) out.push(n.textContent ?? "");
    }
    for (const el of document.body.querySelectorAll("[aria-label], [title], [placeholder], [alt], input[type=submit][value]")) {
      if (!own(el)) continue;
      for (const a of ["aria-label", "title", "placeholder", "alt"]) if (el.hasAttribute(a)) out.push(el.getAttribute(a) ?? "");
      if (el.matches("input[type=submit]")) out.push((el as HTMLInputElement).value);
    }
    return out.join("\n");
  }, locale);
}

/** Other-language text on the current page (empty when the page speaks only `locale`). */
export async function languageSeams(page: Page, locale: Locale, url: string): Promise<string[]> {
  const raw = await pageText(page, locale);
  const text = norm(raw.replace(/\n/g, " ¶ "));
  const pending = new Set(PENDING.filter(([path]) => path.test(url)).flatMap(([, fragments]) => fragments));
  const found = FOREIGN[locale].filter((f) => text.includes(f) && !pending.has(f)).map((f) => `"${f}"`);
  // French spacing (a no-break space before : ; ! ?) in English text.
  if (locale === "en") for (const m of raw.match(/\S{0,20}[\u00a0\u202f][:;!?].{0,10}/g) ?? []) found.push(`French spacing "${m}"`);
  return [...new Set(found)].slice(0, 20);
}
