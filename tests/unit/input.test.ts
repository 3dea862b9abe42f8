/** The input boundary's primitives (decision record 115): safe text, real dates, bounded numbers, UUIDs. */
import { boundedInt, isIsoDate, isSafeJson, isSafeText, isUuid, pageNumber, serialIdField, wholeNumberField } from "~/modules/validation/input";

test("text PostgreSQL can store: no NUL, no U+FFFD, no lone surrogate", () => {
  expect(isSafeText("Bureaux à Montréal — 5 postes 🚀")).toBe(true);
  for (const bad of ["a\u0000b", "\uFFFD", "x\uD800", "\uDC00y", "\uD83D"]) expect(isSafeText(bad), JSON.stringify(bad)).toBe(false);
  expect(isSafeJson({ postings: [{ title: "ok", tags: ["a"] }] })).toBe(true);
  expect(isSafeJson({ postings: [{ title: "a\u0000" }] })).toBe(false);
  expect(isSafeJson({ "k\u0000": 1 })).toBe(false);
});

test("real calendar dates in 1900–2999 only", () => {
  for (const ok of ["2026-02-28", "2028-02-29", "1900-01-01", "2999-12-31"]) expect(isIsoDate(ok), ok).toBe(true);
  for (const bad of ["2026-02-30", "2026-02-31", "2027-02-29", "0000-01-01", "1899-12-31", "3000-01-01", "2026-13-01", "2026-1-1", "99999-01-01", "2026-02-28T00:00", "", null, 20260101])
    expect(isIsoDate(bad), String(bad)).toBe(false);
});

test("bounded whole numbers in plain digits; page numbers never fail", () => {
  expect(boundedInt("42", 1, 100)).toBe(42);
  for (const bad of ["1e3", "0x10", "12.0", "99999999999999999999999", "Infinity", "NaN", "", " ", "101", "0"]) expect(boundedInt(bad, 1, 100), bad).toBeNull();
  expect(pageNumber("1e308")).toBe(1);
  expect(pageNumber("99999999999999")).toBe(10_000);
  expect(pageNumber("-3")).toBe(1);
  expect(pageNumber(null)).toBe(1);
  expect(pageNumber("7")).toBe(7);
});

test("serial ids and whole-number fields refuse what PostgreSQL would", () => {
  expect(serialIdField().safeParse("12").success).toBe(true);
  for (const bad of ["99999999999999999999999", "2147483648", "1e308", "0", "-1", "abc", "0x10"]) expect(serialIdField().safeParse(bad).success, bad).toBe(false);
  expect(wholeNumberField(1, 24).safeParse("6")).toMatchObject({ success: true, data: 6 });
  for (const bad of ["0x10", "1e1", "6.0", "25", ""]) expect(wholeNumberField(1, 24).safeParse(bad).success, bad).toBe(false);
});

test("one UUID check", () => {
  expect(isUuid("00000000-0000-0000-0000-000000000000")).toBe(true);
  for (const bad of ["not-a-uuid", "00000000-0000-0000-0000-00000000000g", "", 1, null, "00000000-0000-0000-0000-000000000000\u0000"]) expect(isUuid(bad)).toBe(false);
});
