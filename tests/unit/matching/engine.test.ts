import {
  buildIndex,
  candidateKeys,
  compatibleGroups,
  findMatches,
  findMatchesInChunks,
  grantKeysToSearch,
  indexProfiles,
  profileKeys,
  profileOf,
  matchesForPosting,
  matchesForPostingIndexed,
  type MatchPosting,
  type ScoredMatch,
} from "../../../app/modules/matching";
import { posting, TODAY } from "./helpers";

const laptopNeed = (cluster: string, region = "montreal", dates: [string, string] = ["2027-02-01", "2027-06-30"]) =>
  posting({
    kind: "need",
    cluster,
    category: "group_purchasing",
    title: "Achat regroupé d'ordinateurs portables",
    description: "Renouvellement de nos portables.",
    region,
    startDate: dates[0],
    endDate: dates[1],
    quantity: 10,
    unit: "laptops",
    budgetMax: 1500,
  });

const pools = (ms: ScoredMatch[]) => ms.filter((m) => m.type === "pool").map((m) => m.members);
const pairs = (ms: ScoredMatch[]) => ms.filter((m) => m.type === "need_offer").map((m) => m.members);

describe("pools", () => {
  it("builds a pool of three or more needs from distinct clusters", () => {
    const ps = [laptopNeed("cargo-m"), laptopNeed("aero-montreal"), laptopNeed("numana", "laval")];
    expect(pools(findMatches(ps, { today: TODAY }))).toEqual([ps.map((p) => p.id).sort()]);
  });

  it("reports maximal groups only, and a need may belong to several", () => {
    // a overlaps b and c in time, b and c do not overlap: two maximal pools {a,b} and {a,c}.
    const a = laptopNeed("cargo-m", "montreal", ["2027-01-01", "2027-12-31"]);
    const b = laptopNeed("aero-montreal", "montreal", ["2027-01-01", "2027-03-31"]);
    const c = laptopNeed("numana", "montreal", ["2027-09-01", "2027-10-31"]);
    const d = laptopNeed("bctq", "montreal", ["2027-02-01", "2027-03-01"]);
    const got = pools(findMatches([a, b, c, d], { today: TODAY }));
    expect(got).toHaveLength(2);
    expect(got).toContainEqual([a.id, b.id, d.id].sort());
    expect(got).toContainEqual([a.id, c.id].sort());
    expect(got).not.toContainEqual([a.id, b.id].sort());
  });

  it("never pools two needs of the same cluster", () => {
    const ps = [laptopNeed("cargo-m"), laptopNeed("cargo-m")];
    expect(pools(findMatches(ps, { today: TODAY }))).toEqual([]);
  });

  it("pools are independent of offers (same-cluster offer does not prevent pooling)", () => {
    const a = laptopNeed("cargo-m");
    const b = laptopNeed("aero-montreal");
    const offer = posting({ kind: "offer", cluster: "cargo-m", category: "equipment", title: "Laptops for sale", description: "", quantity: 30, unit: "laptops", budgetMax: 700 });
    const ms = findMatches([a, b, offer], { today: TODAY });
    expect(pools(ms)).toEqual([[a.id, b.id].sort()]);
    expect(pairs(ms)).toEqual([[b.id, offer.id]]);
  });
});

