import { REASON_CODES, scorePair, scorePoolPairOf, type PairScore } from "../../../app/modules/matching";
import { officePair, posting, TODAY } from "./helpers";

const codes = (s: PairScore) => s.reasons.map((r) => r.code);
const reason = (s: PairScore, code: string) => s.reasons.find((r) => r.code === code);
const score = (need: Parameters<typeof scorePair>[0], offer: Parameters<typeof scorePair>[1]) => scorePair(need, offer, { today: TODAY });

describe("score components", () => {
  it("a good pair scores high, with one reason per component whose weights sum to the score", () => {
    const { need, offer } = officePair();
    const s = score(need, offer);
    expect(s.excludedBy).toBeUndefined();
    expect(s.score).toBeGreaterThanOrEqual(80);
    expect(codes(s)).toEqual(expect.arrayContaining(["shared_resource", "same_category", "date_overlap", "same_region", "capacity_fit", "budget_fit"]));
    const sum = s.reasons.reduce((t, r) => t + r.weight, 0) * 100;
    expect(Math.abs(sum - s.score)).toBeLessThanOrEqual(2);
    for (const r of s.reasons) expect(REASON_CODES).toContain(r.code);
  });

  it("resource similarity reports the shared concepts", () => {
    const { need, offer } = officePair();
    expect(reason(score(need, offer), "shared_resource")?.detail?.concepts).toContain("office_space");
  });

  it("category: same field beats a different field for the same resource", () => {
    const { need, offer } = officePair();
    const other = { ...offer, id: "o-other", category: "other" as const };
    expect(codes(score(need, other))).toContain("compatible_category");
    expect(score(need, other).score).toBeLessThan(score(need, offer).score);
  });

  it("dates: full coverage beats partial overlap; missing dates are open-ended", () => {
    const { need, offer } = officePair();
    const partial = { ...offer, id: "o-partial", startDate: "2027-05-01" };
    const open = { ...offer, id: "o-open", startDate: undefined, endDate: undefined };
    expect(score(need, partial).score).toBeLessThan(score(need, offer).score);
    expect(score(need, open).excludedBy).toBeUndefined();
    expect(codes(score(need, open))).toContain("dates_open");
  });

  it("region: same > remote > adjacent, unspecified is possible", () => {
    const { need, offer } = officePair();
    const adjacent = { ...offer, id: "o-adj", region: "laval" };
    const unspecified = { ...offer, id: "o-none", region: undefined };
    expect(codes(score(need, offer))).toContain("same_region");
    expect(codes(score(need, adjacent))).toContain("adjacent_region");
    expect(codes(score(need, unspecified))).toContain("region_unspecified");
    expect(score(need, adjacent).score).toBeLessThan(score(need, offer).score);
  });

  it("capacity: enough beats partial (at least half); other units are not compared", () => {
    const { need, offer } = officePair();
    const partial = { ...offer, id: "o-3", quantity: 3 };
    const m2 = { ...offer, id: "o-m2", quantity: 1, unit: "m2" };
    expect(codes(score(need, partial))).toContain("capacity_partial");
    expect(score(need, partial).score).toBeLessThan(score(need, offer).score);
    expect(codes(score(need, m2))).toContain("capacity_unknown");
  });

  it("budget: within budget beats a stretch up to 1.5x; unknown is neutral", () => {
    const { need, offer } = officePair();
    const stretch = { ...offer, id: "o-580", budgetMax: 580 };
    const unknown = { ...offer, id: "o-unk", budgetMax: undefined };
    expect(codes(score(need, stretch))).toContain("budget_stretch");
    expect(score(need, stretch).score).toBeLessThan(score(need, offer).score);
    expect(codes(score(need, unknown))).toContain("budget_unknown");
  });

  it("tags: overlapping tag concepts add points, across languages", () => {
    const { need, offer } = officePair({ tags: ["bureaux partagés"] }, { tags: ["shared office"] });
    expect(codes(score(need, offer))).toContain("tag_overlap");
  });

  it("programme identity is the resource of a joint grant", () => {
    const need = posting({ kind: "need", category: "joint_grant", title: "Joint application", description: "", programme: "Mitacs Accelerate 2027", deadline: "2027-04-30" });
    const offer = posting({ kind: "offer", category: "joint_grant", title: "Co-demandeur", description: "", programme: "Mitacs Accélération 2027", deadline: "2027-04-30" });
    const s = score(need, offer);
    expect(s.excludedBy).toBeUndefined();
    expect(codes(s)).toContain("same_programme");
  });
});

