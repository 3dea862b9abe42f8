/**
 * CSV export of a list of postings exactly as the viewer filtered it (same visibility rules as the
 * page). For people and their spreadsheets: translated headers and values, UTF-8 with a byte-order
 * mark, formula-safe cells; French exports use semicolons and decimal commas (what a French-language
 * spreadsheet expects on double-click), English ones commas. The budget column is followed by its
 * basis (a total, or per desk per month, per seat…), worded as on the page.
 */
import type { Actor } from "~/modules/auth/permissions";
import { translator, type Locale, type MessageKey } from "~/modules/i18n";
import { appUrl } from "~/modules/config.server";
import { browseAll, type BrowseFilters } from "./browse.server";
import { basisLabel } from "./budget";
import { toCsv, type CsvValue } from "./csv";

export const EXPORT_MAX_ROWS = 20_000;

export async function exportPostingsCsv(actor: Actor, filters: BrowseFilters, locale: Locale): Promise<{ csv: string; count: number }> {
  const t = translator(locale);
  const { items } = await browseAll(actor, filters, EXPORT_MAX_ROWS);
  const label = (key: string) => t(key as MessageKey);
  const header = [
    "postings.export.id", "postings.export.cluster", "postings.field.kind", "postings.field.category", "postings.field.title",
    "postings.field.description", "postings.field.tags", "postings.field.language", "postings.field.region", "postings.field.startDate",
    "postings.field.endDate", "postings.field.quantity", "postings.field.unit", "postings.field.budgetMax", "postings.export.budgetBasis", "postings.field.programme",
    "postings.field.deadline", "postings.field.status", "postings.field.visibility", "postings.export.createdAt", "postings.export.expiresAt",
    "postings.export.link",
  ].map(label);
  const base = appUrl();
  const rows: CsvValue[][] = items.map((p) => [
    p.id,
    p.clusterName,
    p.kind ? label(`kind.${p.kind}`) : "",
    p.category ? label(`category.${p.category}`) : "",
    p.title,
    p.description,
    p.tags.join(", "),
    label(`lang.${p.language}`),
    p.region ? label(`region.${p.region}`) : "",
    p.startDate,
    p.endDate,
    p.quantity,
    p.unit ? label(`postings.unit.${p.unit}`) : "",
    p.budgetMax,
    // The amount's basis, worded as on the page ("par poste par mois", "au total"), next to it.
    p.budgetMax === null ? "" : basisLabel(t, p.budgetBasis),
    p.programme,
    p.deadline,
    label(`postings.status.${p.status}`),
    label(`postings.visibility.${p.visibility}`),
    p.createdAt.toISOString().slice(0, 10),
    p.expiresAt ? p.expiresAt.toISOString().slice(0, 10) : "",
    `${base}/postings/${p.id}`,
  ]);
  const fr = locale === "fr";
  return { csv: toCsv(header, rows, { delimiter: fr ? ";" : ",", decimalComma: fr }), count: items.length };
}
