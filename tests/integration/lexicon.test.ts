/**
 * The network lexicon end to end on the database: the coordinator's page previews an entry without
 * writing, saves it (re-matching the postings it affects in the same transaction), refuses bad input
 * and a stale version, undoes it; and a pair rejected as "not the same resource" is not proposed
 * again — neither the same postings nor their like re-posted — by the incremental run or the batch.
 */
import { and, eq, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { lexiconHistory, matches, matchingQueue, postings } from "@db/schema";
import { rejectMatch } from "~/modules/brokering/decisions.server";
import { memberKey, rematchPosting, runBatch } from "~/modules/matching/store.server";
import { action, loader } from "~/routes/coordination.lexicon";
import { bodyOf, call, cookieFor, seed } from "../helpers";
import { actor, insertPosting } from "./brokering-fixtures";

const COORD = "coordination@maillage.example";
const MEMBER = "membre@numana.example";
const PATH = "/coordination/lexicon";

let coord = "";
const post = (form: Record<string, string>, cookie = coord) => call(action, PATH, { cookie, form });
const history = () => getDb().select().from(lexiconHistory);
/** A posting of the fixtures without their unit (desks), quantity and budget: only its words speak. */
async function wordsOnly(spec: Parameters<typeof insertPosting>[0]): Promise<string> {
  const id = await insertPosting(spec);
  await getDb().update(postings).set({ unit: null, quantity: null, budgetMax: null }).where(eq(postings.id, id));
  return id;
}
const statusOfKey = async (key: string) => (await getDb().select({ s: matches.status, r: matches.withdrawnReason }).from(matches).where(eq(matches.memberKey, key)))[0];

beforeAll(async () => {
  await seed();
  // only this file's postings take part
  await getDb().update(postings).set({ status: "closed" }).where(ne(postings.status, "closed"));
  await getDb().delete(matches);
  await getDb().delete(matchingQueue);
  await getDb().delete(lexiconHistory);
  coord = await cookieFor(COORD);
});

describe("a lexicon entry re-matches what it affects", () => {
  let need = "";
  let offer = "";
  let key = "";
  const entry = { kind: "synonym", a: "tomodensitométrie", b: "CT scanning" };

  beforeAll(async () => {
    need = await wordsOnly({ cluster: "mmode", kind: "need", category: "expertise", title: "Analyse par tomodensitométrie de pièces moulées", description: "Nous voulons faire examiner des pièces par tomodensitométrie." });
    offer = await wordsOnly({ cluster: "numana", kind: "offer", category: "expertise", language: "en", title: "Industrial CT scanning services", description: "We scan parts with our industrial CT scanner." });
    await rematchPosting(need);
    await rematchPosting(offer);
    key = memberKey({ members: [need, offer] });
  });

  it("is only for the coordination", async () => {
    const res = await call(loader, PATH, { cookie: await cookieFor(MEMBER) });
    expect(res.status).toBe(404);
    const write = await post({ intent: "save", ...entry, version: "0" }, await cookieFor(MEMBER));
    expect(write.status).toBe(404);
    expect(await history()).toEqual([]);
  });

  it("previews the effect without writing anything", async () => {
    expect(await statusOfKey(key)).toBeUndefined();
    const res = await post({ intent: "preview", ...entry, version: "0" });
    expect(res.status).toBe(200);
    const body = await bodyOf(res);
    expect(body.preview.added.map((m: { key: string }) => m.key)).toEqual([key]);
    expect(body.preview.removed).toEqual([]);
    expect(body.preview.affected).toBe(2);
    expect(await history()).toEqual([]);
    expect(await statusOfKey(key)).toBeUndefined();
  });

  it("refuses bad input next to the field, writing nothing", async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ a: "" }, "a", "lexicon.error.required"],
      [{ b: "x" }, "b", "lexicon.error.tooShort"],
      [{ a: "pour les" }, "a", "lexicon.error.stopWord"],
      [{ b: "TOMODENSITOMÉTRIE" }, "b", "lexicon.error.sameTerm"],
      [{ kind: "maybe" }, "kind", "lexicon.error.kind"],
    ];
    for (const [over, field, error] of cases) {
      const res = await post({ intent: "save", ...entry, version: "0", ...over });
      expect([over, res.status]).toEqual([over, 400]);
      expect((await bodyOf(res)).errors[field].key).toBe(error);
    }
    expect(await history()).toEqual([]);
  });

  it("saves, and the new proposal is there at once", async () => {
    const res = await post({ intent: "save", ...entry, version: "0" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toContain("lexicon.notice.saved");
    expect((await statusOfKey(key))?.s).toBe("proposed");
    const rows = await history();
    expect(rows.map((r) => [r.version, r.action, r.termA, r.termB])).toEqual([[1, "add", "tomodensitométrie", "CT scanning"]]);
    expect(rows[0].actorId).toBe((await actor(COORD)).id);
  });

  it("refuses a duplicate, and a save over a version someone else changed (409)", async () => {
    const dup = await post({ intent: "save", kind: "abbreviation", a: "CT Scanning", b: "Tomodensitométrie", version: "1" });
    expect(dup.status).toBe(400);
    expect((await bodyOf(dup)).errors.b.key).toBe("lexicon.error.duplicate");
    const stale = await post({ intent: "save", kind: "synonym", a: "fatigue testing", b: "essais de fatigue", version: "0" });
    expect(stale.status).toBe(409);
    expect((await bodyOf(stale)).errors._form.key).toBe("lexicon.error.changed");
    const body = await bodyOf(await call(loader, PATH, { cookie: coord }));
    expect(body.state.version).toBe(1);
    expect(body.state.active.map((e: { a: string }) => e.a)).toEqual(["tomodensitométrie"]);
    expect(await history()).toHaveLength(1);
  });

  it("refuses an entry so common it would join nearly every posting, saying how many", async () => {
    for (let i = 0; i < 24; i++) await wordsOnly({ cluster: i % 2 ? "mmode" : "aero-montreal", kind: i % 2 ? "need" : "offer", category: "other", title: `Projet commun numéro ${i}`, description: "Un projet." });
    const res = await post({ intent: "preview", kind: "synonym", a: "projet", b: "initiative", version: "1" });
    expect(res.status).toBe(400);
    const error = (await bodyOf(res)).errors.b;
    expect(error.key).toBe("lexicon.error.tooCommon");
    expect(error.params.count).toBe(24);
    await getDb().update(postings).set({ status: "closed" }).where(eq(postings.category, "other"));
  });

  it("undoes with a new history row, and the proposal it made is withdrawn", async () => {
    const [add] = await history();
    const preview = await bodyOf(await call(loader, `${PATH}?undo=${add.id}`, { cookie: coord }));
    expect(preview.undo.removed.map((m: { key: string }) => m.key)).toEqual([key]);
    const res = await post({ intent: "undo", entryId: String(add.id), version: "1" });
    expect(res.status).toBe(302);
    expect(await statusOfKey(key)).toEqual({ s: "withdrawn", r: "no_longer_fits" });
    const rows = await history();
    expect(rows.map((r) => [r.version, r.action, r.entryId])).toEqual([
      [1, "add", null],
      [2, "undo", add.id],
    ]);
    const again = await post({ intent: "undo", entryId: String(add.id), version: "2" });
    expect(again.status).toBe(404);
  });

  it("lets one of two coordinators saving at once win, and tells the other (no lost update)", async () => {
    const other = await cookieFor("admin@maillage.example");
    const [first, second] = await Promise.all([
      post({ intent: "save", kind: "synonym", a: "essais de fatigue", b: "fatigue testing", version: "2" }),
      post({ intent: "save", kind: "distinct", a: "découpe laser", b: "gravure laser", version: "2" }, other),
    ]);
    expect([first.status, second.status].sort()).toEqual([302, 409]);
    const loser = first.status === 409 ? first : second;
    expect((await bodyOf(loser)).errors._form.key).toBe("lexicon.error.changed");
    expect((await history()).map((r) => r.version)).toEqual([1, 2, 3]);
  });
});

