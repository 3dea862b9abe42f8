/**
 * Browse and search on the demo postings: tolerance to typos, accents and FR/EN wording, filters in
 * the URL, sorting and pagination — through the browse loader and the module function it calls.
 */
import { eq, inArray } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { postings } from "@db/schema";
import { bodyOf, call, cookieFor, seed, userByEmail } from "../helpers";
import * as browseRoute from "~/routes/postings._index";
import { browsePostings, filtersToSearchParams, parseBrowseFilters } from "~/modules/postings/browse.server";

let cookie: string;
const refs = new Map<string, string>(); // posting id -> demo ref

async function search(path: string): Promise<{ ids: string[]; refs: string[]; total: number; items: { id: string; title: string; status: string; kind: string; category: string; clusterSlug: string; region: string | null; createdAt: string; endDate: string | null; deadline: string | null }[] }> {
  const res = await call(browseRoute.loader, path, { cookie });
  expect(res.status).toBe(200);
  const body = await bodyOf(res);
  const items = body.result.items;
  return { ids: items.map((i: { id: string }) => i.id), refs: items.map((i: { id: string }) => refs.get(i.id) ?? "new"), total: body.result.total, items };
}
const q = (text: string, extra = "") => search(`/postings?q=${encodeURIComponent(text)}${extra}`);

beforeAll(async () => {
  await seed();
  cookie = await cookieFor("membre@aero-montreal.example");
  for (const p of await getDb().select({ id: postings.id, ref: postings.externalRef }).from(postings)) if (p.ref) refs.set(p.id, p.ref);
});

const IT_SUPPORT = ["demo-01", "demo-02", "demo-03", "demo-04"];

describe("search tolerance", () => {
  it('"informatiqe", "soutien informatique" and "IT support" find the same postings', async () => {
    const a = await q("informatiqe");
    const b = await q("soutien informatique");
    const c = await q("IT support");
    for (const r of [a, b, c]) expect(r.refs).toEqual(expect.arrayContaining(IT_SUPPORT));
    expect(new Set(a.refs)).toEqual(new Set(b.refs));
    expect(new Set(b.refs)).toEqual(new Set(c.refs));
    for (const r of [a, b, c]) expect(r.refs).not.toContain("demo-29"); // eco-design workshop
  });

  it("abbreviations and other wordings of the same thing: TI, helpdesk, infogérance", async () => {
    for (const text of ["TI", "helpdesk", "infogerance", "soutien TI"]) expect((await q(text)).refs, text).toEqual(expect.arrayContaining(IT_SUPPORT));
  });

  it("the best literal match comes first", async () => {
    expect((await q("soutien informatique")).refs[0]).toBe("demo-02");
    expect((await q("IT support")).refs[0]).toBe("demo-03");
    expect((await q("Microsoft 365")).refs.slice(0, 2).sort()).toEqual(["demo-08", "demo-09"]);
  });

  it("accents do not matter", async () => {
    expect(new Set((await q("cybersecurite")).refs)).toEqual(new Set((await q("cybersécurité")).refs));
    expect((await q("ECOCONCEPTION")).refs).toEqual(expect.arrayContaining(["demo-29", "demo-31"]));
    expect((await q("montreal invivo")).total).toBeGreaterThan(0);
  });

  it("French finds English and English finds French", async () => {
    expect((await q("eco-design")).refs).toEqual(expect.arrayContaining(["demo-29", "demo-30", "demo-31"]));
    expect((await q("bilan GES")).refs).toEqual(expect.arrayContaining(["demo-33", "demo-34", "demo-32"]));
    expect((await q("carbon footprint")).refs).toEqual(expect.arrayContaining(["demo-33", "demo-34"]));
    expect((await q("ordinateurs portables")).refs).toEqual(expect.arrayContaining(["demo-11", "demo-12", "demo-13"]));
    expect((await q("translation")).refs).toEqual(expect.arrayContaining(["demo-35", "demo-36"]));
    expect((await q("espace de bureau")).refs).toEqual(expect.arrayContaining(["demo-14", "demo-15", "demo-16", "demo-17", "demo-18"]));
  });

  it("typos", async () => {
    expect((await q("bureua")).refs).toEqual(expect.arrayContaining(["demo-14", "demo-15", "demo-16"]));
    expect((await q("traductoin")).refs).toEqual(expect.arrayContaining(["demo-35"]));
    expect((await q("batteires")).refs).toContain("demo-21");
    expect((await q("sous-titrage")).refs).toContain("demo-35");
  });

  it("every word must match (AND), and unrelated words find nothing", async () => {
    const r = await q("bureaux Laval");
    expect(r.refs).toContain("demo-18");
    expect(r.refs).not.toContain("demo-14");
    expect((await q("zyxwvut qqqq")).total).toBe(0);
  });
});

