/**
 * The introduction template: the opening the coordinator writes once (French and English) and may
 * edit for each introduction. Only a few named placeholders are allowed, so a typo is caught when
 * the template is saved instead of silently printing nothing in hundreds of emails.
 */
import { listFormat, type Locale } from "~/modules/i18n";

export const TEMPLATE_PLACEHOLDERS = ["recipient", "coordinator", "parties"] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];
export const TEMPLATE_MAX = 4000;
export const NOTE_MAX = 4000;

export const DEFAULT_TEMPLATES: Record<Locale, string> = {
  fr:
    "Bonjour {recipient},\n\n" +
    "Je vous mets en relation avec {parties}. Vos publications se complètent et une mutualisation semble possible. " +
    "Je vous laisse prendre contact directement ; je reste disponible pour faciliter la suite.\n\n" +
    "{coordinator}, coordination Maillage",
  en:
    "Hello {recipient},\n\n" +
    "I am introducing you to {parties}. Your postings complement each other and pooling looks possible. " +
    "Please get in touch directly; I remain available to help things along.\n\n" +
    "{coordinator}, Maillage coordination",
};

/** Placeholders used in a template that are not allowed (e.g. `{recipent}`), or an unbalanced brace. */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  const tokens = template.match(/\{[^{}]*\}/g) ?? [];
  for (const tok of tokens) {
    const name = tok.slice(1, -1).trim();
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) problems.push(tok);
  }
  const stripped = template.replace(/\{[^{}]*\}/g, "");
  if (/[{}]/.test(stripped)) problems.push(stripped.includes("{") ? "{" : "}");
  return problems;
}

/** Fill the placeholders; anything else is left exactly as written. */
export function renderTemplate(template: string, values: Record<TemplatePlaceholder, string>): string {
  return template.replace(/\{\s*(recipient|coordinator|parties)\s*\}/g, (_m, name: TemplatePlaceholder) => values[name]);
}

/** "A", "A and B", "A, B and C" in the reader's language. */
export function joinNames(locale: Locale, names: string[]): string {
  return listFormat(locale, { style: "long", type: "conjunction" }).format(names);
}
