/**
 * CSV (RFC 4180) reading and writing, small and dependency-free.
 * Reading: quoted fields with "" escapes and line breaks, CRLF/LF/CR, a byte-order mark, and the
 * delimiter guessed from the header line (comma, semicolon as written by French spreadsheets, tab).
 * Writing: UTF-8 with a byte-order mark (spreadsheets then read accents correctly), CRLF, quoting
 * when needed, and formula-injection protection (a text cell starting with = + - @ tab or CR is
 * prefixed with an apostrophe, so a spreadsheet shows it as text instead of running it).
 */

export type Delimiter = "," | ";" | "\t";

export function detectDelimiter(text: string): Delimiter {
  let firstLine = "";
  let inQuotes = false;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === "\n" || ch === "\r")) break;
    firstLine += ch;
  }
  const count = (d: string) => firstLine.split(d).length - 1;
  const candidates: Delimiter[] = [",", ";", "\t"];
  return candidates.reduce((best, d) => (count(d) > count(best) ? d : best), ",");
}

export interface CsvRecord {
  /** Line number where the record starts (1-based, as a spreadsheet shows it). */
  line: number;
  cells: string[];
}

export type CsvParseResult = { ok: true; records: CsvRecord[]; delimiter: Delimiter } | { ok: false; error: "unterminated_quote"; line: number };

/** Parse CSV text; blank lines are skipped. `maxRecords` stops early (the caller reports the limit). */
export function parseCsv(input: string, opts: { delimiter?: Delimiter; maxRecords?: number } = {}): CsvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = opts.delimiter ?? detectDelimiter(text);
  const max = opts.maxRecords ?? Number.POSITIVE_INFINITY;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quoteLine = 1;
  let fieldStarted = false;

  const endRecord = () => {
    cells.push(field);
    if (!(cells.length === 1 && cells[0] === "" && !fieldStarted)) records.push({ line: recordLine, cells });
    cells = [];
    field = "";
    fieldStarted = false;
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === "") {
      inQuotes = true;
      quoteLine = line;
      fieldStarted = true;
    } else if (ch === delimiter) {
      cells.push(field);
      field = "";
      fieldStarted = true;
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
      if (records.length >= max) return { ok: true, records, delimiter };
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (inQuotes) return { ok: false, error: "unterminated_quote", line: quoteLine };
  if (field !== "" || cells.length || fieldStarted) endRecord();
  return { ok: true, records: records.slice(0, max === Number.POSITIVE_INFINITY ? undefined : max), delimiter };
}

/** A text cell a spreadsheet would run as a formula gets a leading apostrophe. */
export function neutraliseFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(value: CsvValue, delimiter: Delimiter = ",", decimalComma = false): string {
  if (value === null || value === undefined) return "";
  let s: string;
  if (typeof value === "number") s = decimalComma ? String(value).replace(".", ",") : String(value);
  else if (typeof value === "boolean") s = value ? "true" : "false";
  else s = neutraliseFormula(value);
  return s.includes(delimiter) || /["\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV document: byte-order mark, header, rows, CRLF line ends. */
export function toCsv(header: string[], rows: CsvValue[][], opts: { delimiter?: Delimiter; decimalComma?: boolean } = {}): string {
  const d = opts.delimiter ?? ",";
  const lines = [header.map((h) => csvCell(h, d)).join(d), ...rows.map((r) => r.map((v) => csvCell(v, d, opts.decimalComma)).join(d))];
  return `\ufeff${lines.join("\r\n")}\r\n`;
}

/** Decode an uploaded file as UTF-8, refusing anything else (UTF-16, Latin-1/Windows-1252, binary). */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return { ok: false };
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (text.includes("\u0000")) return { ok: false };
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { ok: false };
  }
}
