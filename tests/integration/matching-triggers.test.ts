/**
 * Matching driven by the real posting actions: publishing, editing, pausing, closing and expiry go
 * through the routes and modules people use, the queue they write in their own transaction, and the
 * background job that processes it.
 */
import { eq, ne, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { matches, matchingQueue, matchMembers, postings } from "@db/schema";
import { processMatchingQueue } from "~/modules/matching/store.server";
import { expireDuePostings } from "~/modules/postings/postings.server";
import * as pageRoute from "~/routes/postings.$id._index";
import * as editRoute from "~/routes/postings.$id.edit";
import * as newRoute from "~/routes/postings.new";
import { call, cookieFor, officeNeedForm, seed } from "../helpers";

const NEED_BY = "membre@numana.example";
const OFFER_BY = "membre@aero-montreal.example";
const POOL_BY = "membre@mmode.example";

const officeNeed = (over: Record<string, string | string[]> = {}) =>
  officeNeedForm({
    title: "Bureaux partagés pour 5 personnes",
    description: "Nous cherchons cinq postes de travail meublés à Montréal, près du métro.",
    tags: "bureaux, coworking",
    ...over,
  });
const officeOffer = (over: Record<string, string> = {}) => ({
  ...officeNeed(),
  kind: "offer",
  title: "Coworking desks available near the metro",
  description: "Eight furnished coworking desks in our Montréal office, meeting room included.",
  tags: "coworking, desks",
  language: "en",
  startDate: "2027-01-01",
  endDate: "2027-12-31",
  quantity: "8",
  budgetMax: "300",
  ...over,
});

async function publish(email: string, form: Record<string, string | string[]>): Promise<string> {
  const res = await call(newRoute.action, "/postings/new", { form, cookie: await cookieFor(email) });
  expect(res.status).toBe(302);
  return res.headers.get("Location")!.split("/postings/")[1].split("?")[0];
}
const version = async (id: string) => (await getDb().select({ v: postings.version }).from(postings).where(eq(postings.id, id)))[0].v;
async function edit(email: string, id: string, form: Record<string, string | string[]>) {
  const res = await call(editRoute.action, `/postings/${id}/edit`, { params: { id }, cookie: await cookieFor(email), form: { ...form, version: String(await version(id)) } });
  expect(res.status).toBe(302);
}
async function setStatus(email: string, id: string, to: string) {
  const res = await call(pageRoute.action, `/postings/${id}`, { params: { id }, cookie: await cookieFor(email), form: { intent: "status", to, version: String(await version(id)), ...(to === "closed" ? { reason: "no_longer_needed" } : {}) } });
  expect(res.status).toBe(302);
}
/** Run the background job until the queue is empty. */
async function drain(now = new Date()) {
  while ((await processMatchingQueue({ now })) > 0);
  expect(await getDb().select().from(matchingQueue)).toEqual([]);
}
async function matchesOf(postingId: string) {
  return getDb()
    .select({ id: matches.id, type: matches.type, status: matches.status, score: matches.score, withdrawnReason: matches.withdrawnReason, memberKey: matches.memberKey })
    .from(matches)
    .innerJoin(matchMembers, eq(matchMembers.matchId, matches.id))
    .where(eq(matchMembers.postingId, postingId));
}

beforeAll(async () => {
  await seed();
  // only this file's postings take part
  await getDb().update(postings).set({ status: "closed" }).where(ne(postings.status, "closed"));
  await getDb().delete(matches);
  await getDb().delete(matchingQueue);
});

describe("matching follows the postings", () => {
  let need = "";
  let offer = "";

  it("publishing a need, then a matching offer of another cluster, proposes the pair", async () => {
    need = await publish(NEED_BY, officeNeed());
    await drain();
    expect(await matchesOf(need)).toEqual([]);
    offer = await publish(OFFER_BY, officeOffer());
    await drain();
    const [m] = await matchesOf(need);
    expect(m).toMatchObject({ type: "need_offer", status: "proposed" });
    expect(m.memberKey.split(",").sort()).toEqual([need, offer].sort());
    const roles = await getDb().select({ postingId: matchMembers.postingId, role: matchMembers.role }).from(matchMembers).where(eq(matchMembers.matchId, m.id));
    expect(Object.fromEntries(roles.map((r) => [r.postingId, r.role]))).toEqual({ [need]: "need", [offer]: "offer" });
  });

  it("editing the offer out of reach withdraws the proposal; editing it back re-proposes the same match", async () => {
    const [before] = await matchesOf(need);
    await edit(OFFER_BY, offer, officeOffer({ budgetMax: "4000" })); // far over the need's budget
    await drain();
    expect(await matchesOf(need)).toEqual([expect.objectContaining({ id: before.id, status: "withdrawn", withdrawnReason: "no_longer_fits" })]);
    await edit(OFFER_BY, offer, officeOffer({ budgetMax: "320" }));
    await drain();
    const [after] = await matchesOf(need);
    expect(after).toMatchObject({ id: before.id, status: "proposed", withdrawnReason: null });
  });

  it("a second need for the same desks forms a pool; pausing one need withdraws what it was part of", async () => {
    const second = await publish(POOL_BY, officeNeed({ title: "Postes de travail en coworking à Montréal", quantity: "3" }));
    await drain();
    const pool = (await matchesOf(second)).find((m) => m.type === "pool");
    expect(pool?.memberKey.split(",").sort()).toEqual([need, second].sort());
    await setStatus(POOL_BY, second, "paused");
    await drain();
    const gone = await matchesOf(second);
    expect(gone.length).toBeGreaterThan(0);
    for (const m of gone) expect(m).toMatchObject({ status: "withdrawn", withdrawnReason: "posting_unavailable" });
    // the first need's pair with the offer is untouched
    expect((await matchesOf(need)).filter((m) => m.status === "proposed").map((m) => m.type)).toEqual(["need_offer"]);
  });

  it("expiry, recorded by the housekeeping job, withdraws the proposals too", async () => {
    const later = new Date(Date.now() + 400 * 86_400_000); // past the six-month period
    expect(await expireDuePostings(later)).toBeGreaterThanOrEqual(2);
    await drain(later);
    const left = await getDb().select({ n: sql<number>`count(*)::int` }).from(matches).where(eq(matches.status, "proposed"));
    expect(Number(left[0].n)).toBe(0);
    for (const m of await matchesOf(need)) expect(m.status).toBe("withdrawn");
  });

  it("closing a posting withdraws its proposals", async () => {
    const fresh = await publish(NEED_BY, officeNeed({ title: "Bureaux pour une équipe de projet" }));
    const other = await publish(OFFER_BY, officeOffer({ title: "Coworking desks for project teams" }));
    await drain();
    expect((await matchesOf(fresh)).map((m) => m.status)).toEqual(["proposed"]);
    await setStatus(OFFER_BY, other, "closed");
    await drain();
    expect(await matchesOf(fresh)).toEqual([expect.objectContaining({ status: "withdrawn", withdrawnReason: "posting_unavailable" })]);
  });
});
