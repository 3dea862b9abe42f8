import { describe, expect, it } from "vitest";
import { dictionaries, formatMessage, translator } from "~/modules/i18n";
import { fromAcceptLanguage, negotiateLocale } from "~/modules/i18n/negotiate";

// a placeholder is `{name}` or `{name, plural…}`; the branches of a plural (`one {unread}`) are text
const placeholders = (s: string) => [...s.matchAll(/(?<!(?:zero|one|two|few|many|other|=\d+)\s*)\{(\w+)\s*[},]/g)].map((m) => m[1]).sort();

describe("dictionaries", () => {
  it("have exactly the same keys in French and English", () => {
    const fr = Object.keys(dictionaries.fr).sort();
    const en = Object.keys(dictionaries.en).sort();
    expect(fr.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !fr.includes(k))).toEqual([]);
  });

  it("use the same placeholders in both languages and no empty message", () => {
    for (const [key, frText] of Object.entries(dictionaries.fr)) {
      const enText = dictionaries.en[key as keyof typeof dictionaries.en];
      expect(placeholders(enText), key).toEqual(placeholders(frText));
      expect(frText.trim(), key).not.toBe("");
      expect(enText.trim(), key).not.toBe("");
    }
  });
});

describe("formatMessage", () => {
  it("interpolates and pluralises with the locale's rules", () => {
    expect(formatMessage("fr", "Bonjour {name}", { name: "Élise" })).toBe("Bonjour Élise");
    const t = "{count, plural, =0 {aucune} one {# grappe} other {# grappes}}";
    expect(formatMessage("fr", t, { count: 0 })).toBe("aucune");
    expect(formatMessage("fr", t, { count: 1 })).toBe("1 grappe");
    expect(formatMessage("fr", t, { count: 1500 })).toBe("1\u00a0500 grappes");
    expect(translator("en")("clusters.count", { count: 2 })).toBe("2 clusters");
  });
});

describe("locale negotiation", () => {
  const req = (headers: Record<string, string>) => new Request("http://x/", { headers });

  it("defaults to French", () => {
    expect(negotiateLocale(req({}))).toBe("fr");
    expect(negotiateLocale(req({ "Accept-Language": "de-DE,es;q=0.8" }))).toBe("fr");
  });

  it("follows Accept-Language with q-values", () => {
    expect(fromAcceptLanguage("en-CA,en;q=0.9,fr;q=0.8")).toBe("en");
    expect(fromAcceptLanguage("de;q=1, fr-CA;q=0.5, en;q=0.7")).toBe("en");
    expect(fromAcceptLanguage("en;q=0, fr;q=0.1")).toBe("fr");
  });

  it("prefers the cookie over Accept-Language, and the user's preference over both", () => {
    expect(negotiateLocale(req({ "Accept-Language": "en", Cookie: "a=b; maillage_lang=fr" }))).toBe("fr");
    expect(negotiateLocale(req({ "Accept-Language": "fr", Cookie: "maillage_lang=en" }))).toBe("en");
    expect(negotiateLocale(req({ Cookie: "maillage_lang=en" }), "fr")).toBe("fr");
    expect(negotiateLocale(req({ Cookie: "maillage_lang=xx" }), "zz")).toBe("fr");
  });
});
