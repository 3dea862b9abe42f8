import { afterEach, describe, expect, it, vi } from "vitest";
import { dateTimeFormat, formatDate, formatDateTime, formatMessage, formatMoney, formatNumber, listFormat, numberFormat } from "~/modules/i18n";
import { joinNames } from "~/modules/brokering/templates";
import { localDayHour } from "~/modules/brokering/jobs.server";
import { localMidnight, localToday, monthLabel } from "~/modules/brokering/impact";
import { startOfDay, todayIso } from "~/modules/funding/metrics";

/** Normalise Intl's narrow and non-breaking spaces so expectations stay readable. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

// 2027-05-01 02:30 UTC is still 30 April in Québec (UTC−4 in May).
const EARLY_MAY_UTC = new Date("2027-05-01T02:30:00Z");
const MAY_FIRST_NOON = new Date("2027-05-01T16:00:00Z");
// 10 May 22:30 in Québec, 11 May 04:30 in Paris.
const MID_MAY_UTC = new Date("2027-05-11T02:30:00Z");

afterEach(() => vi.restoreAllMocks());

describe("formatter cache", () => {
  it("builds one formatter per locale, options and time zone, and reuses it", () => {
    expect(numberFormat("fr", { style: "percent" })).toBe(numberFormat("fr", { style: "percent" }));
    expect(numberFormat("fr", { style: "percent" })).not.toBe(numberFormat("en", { style: "percent" }));
    expect(numberFormat("fr")).not.toBe(numberFormat("fr", { style: "percent" }));
    const toronto = dateTimeFormat("fr", { dateStyle: "long", timeZone: "America/Toronto" });
    expect(dateTimeFormat("fr", { dateStyle: "long", timeZone: "America/Toronto" })).toBe(toronto);
    expect(dateTimeFormat("fr", { dateStyle: "long", timeZone: "UTC" })).not.toBe(toronto);
    expect(dateTimeFormat("fr-CA", { dateStyle: "long", timeZone: "America/Toronto" })).toBe(toronto); // "fr" is fr-CA
    expect(listFormat("en", { type: "conjunction" })).toBe(listFormat("en", { type: "conjunction" }));
  });

  it("does not build a formatter per call", () => {
    formatDate("fr", MAY_FIRST_NOON);
    formatNumber("en", 1234.5);
    formatMoney("fr", 12);
    formatMessage("en", "{n, plural, one {# cluster} other {# clusters}}", { n: 2 });
    const dates = vi.spyOn(Intl, "DateTimeFormat");
    const numbers = vi.spyOn(Intl, "NumberFormat");
    const plurals = vi.spyOn(Intl, "PluralRules");
    for (let i = 0; i < 50; i++) {
      formatDate("fr", MAY_FIRST_NOON);
      formatDateTime("en", MAY_FIRST_NOON);
      formatNumber("en", i * 1000.5);
      formatMoney("fr", i);
      formatMessage("en", "{n, plural, one {# cluster} other {# clusters}}", { n: i });
      localToday(MAY_FIRST_NOON);
      todayIso(MAY_FIRST_NOON);
    }
    // formatDateTime("en") and money are first used here: at most a handful of constructions, not 350
    expect(dates.mock.calls.length + numbers.mock.calls.length + plurals.mock.calls.length).toBeLessThanOrEqual(4);
  });

  it("gives the same text as a fresh formatter, in both languages and in two time zones, whatever the order of calls", () => {
    const cases: [("fr" | "en"), Intl.DateTimeFormatOptions][] = [];
    for (const locale of ["fr", "en"] as const)
      for (const timeZone of ["America/Toronto", "Europe/Paris"])
        for (const style of [{ dateStyle: "short" }, { dateStyle: "medium", timeStyle: "short" }, { hour: "2-digit", minute: "2-digit" }] as const)
          cases.push([locale, { ...style, timeZone }]);
    // interleaved twice: a cache keyed wrongly (locale or zone missing) returns the previous case's text
    for (let round = 0; round < 2; round++)
      for (const [locale, opts] of cases) {
        const fresh = new Intl.DateTimeFormat(locale === "fr" ? "fr-CA" : "en-CA", opts).format(MID_MAY_UTC);
        expect(formatDate(locale, MID_MAY_UTC, opts), `${locale} ${JSON.stringify(opts)}`).toBe(fresh);
      }
  });

  it("never shares a formatter between fr-CA and en-CA, or between two time zones, for dates and money alike", () => {
    const opts = { dateStyle: "long", timeStyle: "short" } as const;
    const frToronto = dateTimeFormat("fr-CA", { ...opts, timeZone: "America/Toronto" });
    const enToronto = dateTimeFormat("en-CA", { ...opts, timeZone: "America/Toronto" });
    const frParis = dateTimeFormat("fr-CA", { ...opts, timeZone: "Europe/Paris" });
    expect(new Set([frToronto, enToronto, frParis]).size).toBe(3);
    expect(frToronto.resolvedOptions()).toMatchObject({ locale: "fr-CA", timeZone: "America/Toronto" });
    expect(enToronto.resolvedOptions()).toMatchObject({ locale: "en-CA", timeZone: "America/Toronto" });
    expect(frParis.resolvedOptions()).toMatchObject({ locale: "fr-CA", timeZone: "Europe/Paris" });
    // interleaved money: each locale keeps its own currency layout
    for (let i = 0; i < 3; i++) {
      expect(plain(formatMoney("fr", 1234.56))).toBe("1 234,56 $");
      expect(formatMoney("en", 1234.56)).toBe("$1,234.56");
    }
    expect(numberFormat("fr-CA", { style: "currency", currency: "CAD" })).not.toBe(numberFormat("en-CA", { style: "currency", currency: "CAD" }));
  });

  it("formats dates in Québec time by default, in the given zone otherwise", () => {
    expect(plain(formatDate("en", EARLY_MAY_UTC))).toBe("April 30, 2027");
    expect(plain(formatDate("fr", EARLY_MAY_UTC))).toBe("30 avril 2027");
    expect(plain(formatDate("en", EARLY_MAY_UTC, { dateStyle: "long", timeZone: "UTC" }))).toBe("May 1, 2027");
    expect(plain(formatDate("fr", EARLY_MAY_UTC, { dateStyle: "long", timeZone: "UTC" }))).toBe("1er mai 2027");
    expect(plain(formatDate("en", EARLY_MAY_UTC, { dateStyle: "long", timeZone: "Europe/Paris" }))).toBe("May 1, 2027");
    // and back: the Québec formatter was not replaced by the UTC one
    expect(plain(formatDate("fr", EARLY_MAY_UTC))).toBe("30 avril 2027");
  });

  it("formats numbers and money per locale", () => {
    expect(plain(formatNumber("fr", 1234567.5))).toBe("1 234 567,5");
    expect(formatNumber("en", 1234567.5)).toBe("1,234,567.5");
    expect(plain(formatMoney("fr", 1500))).toBe("1 500 $");
    expect(formatMoney("en", 1500)).toBe("$1,500");
    expect(plain(formatNumber("fr", 1234567.5))).toBe("1 234 567,5");
  });

  it("keeps the helpers of other modules right (Québec calendar days, lists, month labels)", () => {
    expect(localToday(EARLY_MAY_UTC)).toBe("2027-04-30");
    expect(todayIso(EARLY_MAY_UTC)).toBe("2027-04-30");
    expect(localDayHour(EARLY_MAY_UTC)).toEqual({ day: "2027-04-30", hour: 22 });
    expect(localMidnight("2027-05-01").toISOString()).toBe("2027-05-01T04:00:00.000Z");
    expect(localMidnight("2027-01-01").toISOString()).toBe("2027-01-01T05:00:00.000Z");
    expect(startOfDay("2027-05-01").toISOString()).toBe("2027-05-01T04:00:00.000Z");
    expect(startOfDay("2027-01-01").toISOString()).toBe("2027-01-01T05:00:00.000Z");
    expect(joinNames("fr", ["A", "B", "C"])).toBe("A, B et C");
    expect(joinNames("en", ["A", "B", "C"])).toBe("A, B and C");
    expect(plain(monthLabel("fr", "2027-05"))).toBe("mai 2027");
    expect(plain(monthLabel("en", "2027-05"))).toBe("May 2027");
  });
});

describe("French ordinal for the first of the month", () => {
  it('writes "1er" when the month is a word', () => {
    expect(plain(formatDate("fr", MAY_FIRST_NOON))).toBe("1er mai 2027");
    expect(plain(formatDate("fr", MAY_FIRST_NOON, { dateStyle: "medium" }))).toBe("1er mai 2027");
    expect(plain(formatDate("fr", MAY_FIRST_NOON, { dateStyle: "full" }))).toBe("samedi 1er mai 2027");
    expect(plain(formatDate("fr", MAY_FIRST_NOON, { day: "numeric", month: "long" }))).toBe("1er mai");
    expect(plain(formatDateTime("fr", MAY_FIRST_NOON))).toBe("1er mai 2027, 12 h 00");
    expect(plain(formatDate("fr", "2027-01-01T12:00:00Z"))).toBe("1er janvier 2027");
  });

  it("only on the first, only in French, never in numeric dates", () => {
    expect(plain(formatDate("fr", "2027-05-02T12:00:00Z"))).toBe("2 mai 2027");
    expect(plain(formatDate("fr", "2027-05-11T12:00:00Z"))).toBe("11 mai 2027");
    expect(plain(formatDate("fr", "2027-05-21T12:00:00Z"))).toBe("21 mai 2027");
    expect(plain(formatDate("fr", "2027-05-31T12:00:00Z"))).toBe("31 mai 2027");
    expect(formatDate("en", MAY_FIRST_NOON)).toBe("May 1, 2027");
    expect(formatDate("fr", MAY_FIRST_NOON, { dateStyle: "short" })).toBe("2027-05-01");
  });

  it("takes the day in the time zone used: the first in one zone may be the 30th in another", () => {
    expect(plain(formatDate("fr", EARLY_MAY_UTC, { dateStyle: "long", timeZone: "UTC" }))).toBe("1er mai 2027");
    expect(plain(formatDate("fr", EARLY_MAY_UTC, { dateStyle: "long", timeZone: "America/Toronto" }))).toBe("30 avril 2027");
    expect(plain(formatDate("fr", new Date("2027-05-31T23:30:00-04:00"), { dateStyle: "long", timeZone: "Europe/Paris" }))).toBe("1er juin 2027");
  });
});