describe("a pair rejected as not the same resource", () => {
  it("is never proposed again, nor its like re-posted, by the incremental run or the batch", async () => {
    const title = "Espace de bureau recherché";
    const need = await insertPosting({ cluster: "mmode", kind: "need", title });
    const offer = await insertPosting({ cluster: "numana", kind: "offer", title: "Coworking desks available" });
    await rematchPosting(offer);
    await rematchPosting(need);
    const key = memberKey({ members: [need, offer] });
    const [m] = await getDb().select({ id: matches.id }).from(matches).where(and(eq(matches.memberKey, key), eq(matches.status, "proposed")));
    expect(m).toBeDefined();
    const r = await rejectMatch(await actor(COORD), m.id, { code: "not_same_resource" });
    expect(r.ok).toBe(true);

    // the same cluster closes and re-posts the same need
    await getDb().update(postings).set({ status: "closed" }).where(eq(postings.id, need));
    const reposted = await insertPosting({ cluster: "mmode", kind: "need", title });
    const likeKey = memberKey({ members: [reposted, offer] });
    await rematchPosting(reposted);
    expect(await statusOfKey(likeKey)).toBeUndefined();
    await rematchPosting(offer);
    expect(await statusOfKey(likeKey)).toBeUndefined();
    await runBatch();
    expect(await statusOfKey(likeKey)).toBeUndefined();
    expect((await statusOfKey(key)).s).toBe("rejected");

    // another cluster's need of the same words is still proposed, and so is the like of a pair
    // rejected for another reason
    const other = await insertPosting({ cluster: "aero-montreal", kind: "need", title });
    await rematchPosting(other);
    expect((await statusOfKey(memberKey({ members: [other, offer] })))?.s).toBe("proposed");
    const [m2] = await getDb().select({ id: matches.id }).from(matches).where(eq(matches.memberKey, memberKey({ members: [other, offer] })));
    await rejectMatch(await actor(COORD), m2.id, { code: "timing" });
    await getDb().update(postings).set({ status: "closed" }).where(eq(postings.id, other));
    const otherAgain = await insertPosting({ cluster: "aero-montreal", kind: "need", title });
    await rematchPosting(otherAgain);
    expect((await statusOfKey(memberKey({ members: [otherAgain, offer] })))?.s).toBe("proposed");
  });
});
