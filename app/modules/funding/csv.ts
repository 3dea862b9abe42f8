/**
 * CSV for spreadsheets, pure. French exports use ";" and a decimal comma (what French-language
 * spreadsheets expect), English ones "," and a decimal point. UTF-8 with a byte-order mark, CRLF,
 * quotes when needed, and text cells that start like a formula are prefixed with an apostrophe.
 */
export type CsvCell = string | number | null | undefined;

export interface CsvOptions {
  delimiter: "," | ";";
  decimalComma: boolean;
}

export function csvOptionsFor(locale: "fr" | "en"): CsvOptions {
  return locale === "fr" ? { delimiter: ";", decimalComma: true } : { delimiter: ",", decimalComma: false };
}

export function csvCell(value: CsvCell, opts: CsvOptions): string {
  if (value === null || value === undefined) return "";
  let s: string;
  if (typeof value === "number") {
    s = Number.isInteger(value) ? String(value) : value.toFixed(2);
    if (opts.decimalComma) s = s.replace(".", ",");
  } else {
    s = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  }
  return /["\r\n]/.test(s) || s.includes(opts.delimiter) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly CsvCell[][], opts: CsvOptions): string {
  const lines = [header, ...rows].map((r) => r.map((c) => csvCell(c, opts)).join(opts.delimiter));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