describe("hard rules", () => {
  it("same_cluster", () => {
    const { need, offer } = officePair({ cluster: "numana" }, { cluster: "numana" });
    expect(score(need, offer).excludedBy).toBe("same_cluster");
  });

  it("no_date_overlap (an open bound still overlaps)", () => {
    const { need, offer } = officePair({}, { startDate: "2028-01-01", endDate: "2028-12-31" });
    expect(score(need, offer).excludedBy).toBe("no_date_overlap");
    expect(score({ ...need, endDate: undefined }, offer).excludedBy).toBeUndefined();
  });

  it("deadline_passed (deadline must be after the reference date)", () => {
    const need = posting({ kind: "need", category: "joint_grant", title: "x", description: "", programme: "DEC – ERI – appel 2026", deadline: "2026-10-01" });
    const offer = posting({ kind: "offer", category: "joint_grant", title: "y", description: "", programme: "DEC – REI – 2026 intake", deadline: "2026-10-01" });
    expect(score(need, offer).excludedBy).toBe("deadline_passed");
    expect(scorePair(need, offer, { today: "2026-09-01" }).excludedBy).toBeUndefined();
  });

  it("different_programme: other programme of the same funder, or other edition", () => {
    const base = { kind: "need" as const, category: "joint_grant" as const, title: "x", description: "", deadline: "2027-04-15" };
    const climate = posting({ ...base, programme: "CMM – Fonds métropolitain pour la transition climatique 2027" });
    const social = posting({ ...base, kind: "offer", programme: "CMM – Fonds d'innovation sociale métropolitain 2027" });
    const nextYear = posting({ ...base, kind: "offer", programme: "CMM – Fonds métropolitain pour la transition climatique 2028", deadline: "2028-04-15" });
    expect(score(climate, social).excludedBy).toBe("different_programme");
    expect(score(climate, nextYear).excludedBy).toBe("different_programme");
  });

  it("over_budget: price above 1.5x the budget (exactly 1.5x is allowed)", () => {
    const { need, offer } = officePair({ budgetMax: 400 }, { budgetMax: 601 });
    expect(score(need, offer).excludedBy).toBe("over_budget");
    expect(score(need, { ...offer, budgetMax: 600 }).excludedBy).toBeUndefined();
  });

  it("insufficient_quantity: offer below half the need in the same unit", () => {
    const { need, offer } = officePair({ quantity: 10 }, { quantity: 4 });
    expect(score(need, offer).excludedBy).toBe("insufficient_quantity");
    expect(score(need, { ...offer, quantity: 5 }).excludedBy).toBeUndefined();
  });

  it("region_incompatible: non-adjacent regions (Laval–Montérégie, Montréal–Capitale-Nationale)", () => {
    const { need, offer } = officePair({ region: "laval" }, { region: "monteregie" });
    expect(score(need, offer).excludedBy).toBe("region_incompatible");
    expect(score({ ...need, region: "montreal" }, { ...offer, region: "capitale-nationale" }).excludedBy).toBe("region_incompatible");
    expect(score(need, { ...offer, region: "lanaudiere" }).excludedBy).toBeUndefined();
  });

  it("remote matches any region", () => {
    const need = posting({ kind: "need", category: "it_support", title: "Helpdesk support", description: "", region: "saguenay-lac-saint-jean" });
    const offer = posting({ kind: "offer", category: "it_support", title: "Soutien informatique à distance", description: "", region: "remote" });
    const s = score(need, offer);
    expect(s.excludedBy).toBeUndefined();
    expect(codes(s)).toContain("remote");
  });

  it("different_resource: same category, different thing", () => {
    const need = posting({ kind: "need", category: "expertise", title: "Bilan GES", description: "" });
    const offer = posting({ kind: "offer", category: "expertise", title: "Services de traduction", description: "" });
    expect(score(need, offer).excludedBy).toBe("different_resource");
  });

  it("kind_mismatch when the arguments are not a need and an offer", () => {
    const { need } = officePair();
    expect(score(need, need).excludedBy).toBe("kind_mismatch");
  });
});

