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

/** Find the matching closing brace of the `{` at `start`. */
function closing(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    if (s[i] === "{") depth++;
    else if (s[i] === "}" && --depth === 0) return i;
  }
  return -1;
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
        options.get(`=${n}`) ?? options.get(new Intl.PluralRules(intlTag(locale)).select(n)) ?? options.get("other") ?? "";
      out += formatMessage(locale, branch.replace(/#/g, formatNumber(locale, n)), params);
    } else {
      const v = params[body.trim()];
      out += v === undefined || v === null ? "" : String(v);
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
  return new Intl.NumberFormat(intlTag(locale), opts).format(n);
}

export function formatMoney(locale: Locale, n: number): string {
  return formatNumber(locale, n, { style: "currency", currency: "CAD", maximumFractionDigits: 0 });
}

export function formatDate(locale: Locale, d: Date | string, opts: Intl.DateTimeFormatOptions = { dateStyle: "long" }): string {
  const date = typeof d === "string" ? new Date(d) : d;
  return new Intl.DateTimeFormat(intlTag(locale), { timeZone: "America/Toronto", ...opts }).format(date);
}

export function formatDateTime(locale: Locale, d: Date | string): string {
  return formatDate(locale, d, { dateStyle: "medium", timeStyle: "short" });
}
