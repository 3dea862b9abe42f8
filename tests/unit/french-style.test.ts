/** French text follows the OQLF's advice: epicene wording, no middle-dot forms ("intéressé·e"). */
import { describe, expect, it } from "vitest";
import { dictionaries, formatMessage } from "~/modules/i18n";

describe("French dictionaries", () => {
  it("use no middle-dot (point médian) forms", () => {
    const dotted = Object.entries(dictionaries.fr).filter(([, text]) => /\p{L}·\p{L}/u.test(text));
    expect(dotted.map(([key]) => key)).toEqual([]);
  });

  it("write numbers in messages the reader's way, but never group years", () => {
    expect(formatMessage("fr", "au plus {max}", { max: 1_000_000_000 })).toMatch(/^au plus 1[\s\u202f]000[\s\u202f]000[\s\u202f]000$/u);
    expect(formatMessage("en", "at most {max}", { max: 1_000_000_000 })).toBe("at most 1,000,000,000");
    expect(formatMessage("fr", "appel {year}", { year: 2027 })).toBe("appel 2027");
    expect(formatMessage("fr", "{n} m²", { n: 2.5 })).toBe("2,5 m²");
  });
});