describe("category compatibility", () => {
  it("a need filed under expertise is matched by a research offer that provides it", () => {
    const need = posting({ kind: "need", category: "expertise", title: "Bilan GES de nos activités", description: "Scopes 1, 2 et 3.", budgetMax: 15000 });
    const offer = posting({ kind: "offer", category: "research", title: "Carbon footprint assessment with a university lab", description: "GHG Protocol.", budgetMax: 12000 });
    const s = score(need, offer);
    expect(s.excludedBy).toBeUndefined();
    expect(s.score).toBeGreaterThanOrEqual(50);
    expect(codes(s)).toContain("compatible_category");
  });

  it("a laptop purchase filed under equipment matches a laptop lot; a helpdesk need does not", () => {
    const laptops = posting({ kind: "need", category: "equipment", title: "Laptop refresh – buying together", description: "" });
    const lot = posting({ kind: "offer", category: "group_purchasing", title: "Lot d'ordinateurs portables reconditionnés", description: "" });
    const helpdesk = posting({ kind: "need", category: "it_support", title: "Helpdesk support", description: "Tickets and laptop setup." });
    expect(score(laptops, lot).excludedBy).toBeUndefined();
    expect(score(helpdesk, lot).excludedBy).toBe("different_resource");
  });

  it("training is only met by training", () => {
    const need = posting({ kind: "need", category: "training", title: "Cybersecurity awareness training", description: "" });
    const audit = posting({ kind: "offer", category: "expertise", title: "Audit de cybersécurité", description: "" });
    expect(score(need, audit).excludedBy).toBe("different_resource");
  });
});

describe("pool pair rules", () => {
  const pool = (a: Parameters<typeof scorePoolPairOf>[0], b: Parameters<typeof scorePoolPairOf>[1]) => scorePoolPairOf(a, b, { today: TODAY });

  it("office needs pool only in the SAME region", () => {
    const a = officePair().need;
    const b = officePair({ cluster: "bctq" }).need;
    expect(pool(a, b).excludedBy).toBeUndefined();
    expect(pool(a, { ...b, region: "laval" }).excludedBy).toBe("region_incompatible");
  });

  it("goods needs pool across adjacent regions", () => {
    const a = posting({ kind: "need", cluster: "cargo-m", category: "group_purchasing", title: "Achat regroupé d'ordinateurs portables", description: "", region: "montreal" });
    const b = posting({ kind: "need", cluster: "aero-montreal", category: "equipment", title: "Laptops to buy together", description: "", region: "laval" });
    expect(pool(a, b).excludedBy).toBeUndefined();
  });

  it("expertise, research, equipment access and events are never pooled", () => {
    for (const category of ["expertise", "research", "events"] as const) {
      const a = posting({ kind: "need", cluster: "mmode", category, title: "Bilan GES", description: "" });
      const b = posting({ kind: "need", cluster: "numana", category, title: "Bilan carbone", description: "" });
      expect(pool(a, b).excludedBy).not.toBeUndefined();
    }
    const a = posting({ kind: "need", cluster: "mmode", category: "equipment", title: "Temps machine impression 3D métal", description: "" });
    const b = posting({ kind: "need", cluster: "numana", category: "equipment", title: "Metal 3D printing time", description: "" });
    expect(pool(a, b).excludedBy).toBe("not_poolable");
  });

  it("joint grants pool on the same programme and edition with open deadlines", () => {
    const a = posting({ kind: "need", cluster: "mmode", category: "joint_grant", title: "x", description: "", programme: "MEIE – Appel de projets Économie circulaire interfilières 2027", deadline: "2027-02-15" });
    const b = posting({ kind: "need", cluster: "numana", category: "joint_grant", title: "y", description: "", programme: "MEIE inter-cluster circular economy call for projects 2027", deadline: "2027-02-15" });
    expect(pool(a, b).excludedBy).toBeUndefined();
    expect(scorePoolPairOf(a, b, { today: "2027-03-01" }).excludedBy).toBe("deadline_passed");
  });
});
