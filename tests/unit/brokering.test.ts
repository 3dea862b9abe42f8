/** Brokering's pure parts: reason texts, templates, form rules, the impact period and CSV, permissions. */
import { describe, expect, it } from "vitest";
import { can, type Actor } from "~/modules/auth/permissions";
import { niceMax } from "~/components/brokering/charts";
import { datasetCsv, localMidnight, median, monthsBetween, parsePeriod, periodBounds, type Dataset } from "~/modules/brokering/impact";
import { reasonContext, reasonText, type ReasonPosting } from "~/modules/brokering/reasons";
import { DEFAULT_TEMPLATES, joinNames, renderTemplate, templateProblems } from "~/modules/brokering/templates";
import { amount, outcomeSchema, respondSchema } from "~/modules/brokering/validation";
import { dictionaries, translator } from "~/modules/i18n";
import { REASON_CODES, scorePair, scorePoolPairOf, findMatches } from "~/modules/matching";
import { officePair, posting } from "./matching/helpers";

const fr = translator("fr");
const en = translator("en");

describe("reason texts", () => {
  it("every reason code the engine can emit has a French and an English text", () => {
    for (const code of REASON_CODES) {
      expect(Object.prototype.hasOwnProperty.call(dictionaries.fr, `reason.${code}`), code).toBe(true);
      expect(Object.prototype.hasOwnProperty.call(dictionaries.en, `reason.${code}`), code).toBe(true);
    }
  });

  const toCtx = (ps: { kind: string; category: string; region?: string; language?: string; unit?: string; quantity?: number; budgetMax?: number; startDate?: string; endDate?: string }[]) =>
    reasonContext(ps as ReasonPosting[]);

  it("turn real engine output into full sentences, with values taken from the postings", () => {
    const { need, offer } = officePair({ language: "fr" }, { language: "en" });
    const s = scorePair(need, offer, { today: "2026-11-22" });
    const ctx = toCtx([need, offer]);
    const textsFr = s.reasons.map((r) => reasonText(fr, "fr", r, ctx));
    const textsEn = s.reasons.map((r) => reasonText(en, "en", r, ctx));
    for (const t of [...textsFr, ...textsEn]) {
      expect(t).not.toMatch(/[{}]|reason\.|undefined|NaN/);
      expect(t).not.toMatch(/ \)|\(\s*\)/);
    }
    expect(textsFr).toContain("Même catégorie : Espace de bureau");
    expect(textsFr).toContain("Même région : Montréal");
    expect(textsFr).toContain("Capacité suffisante (postes de travail)");
    expect(textsFr.some((t) => /^Dans le budget \(prix à 95 %/.test(t.replace(/\u00a0|\u202f/g, " ")))).toBe(true);
    expect(textsEn).toContain("Same region: Montréal");
    expect(textsEn).toContain("Postings in two languages (French / English)");
    // the shared resource in the reader's language, never as an engine id
    expect(textsFr.find((t) => t.startsWith("Même ressource"))).toMatch(/^Même ressource : .*espace de bureau/);
    expect(textsEn.find((t) => t.startsWith("Same resource"))).toMatch(/^Same resource: .*office space/);
    for (const t of [...textsFr, ...textsEn]) expect(t).not.toMatch(/_|\bw:|amb:/);
  });

  it("explain every exclusion and pool reason too", () => {
    const samples = [
      scorePair(posting({ kind: "need", category: "office_space", title: "Bureau", cluster: "a" }), posting({ kind: "need", cluster: "b" })),
      scorePair(...(Object.values(officePair({ cluster: "x" }, { cluster: "x" })) as [never, never])),
      scorePair(...(Object.values(officePair({}, { quantity: 1 })) as [never, never])),
      scorePair(...(Object.values(officePair({}, { budgetMax: 2000 })) as [never, never])),
      scorePair(...(Object.values(officePair({}, { startDate: "2030-01-01", endDate: "2030-02-01" })) as [never, never])),
      scorePair(...(Object.values(officePair({}, { region: "gaspesie" })) as [never, never])),
      scorePair(...(Object.values(officePair({}, { region: "laval" })) as [never, never])),
      scorePair(...(Object.values(officePair({}, { quantity: 3 })) as [never, never])),
      scorePair(...(Object.values(officePair({}, { budgetMax: 480 })) as [never, never])),
      scorePoolPairOf(...(Object.values(officePair()) as [never, never])),
    ];
    const pool = findMatches(
      [
        posting({ kind: "need", cluster: "a", category: "it_support", title: "Soutien informatique partagé", description: "Service d'assistance TI" }),
        posting({ kind: "need", cluster: "b", category: "it_support", title: "IT helpdesk to share", description: "IT support helpdesk" }),
      ],
      { threshold: 0, today: "2026-11-22" },
    );
    const reasons = [...samples.flatMap((s) => s.reasons), ...pool.flatMap((m) => m.reasons)];
    expect(new Set(reasons.map((r) => r.code)).size).toBeGreaterThan(15);
    for (const r of reasons) {
      for (const [t, locale] of [
        [fr, "fr"],
        [en, "en"],
      ] as const) {
        const text = reasonText(t, locale, r);
        expect(text, `${r.code} ${JSON.stringify(r.detail)}`).not.toMatch(/[{}]|reason\.|undefined|NaN|brokering\./);
      }
    }
  });

  it("name an unknown code rather than hiding it", () => {
    expect(reasonText(fr, "fr", { code: "brand_new", weight: 0.1 })).toBe("Raison « brand_new »");
  });
});

