import { csvCell, decodeUtf8, detectDelimiter, neutraliseFormula, parseCsv, toCsv } from "~/modules/postings/csv";

describe("CSV reading (RFC 4180)", () => {
  it("reads quoted fields with delimiters, escaped quotes and line breaks", () => {
    const r = parseCsv('a,b,c\r\n"x, y","say ""hi""","line 1\nline 2"\r\n');
    expect(r.ok && r.records).toEqual([
      { line: 1, cells: ["a", "b", "c"] },
      { line: 2, cells: ["x, y", 'say "hi"', "line 1\nline 2"] },
    ]);
  });
  it("counts lines as a spreadsheet does (a quoted line break moves the next record down)", () => {
    const r = parseCsv('h\n"a\nb"\nc\n');
    expect(r.ok && r.records.map((x) => x.line)).toEqual([1, 2, 4]);
  });
  it("skips blank lines, keeps empty cells, handles LF, CR and no final newline", () => {
    const r = parseCsv("a;b\n\n1;\r2;3");
    expect(r.ok && r.records.map((x) => x.cells)).toEqual([["a", "b"], ["1", ""], ["2", "3"]]);
  });
  it("guesses the delimiter from the header (comma, semicolon, tab)", () => {
    expect(detectDelimiter("a,b,c\n1;2;3")).toBe(",");
    expect(detectDelimiter("titre;description;\"a,b\"\n")).toBe(";");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
  });
  it("strips a byte-order mark", () => {
    const r = parseCsv("\ufeffcluster,kind\nnumana,need");
    expect(r.ok && r.records[0].cells).toEqual(["cluster", "kind"]);
  });
  it("reports an unterminated quote with its line", () => {
    expect(parseCsv('a,b\n1,"oops\n2,3\n')).toEqual({ ok: false, error: "unterminated_quote", line: 2 });
  });
  it("stops at maxRecords", () => {
    const r = parseCsv("h\n1\n2\n3\n4\n", { maxRecords: 3 });
    expect(r.ok && r.records.length).toBe(3);
  });
});

describe("CSV writing", () => {
  it("starts with a byte-order mark, uses CRLF, keeps accents", () => {
    const csv = toCsv(["Titre", "Région"], [["Écoconception à Montréal", "Montérégie"]]);
    expect(csv.startsWith("\ufeffTitre,Région\r\n")).toBe(true);
    expect(csv).toContain("Écoconception à Montréal,Montérégie\r\n");
    expect(Buffer.from(csv, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
  it("quotes cells with delimiters, quotes, line breaks or edge spaces", () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("a;b", ";")).toBe('"a;b"');
    expect(csvCell("a;b", ",")).toBe("a;b");
    expect(csvCell("x\ny")).toBe('"x\ny"');
    expect(csvCell(" padded")).toBe('" padded"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(12.5, ";", true)).toBe("12,5");
  });
  it("neutralises formulas (=, +, -, @, tab, CR) in text cells", () => {
    for (const s of ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]) expect(neutraliseFormula(s).startsWith("'")).toBe(true);
    expect(neutraliseFormula("Bureaux = 4")).toBe("Bureaux = 4");
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell(-5)).toBe("-5");
  });
  it("round-trips through the reader", () => {
    const rows = [["a,b", 'q"q', "multi\nline", "été"]];
    const r = parseCsv(toCsv(["h1", "h2", "h3", "h4"], rows));
    expect(r.ok && r.records[1].cells).toEqual(rows[0]);
  });
});

describe("UTF-8 decoding of uploads", () => {
  it("accepts UTF-8 (with or without a byte-order mark)", () => {
    expect(decodeUtf8(new TextEncoder().encode("Région"))).toEqual({ ok: true, text: "Région" });
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ ok: true, text: "a" });
  });
  it("refuses Windows-1252/Latin-1, UTF-16 and binary", () => {
    expect(decodeUtf8(new Uint8Array([0x52, 0xe9, 0x67, 0x69, 0x6f, 0x6e])).ok).toBe(false); // "Région" in Latin-1
    expect(decodeUtf8(new Uint8Array([0xff, 0xfe, 0x61, 0x00])).ok).toBe(false);
    expect(decodeUtf8(new Uint8Array([0x61, 0x00, 0x62])).ok).toBe(false);
  });
});
