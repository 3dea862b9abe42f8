/**
 * CSV in the reader's convention, for every export of the dashboards (pipeline, impact, the network's
 * health): French uses ";" and a decimal comma (what French-language spreadsheets expect), English ","
 * and a decimal point. The writing itself — UTF-8 with a byte-order mark, CRLF, quoting, text cells
 * that start like a formula prefixed with an apostrophe — is the one CSV writer of postings/csv.ts.
 * Numbers are rounded to the cent (money, tonnes of GHG with decimals).
 */
import type { Locale } from "@db/schema";
import { toCsv, type CsvValue, type Delimiter } from "~/modules/postings/csv";

export type CsvCell = CsvValue;

export interface CsvOptions {
  delimiter: Delimiter;
  decimalComma: boolean;
}

export function csvOptionsFor(locale: Locale): CsvOptions {
  return locale === "fr" ? { delimiter: ";", decimalComma: true } : { delimiter: ",", decimalComma: false };
}

const cents = (v: CsvCell): CsvCell => (typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 100) / 100 : v);

/** A whole CSV document in `locale`'s convention. */
export function localeCsv(locale: Locale, header: readonly string[], rows: readonly CsvCell[][]): string {
  return toCsv([...header], rows.map((r) => r.map(cents)), csvOptionsFor(locale));
}