describe("filters, sorting and pagination", () => {
  it("filters combine with the search and live in the URL", async () => {
    const r = await search("/postings?q=informatique&kind=offer&category=it_support");
    expect(r.refs).toEqual(["demo-01"]);
    const offices = await search("/postings?category=office_space&region=montreal");
    expect(offices.items.every((i) => i.category === "office_space" && i.region === "montreal")).toBe(true);
    expect(offices.refs).not.toContain("demo-17"); // Québec City
    const cluster = await search("/postings?cluster=cargo-m&kind=need");
    expect(cluster.items.every((i) => i.clusterSlug === "cargo-m" && i.kind === "need")).toBe(true);
    expect(cluster.total).toBeGreaterThan(0);
  });

  it("the availability window keeps postings whose period overlaps it", async () => {
    const r = await search("/postings?from=2027-09-01&to=2027-09-30&category=office_space");
    expect(r.refs).toEqual(expect.arrayContaining(["demo-14", "demo-16", "demo-17", "demo-18"]));
    expect(r.refs).not.toContain("demo-15"); // ends in August
  });

  it("status: open by default; paused, all", async () => {
    expect((await search("/postings")).items.every((i) => i.status === "open")).toBe(true);
    expect((await search("/postings?status=paused")).refs).toEqual(["demo-22"]);
    const all = await search("/postings?status=all&q=lab+equipment");
    expect(all.refs).toContain("demo-22");
  });

  it("empty form fields are dropped from the URL (redirect to the short address)", async () => {
    const res = await call(browseRoute.loader, "/postings?q=bureau&kind=&category=&region=&status=open&sort=", { cookie });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/postings?q=bureau");
    const f = parseBrowseFilters(new URLSearchParams("q=x&kind=gift&page=-3&status=bogus&cluster=<script>&from=2027-13-45"));
    expect(f).toMatchObject({ q: "x", kind: undefined, page: 1, status: "open", cluster: undefined, from: undefined, sort: "relevance" });
    expect(filtersToSearchParams(parseBrowseFilters(new URLSearchParams("category=training&sort=title&page=2"))).toString()).toBe("category=training&sort=title&page=2");
  });

  it("sorts by date, end date and title", async () => {
    const newest = (await search("/postings?status=all")).items.map((i) => i.createdAt);
    expect([...newest].sort().reverse()).toEqual(newest);
    const oldest = (await search("/postings?status=all&sort=oldest")).items.map((i) => i.createdAt);
    expect([...oldest].sort()).toEqual(oldest);
    const titles = (await search("/postings?status=all&sort=title")).items.map((i) => i.title.toLowerCase());
    expect([...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(titles);
    const ending = (await search("/postings?sort=ending")).items.map((i) => i.endDate ?? i.deadline).filter(Boolean) as string[];
    expect([...ending].sort()).toEqual(ending);
  });

  it("pages do not overlap and cover the whole list", async () => {
    const first = await search("/postings?status=all");
    expect(first.items).toHaveLength(20);
    const second = await search("/postings?status=all&page=2");
    const third = await search("/postings?status=all&page=3");
    const all = [...first.ids, ...second.ids, ...third.ids];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(Math.min(first.total, 60));
    // A page past the end goes to the last page (no "1961 à 1960").
    const past = await call(browseRoute.loader, "/postings?status=all&page=99", { cookie });
    const lastPage = Math.ceil(first.total / 20);
    expect(past.status).toBe(302);
    expect(past.headers.get("Location")).toBe(`/postings?status=all${lastPage > 1 ? `&page=${lastPage}` : ""}`);
    expect((await search(past.headers.get("Location")!)).items.length).toBe(first.total - (lastPage - 1) * 20);
  });

  it("the module function is the loader's: same results", async () => {
    const user = await userByEmail("membre@aero-montreal.example");
    const direct = await browsePostings(user, parseBrowseFilters(new URLSearchParams("q=soutien+informatique")));
    expect(direct.items.map((i) => i.id)).toEqual((await q("soutien informatique")).ids);
  });

  it("a renamed category label or synonym list is rebuilt in stored documents", async () => {
    const ids = (await q("helpdesk")).ids;
    // Wipe the search document of one posting: the housekeeping rebuilds documents when the version changes.
    const [one] = await getDb().select({ id: postings.id }).from(postings).where(inArray(postings.id, ids)).limit(1);
    const { reindexPostingSearch } = await import("~/modules/postings/postings.server");
    await getDb().update(postings).set({ searchText: "", searchTerms: [] }).where(eq(postings.id, one.id));
    expect((await q("helpdesk")).ids).not.toContain(one.id);
    await reindexPostingSearch();
    expect((await q("helpdesk")).ids).toContain(one.id);
  });
});