describe("introduction templates", () => {
  it("accept only the known placeholders", () => {
    expect(templateProblems(DEFAULT_TEMPLATES.fr)).toEqual([]);
    expect(templateProblems(DEFAULT_TEMPLATES.en)).toEqual([]);
    expect(templateProblems("Bonjour {destinataire}")).toEqual(["{destinataire}"]);
    expect(templateProblems("Bonjour {recipient")).toEqual(["{"]);
    expect(templateProblems("Bonjour } {recipient}")).toEqual(["}"]);
  });

  it("fill them, and leave everything else as written", () => {
    const out = renderTemplate("Bonjour {recipient}, {coordinator} vous présente {parties} {x}", { recipient: "Léa", coordinator: "Élise", parties: "Numana et MMode" });
    expect(out).toBe("Bonjour Léa, Élise vous présente Numana et MMode {x}");
    expect(joinNames("fr", ["A", "B", "C"])).toBe("A, B et C");
    expect(joinNames("en", ["A", "B"])).toBe("A and B");
  });
});

describe("form rules", () => {
  it("read amounts as people type them and refuse negative ones", () => {
    expect(amount.parse("1 500,50")).toBe(1500.5);
    expect(amount.parse("1\u00a0500")).toBe(1500);
    expect(amount.parse("0")).toBe(0);
    expect(amount.safeParse("-1").error?.issues[0].message).toBe("brokering.error.negative");
    expect(amount.safeParse("abc").error?.issues[0].message).toBe("error.number");
  });

  it("need a reason to say no, and a summary to conclude", () => {
    expect(respondSchema.safeParse({ intent: "respond", response: "interested" }).success).toBe(true);
    expect(respondSchema.safeParse({ intent: "respond", response: "not_interested" }).success).toBe(false);
    expect(respondSchema.safeParse({ intent: "respond", response: "not_interested", reason: "Pas de budget" }).success).toBe(true);
    const ok = outcomeSchema.safeParse({ intent: "outcome", outcome: "concluded", savingsCad: "10", ghgAvoidedKg: "0", summary: "Fait" });
    expect(ok.success && ok.data.outcome === "concluded" && ok.data.savingsCad).toBe(10);
    expect(outcomeSchema.safeParse({ intent: "outcome", outcome: "abandoned" }).success).toBe(false);
  });
});

