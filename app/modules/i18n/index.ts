/**
 * Translation and formatting, usable on the server and in the browser.
 * Messages use a small ICU subset: `{name}` and `{n, plural, =0 {…} one {# …} other {# …}}`.
 */
import { en } from "./en";
import { fr, type MessageKey } from "./fr";

export { type MessageKey } from "./fr";
import type { Locale } from "@db/schema/enums";

export { LOCALES, type Locale } from "@db/schema/enums";
export const DEFAULT_LOCALE: Locale = "fr";
export const dictionaries: Record<Locale, Record<MessageKey, string>> = { fr, en };

export type Params = Record<string, string | number | null | undefined>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isLocale(v: unknown): v is Locale {
  return v === "fr" || v === "en";
}

export function isMessageKey(v: unknown): v is MessageKey {
  return typeof v === "string" && Object.prototype.hasOwnProperty.call(fr, v);
}

const intlTag = (locale: Locale) => (locale === "fr" ? "fr-CA" : "en-CA");

// ---------------------------------------------------------------- formatter cache
// Building an Intl formatter costs ~0.4 ms (it loads locale data and, with a time zone, zone rules);
// using a built one costs microseconds. Pages format hundreds of dates and numbers, so formatters are
// built once per (kind, locale, options — time zone included) and reused. Formatters are immutable,
// so sharing them between requests is safe. The cache is bounded in case options vary without end.

const MAX_FORMATTERS = 500;
const formatters = new Map<string, unknown>();

function memo<T>(kind: string, tag: string, opts: object | undefined, make: () => T): T {
  const key = `${kind}|${tag}|${opts ? JSON.stringify(opts) : ""}`;
  let f = formatters.get(key) as T | undefined;
  if (f === undefined) {
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/** An app locale ("fr", "en") becomes its Canadian tag; any other BCP 47 tag is used as given. */
const tagOf = (locale: Locale | string) => (isLocale(locale) ? intlTag(locale) : locale);

/** A shared `Intl.NumberFormat` (never build one per call). */
export function numberFormat(locale: Locale | string, opts?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const tag = tagOf(locale);
  return memo("number", tag, opts, () => new Intl.NumberFormat(tag, opts));
}

/** A shared `Intl.DateTimeFormat`; pass `timeZone` in the options (its default is the machine's). */
export function dateTimeFormat(locale: Locale | string, opts?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const tag = tagOf(locale);
  return memo("date", tag, opts, () => new Intl.DateTimeFormat(tag, opts));
}

/** A shared `Intl.PluralRules`. */
export function pluralRules(locale: Locale | string, opts?: Intl.PluralRulesOptions): Intl.PluralRules {
  const tag = tagOf(locale);
  return memo("plural", tag, opts, () => new Intl.PluralRules(tag, opts));
}

/** A shared `Intl.ListFormat`. */
export function listFormat(locale: Locale | string, opts?: Intl.ListFormatOptions): Intl.ListFormat {
  const tag = tagOf(locale);
  return memo("list", tag, opts, () => new Intl.ListFormat(tag, opts));
}

/** Find the matching closing brace of the `{` at `start`. */
function closing(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    if (s[i] === "{") depth++;
    else if (s[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

/**
 * A number placed in a message follows the reader's language ("au plus 1 000 000 000", "2.5" → "2,5");
 * whole numbers below 10 000 stay as they are, so years and codes ("appel 2027") are never grouped
 * (French typography allows four-digit numbers without a space).
 */
function interpolatedNumber(locale: Locale, v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 10_000 ? String(v) : formatNumber(locale, v, { maximumFractionDigits: 2 });
}

export function formatMessage(locale: Locale, template: string, params: Params = {}): string {
  let out = "";
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{", i);
    if (open < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, open);
    const end = closing(template, open);
    if (end < 0) {
      out += template.slice(open);
      break;
    }
    const body = template.slice(open + 1, end);
    const m = /^\s*(\w+)\s*,\s*plural\s*,(.*)$/s.exec(body);
    if (m) {
      const n = Number(params[m[1]] ?? 0);
      const options = new Map<string, string>();
      const re = /\s*(=\d+|\w+)\s*\{/g;
      let rest = m[2];
      let mm: RegExpExecArray | null;
      while ((mm = re.exec(rest))) {
        const braceAt = mm.index + mm[0].length - 1;
        const close = closing(rest, braceAt);
        options.set(mm[1], rest.slice(braceAt + 1, close));
        rest = rest.slice(close + 1);
        re.lastIndex = 0;
      }
      const branch =
        options.get(`=${n}`) ?? options.get(pluralRules(locale).select(n)) ?? options.get("other") ?? "";
      out += formatMessage(locale, branch.replace(/#/g, formatNumber(locale, n)), params);
    } else {
      const v = params[body.trim()];
      out += v === undefined || v === null ? "" : typeof v === "number" ? interpolatedNumber(locale, v) : String(v);
    }
    i = end + 1;
  }
  return out;
}

export function translator(locale: Locale): Translate {
  const dict = dictionaries[locale];
  return (key, params) => formatMessage(locale, dict[key] ?? fr[key] ?? key, params);
}

export function formatNumber(locale: Locale, n: number, opts?: Intl.NumberFormatOptions): string {
  return numberFormat(locale, opts).format(n);
}

const MONEY: Intl.NumberFormatOptions = { style: "currency", currency: "CAD", maximumFractionDigits: 0 };
const MONEY_CENTS: Intl.NumberFormatOptions = { style: "currency", currency: "CAD", minimumFractionDigits: 2, maximumFractionDigits: 2 };

/** Dollars: whole amounts without cents ("1 500 $"), others to the cent ("1 500,50 $") — never rounded away. */
export function formatMoney(locale: Locale, n: number): string {
  return formatNumber(locale, n, Number.isInteger(Math.round(n * 100) / 100) ? MONEY : MONEY_CENTS);
}

/** The time zone dates are shown in (Québec), unless a caller passes another `timeZone`. */
export const DISPLAY_TIME_ZONE = "America/Toronto";

const DEFAULT_DATE: Intl.DateTimeFormatOptions = { dateStyle: "long", timeZone: DISPLAY_TIME_ZONE };

/** Do these options write the month as a word ("mai", "janv.")? Then French writes the 1st as "1er". */
const wordMonth = (o: Intl.DateTimeFormatOptions) =>
  o.month === "long" || o.month === "short" || o.dateStyle === "long" || o.dateStyle === "full" || o.dateStyle === "medium";

/**
 * A date (and time, with `timeStyle`/`hour`…) in the reader's language, in Québec time unless
 * `opts.timeZone` says otherwise. French writes the first of the month as an ordinal: "1er mai 2027".
 */
export function formatDate(locale: Locale, d: Date | string, opts?: Intl.DateTimeFormatOptions): string {
  const date = typeof d === "string" ? new Date(d) : d;
  const options = opts ? (opts.timeZone ? opts : { timeZone: DISPLAY_TIME_ZONE, ...opts }) : DEFAULT_DATE;
  const fmt = dateTimeFormat(locale, options);
  if (locale !== "fr" || !wordMonth(options)) return fmt.format(date);
  let out = "";
  for (const part of fmt.formatToParts(date)) out += part.type === "day" && (part.value === "1" || part.value === "01") ? "1er" : part.value;
  return out;
}

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short", timeZone: DISPLAY_TIME_ZONE };

export function formatDateTime(locale: Locale, d: Date | string): string {
  return formatDate(locale, d, DATE_TIME);
}