describe("determinism and idempotence", () => {
  const dataset = (): MatchPosting[] => [
    laptopNeed("cargo-m"),
    laptopNeed("aero-montreal"),
    laptopNeed("numana"),
    posting({ kind: "offer", cluster: "finance-montreal", category: "equipment", title: "Bulk lot of refurbished laptops", description: "", quantity: 30, unit: "laptops", budgetMax: 650 }),
    posting({ kind: "need", cluster: "mmode", category: "office_space", title: "Locaux partagés", description: "", region: "montreal" }),
    posting({ kind: "offer", cluster: "bctq", category: "office_space", title: "Coworking desks", description: "", region: "laval" }),
  ];

  it("same input gives the same output, whatever the order", () => {
    const ps = dataset();
    const first = findMatches(ps, { today: TODAY });
    expect(findMatches(ps, { today: TODAY })).toEqual(first);
    expect(findMatches([...ps].reverse(), { today: TODAY })).toEqual(first);
    const shuffled = [ps[3], ps[0], ps[5], ps[2], ps[4], ps[1]];
    expect(findMatches(shuffled, { today: TODAY })).toEqual(first);
    expect(first.length).toBeGreaterThan(0);
  });

  it("results are sorted best first and respect the threshold", () => {
    const ms = findMatches(dataset(), { today: TODAY, threshold: 0 });
    for (let i = 1; i < ms.length; i++) expect(ms[i - 1].score).toBeGreaterThanOrEqual(ms[i].score);
    expect(findMatches(dataset(), { today: TODAY, threshold: 101 })).toEqual([]);
  });

  it("in chunks, the batch yields the same matches, each chunk at most the chunk size (pools last)", () => {
    const ps = dataset();
    const sorted = (ms: ScoredMatch[]) => [...ms].sort((a, b) => (a.members.join() < b.members.join() ? -1 : 1));
    const chunks = [...findMatchesInChunks(ps, { today: TODAY, chunkSize: 2 })];
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(2);
    const flat = chunks.flat();
    expect(sorted(flat)).toEqual(sorted(findMatches(ps, { today: TODAY })));
    const types = flat.map((m) => m.type);
    expect(types.indexOf("pool")).toBeGreaterThan(types.lastIndexOf("need_offer"));
    // from a prebuilt index too, and from one built of profiles made one by one in any order
    expect(sorted([...findMatchesInChunks(buildIndex(ps), { today: TODAY })].flat())).toEqual(sorted(flat));
    const profiles = [...ps].reverse().map((p) => profileOf({ ...p }));
    expect(sorted([...findMatchesInChunks(indexProfiles(profiles), { today: TODAY })].flat())).toEqual(sorted(flat));
    for (const p of ps) expect(profileKeys(profileOf({ ...p }))).toEqual(candidateKeys(p));
  });

  it("incremental matching returns exactly the batch matches involving the target", () => {
    const ps = dataset();
    const batch = findMatches(ps, { today: TODAY });
    const index = buildIndex(ps);
    for (const target of ps) {
      const involving = batch.filter((m) => m.members.includes(target.id));
      const others = ps.filter((p) => p !== target);
      expect(matchesForPosting(target, others, { today: TODAY })).toEqual(involving);
      // The index may contain the target itself (an edited posting): it is ignored.
      expect(matchesForPostingIndexed(target, index, { today: TODAY })).toEqual(involving);
    }
  });
});

describe("candidate keys", () => {
  it("exposes the blocking keys a SQL pre-filter needs", () => {
    const need = laptopNeed("cargo-m");
    const keys = candidateKeys(need);
    expect(keys.anchors).toContain("laptop");
    expect(keys.concepts).toEqual(expect.arrayContaining(["laptop", "computer", "it_hardware"]));
    expect(keys.categoryGroup).toBe("goods");
    expect(keys.poolable).toBe(true);
    expect(keys.programmeKey).toBeNull();
    expect(compatibleGroups("goods")).toContain("access");
    expect(compatibleGroups("training")).toEqual(["training"]);
    const grant = posting({ kind: "need", category: "joint_grant", title: "x", description: "", programme: "DEC – REI – 2026 intake" });
    expect(candidateKeys(grant)).toMatchObject({ programmeKey: "dec/dec:eri/2026", grantKey: "dec:eri", categoryGroup: "grant" });
    expect(keys.grantKey).toBeNull();
  });

  it("files joint grants by programme list, and searches only the lists that can hold the same programme", () => {
    const grant = (programme: string) => candidateKeys(posting({ kind: "need", category: "joint_grant", title: "Demande conjointe", description: "", programme }));
    const unlisted = grant("Programme régional de la CMM pour la transition 2027");
    expect(unlisted.grantKey).toBe("funder:cmm");
    expect(grant("Un programme quelconque 2027").grantKey).toBe("funder:?");
    // a catalogue programme only meets itself; an unlisted one, its funder's and the unknown funder's
    expect(grantKeysToSearch("dec:eri")).toEqual(["dec:eri"]);
    expect(grantKeysToSearch("funder:cmm")).toEqual(["funder:cmm", "funder:?"]);
    expect(grantKeysToSearch("funder:?")).toBe("every_unlisted");
  });
});