describe("impact period and data", () => {
  const now = new Date("2026-11-22T15:00:00Z");
  const period = (q: string) => parsePeriod(new URLSearchParams(q), now);

  it("understands presets and explicit dates, and falls back on bad input", () => {
    expect(period("").period).toEqual({ from: "2025-11-23", to: "2026-11-22", preset: "12m" });
    expect(period("preset=60d").period).toEqual({ from: "2026-09-24", to: "2026-11-22", preset: "60d" });
    expect(period("preset=ytd").period.from).toBe("2026-01-01");
    expect(period("preset=all").period).toEqual({ from: null, to: null, preset: "all" });
    expect(period("from=2026-01-01&to=2026-06-30")).toEqual({ ok: true, period: { from: "2026-01-01", to: "2026-06-30", preset: null } });
    expect(period("from=2026-02-30")).toMatchObject({ ok: false, error: "brokering.impact.badPeriod" });
    expect(period("from=2026-06-01&to=2026-01-01")).toMatchObject({ ok: false, error: "brokering.impact.badOrder" });
  });

  it("counts days in Québec time, summer and winter", () => {
    expect(localMidnight("2026-01-15").toISOString()).toBe("2026-01-15T05:00:00.000Z");
    expect(localMidnight("2026-07-15").toISOString()).toBe("2026-07-15T04:00:00.000Z");
    const { start, end } = periodBounds({ from: "2026-07-01", to: "2026-07-31", preset: null });
    expect([start?.toISOString(), end?.toISOString()]).toEqual(["2026-07-01T04:00:00.000Z", "2026-08-01T04:00:00.000Z"]);
  });

  it("medians, months and chart scales", () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(monthsBetween("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect([niceMax(0), niceMax(7), niceMax(13), niceMax(120), niceMax(2600)]).toEqual([1, 10, 20, 200, 5000]);
  });

  it("writes a chart's data as CSV with translated headers and labels", () => {
    const ds: Dataset = { id: "postings-by-category", series: ["kind.need", "kind.offer"], rowKind: "category", rows: [{ key: "office_space", values: [3, 1] }] };
    expect(datasetCsv(en, "en", ds)).toBe("\ufeffkey,label,Need,Offer\r\noffice_space,Office space,3,1\r\n");
    const clusters: Dataset = { id: "participation", series: ["brokering.impact.series.postings"], rowKind: "label", rows: [{ key: "numana", label: "=Numana", values: [2] }] };
    expect(datasetCsv(fr, "fr", clusters)).toContain("numana;'=Numana;2"); // no formula injection; French: ";"
    const money: Dataset = { ...clusters, extra: ["impact.series.savings"], rows: [{ key: "numana", label: "Numana", values: [2, 1500.5] }] };
    expect(datasetCsv(fr, "fr", money)).toBe("\ufeffclé;libellé;Publications;Économies ($)\r\nnumana;Numana;2;1500,5\r\n");
    expect(datasetCsv(en, "en", money)).toBe("\ufeffkey,label,Postings,Savings ($)\r\nnumana,Numana,2,1500.5\r\n");
  });
});

describe("brokering permissions", () => {
  const A = "cluster-a";
  const B = "cluster-b";
  const who = (role: Actor["role"], clusterId: string | null = null): Actor => ({ id: role, role, clusterId, funderId: role === "funder" ? "f" : null });
  const member = who("member", A);
  const clusterAdmin = who("cluster_admin", A);
  const coordinator = who("coordinator");
  const admin = who("admin");
  const funder = who("funder");

  it("give the queue and the dashboard to the coordination only", () => {
    for (const p of ["brokering:queue", "brokering:impact"] as const) {
      expect(can(coordinator, p)).toBe(true);
      expect(can(admin, p)).toBe(true);
      for (const a of [member, clusterAdmin, funder]) expect(can(a, p)).toBe(false);
    }
  });

  it("let a party see and answer only its own introductions; the coordination never answers for it", () => {
    expect(can(member, "brokering:introductions")).toBe(true);
    expect(can(member, "brokering:introductions", { clusterIds: [A, B] })).toBe(true);
    expect(can(member, "brokering:introductions", { clusterIds: [B] })).toBe(false);
    expect(can(clusterAdmin, "brokering:respond", { clusterIds: [A, B] })).toBe(true);
    expect(can(clusterAdmin, "brokering:respond", { clusterIds: [B] })).toBe(false);
    expect(can(coordinator, "brokering:respond", { clusterIds: [A, B] })).toBe(false);
    expect(can(coordinator, "brokering:outcome", { clusterIds: [A, B] })).toBe(true);
    expect(can(member, "brokering:outcome", { clusterIds: [B] })).toBe(false);
    for (const p of ["brokering:introductions", "brokering:respond", "brokering:outcome"] as const) expect(can(funder, p, { clusterIds: [A] })).toBe(false);
    expect(can(who("member", null), "brokering:introductions")).toBe(false);
  });
});
