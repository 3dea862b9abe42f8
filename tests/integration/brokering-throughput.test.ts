/**
 * The coordinator's throughput, through the real loaders and actions: sorting and filtering (source
 * included), the other proposals a posting is in, decisions from the list and in bulk (each match
 * decided or refused with its reason, nothing half-written), "decide and next", deferral until a
 * date and its return, and the overlap warning with its merge.
 */
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { auditLog, matches, matchMembers, notifications, postings } from "@db/schema";
import { introductions, matchEvents } from "@db/schema";
import { approveMatch, deferMatch, rejectMatch, reopenMatch } from "~/modules/brokering/decisions.server";
import { returnDeferred } from "~/modules/brokering/followup.server";
import { DEFAULT_TEMPLATES } from "~/modules/brokering/templates";
import { action as matchAction, loader as matchLoader } from "~/routes/coordination.matches.$id";
import { action as queueAction, loader as queueLoader } from "~/routes/coordination.matches._index";
import { bodyOf, call, clusterId, cookieFor, seed } from "../helpers";
import { actor, insertGroup, insertPosting, matchPath, outboxCount, outboxFor, proposedPair, statusOf, versionOf } from "./brokering-fixtures";

const COORD = "coordination@maillage.example";
const ADMIN = "admin@maillage.example";
const DAY = 86_400_000;
let coordCookie: string;

beforeAll(async () => {
  await seed();
  coordCookie = await cookieFor(COORD);
});

const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);
const queue = async (query = "") => bodyOf(await call(queueLoader, `/coordination/matches${query ? `?${query}` : ""}`, { cookie: coordCookie }));
const post = (form: Record<string, string | string[]>) => call(queueAction, "/coordination/matches", { cookie: coordCookie, form });
const approveFrom = (id: string, form: Record<string, string> = {}) =>
  call(matchAction, matchPath(id), { cookie: coordCookie, params: { id }, form: { intent: "approve", templateFr: DEFAULT_TEMPLATES.fr, templateEn: DEFAULT_TEMPLATES.en, ...form } });

describe("sorting and filtering", () => {
  it("sorts by score either way, by age and by category; filters by source (engine, manual, interest)", async () => {
    const cat = "equipment" as const; // this test's own category: other tests never use it
    const a = await insertPosting({ cluster: "aluquebec", kind: "need", category: cat });
    const b = await insertPosting({ cluster: "bctq", kind: "offer", category: cat });
    const c = await insertPosting({ cluster: "cargo-m", kind: "offer", category: cat });
    const d = await insertPosting({ cluster: "mmode", kind: "offer", category: cat });
    const old = await insertGroup([a, b], { score: 60, createdAt: new Date(Date.now() - 20 * DAY) });
    const best = await insertGroup([a, c], { score: 90, source: "manual", createdAt: new Date(Date.now() - 5 * DAY) });
    const asked = await insertGroup([a, d], { score: 75, source: "interest" });
    const q = `category=${cat}`;
    expect(ids(await queue(q))).toEqual([best, asked, old]);
    expect(ids(await queue(`${q}&sort=score_asc`))).toEqual([old, asked, best]);
    expect(ids(await queue(`${q}&sort=oldest`))).toEqual([old, best, asked]);
    expect(ids(await queue(`${q}&sort=newest`))).toEqual([asked, best, old]);
    expect(ids(await queue(`${q}&sort=category`))).toEqual([best, asked, old]);
    expect(ids(await queue(`${q}&source=manual`))).toEqual([best]);
    expect(ids(await queue(`${q}&source=interest`))).toEqual([asked]);
    expect(ids(await queue(`${q}&source=engine`))).toEqual([old]);
    const body = await queue(`${q}&source=interest&sort=bogus`);
    expect(body.filters.sort).toBe("score"); // an unknown sort is ignored, not an error
    expect(body.items[0].source).toBe("interest");
  });

  it("shows, for each proposal, the other proposals and live introductions its postings are in", async () => {
    const helpdesk = await insertPosting({ cluster: "numana", kind: "offer", category: "it_support", title: "Centre d'assistance Numana" });
    const needs = await Promise.all(["aero-montreal", "mmode", "bctq"].map((cluster) => insertPosting({ cluster, kind: "need", category: "it_support" })));
    const [m1, m2, m3] = await Promise.all(needs.map((n, i) => insertGroup([n, helpdesk], { score: 80 - i })));
    expect((await approveMatch(await actor(COORD), m3, { templates: DEFAULT_TEMPLATES })).ok).toBe(true);
    const body = await queue("category=it_support");
    const item = body.items.find((i: { id: string }) => i.id === m1);
    const ref = item.crossRefs.find((r: { postingId: string }) => r.postingId === helpdesk);
    expect(ref.title).toBe("Centre d'assistance Numana");
    // the live introduction first, then the other proposal
    expect(ref.others.map((o: { matchId: string; status: string }) => [o.matchId, o.status])).toEqual([
      [m3, "introduced"],
      [m2, "proposed"],
    ]);
    // the match page shows them too
    const page = await bodyOf(await call(matchLoader, matchPath(m1), { cookie: coordCookie, params: { id: m1 } }));
    expect(page.view.crossRefs[0].others.map((o: { matchId: string }) => o.matchId)).toEqual([m3, m2]);
  });
});

describe("deciding from the list", () => {
  it("approves, rejects with a reason code and defers by some days, each answered in place", async () => {
    const one = await proposedPair("aero-montreal", "finance-montreal");
    const two = await proposedPair("propulsion-quebec", "finance-montreal");
    const three = await proposedPair("ecotech-quebec", "cargo-m");
    const approved = await post({ intent: "approve", id: one.matchId, version: String(await versionOf(one.matchId)) });
    expect(approved.status).toBe(200);
    const a = (await bodyOf(approved)).results[0];
    expect([a.id, a.ok, a.status, a.message.key, a.message.params.count]).toEqual([one.matchId, true, "introduced", "coordination.decided.approved", 2]);
    // the other proposal sharing Finance Montréal's offer is named
    expect(a.shared.map((s: { matchId: string }) => s.matchId)).not.toContain(one.matchId);
    expect(await statusOf(one.matchId)).toBe("introduced");
    expect(await getDb().select().from(introductions).where(eq(introductions.matchId, one.matchId))).toHaveLength(2);

    const noCode = await post({ intent: "reject", id: two.matchId });
    expect(noCode.status).toBe(400);
    const bad = await bodyOf(noCode);
    expect(bad.errors.code.key).toBe("brokering.error.rejectionCodeRequired");
    expect(bad.id).toBe(two.matchId);
    const otherNoNote = await post({ intent: "reject", id: two.matchId, code: "other" });
    expect((await bodyOf(otherNoNote)).errors.reason.key).toBe("brokering.error.reasonRequired");
    expect(await statusOf(two.matchId)).toBe("proposed");
    const rejected = await post({ intent: "reject", id: two.matchId, code: "wrong_region" });
    expect((await bodyOf(rejected)).results[0].status).toBe("rejected");
    const [r] = await getDb().select().from(matches).where(eq(matches.id, two.matchId));
    expect([r.status, r.rejectionCode]).toEqual(["rejected", "wrong_region"]);

    const before = Date.now();
    const deferred = await post({ intent: "defer", id: three.matchId, days: "14" });
    expect((await bodyOf(deferred)).results[0].status).toBe("deferred");
    const [d] = await getDb().select().from(matches).where(eq(matches.id, three.matchId));
    expect(d.status).toBe("deferred");
    expect(d.deferredUntil!.getTime()).toBeGreaterThanOrEqual(before + 14 * DAY - 1000);
    expect(d.deferredUntil!.getTime()).toBeLessThanOrEqual(Date.now() + 14 * DAY);
    const bogus = await post({ intent: "defer", id: three.matchId, days: "-2" });
    expect(bogus.status).toBe(400);
  });

  it("in bulk: each match decided or refused with its reason, in order; the refused ones untouched", async () => {
    const ok = await proposedPair("aluquebec", "numana");
    const decidedMeanwhile = await proposedPair("bctq", "numana");
    const changed = await proposedPair("cargo-m", "numana");
    const closed = await proposedPair("mmode", "numana");
    const introducedPosting = await insertPosting({ cluster: "montreal-invivo", kind: "need" });
    const sharedOffer = await insertPosting({ cluster: "ecotech-quebec", kind: "offer" });
    const live = await insertGroup([introducedPosting, sharedOffer]);
    expect((await approveMatch(await actor(COORD), live, { templates: DEFAULT_TEMPLATES })).ok).toBe(true);
    const overlapping = await insertGroup([await insertPosting({ cluster: "propulsion-quebec", kind: "need" }), sharedOffer]);
    // what the coordinator saw in the list
    const seen = Object.fromEntries(await Promise.all([ok, decidedMeanwhile, changed, closed].map(async (p) => [p.matchId, await versionOf(p.matchId)])));
    seen[overlapping] = await versionOf(overlapping);
    // …and what happened meanwhile
    await rejectMatch(await actor(ADMIN), decidedMeanwhile.matchId, { code: "timing" });
    await deferMatch(await actor(ADMIN), changed.matchId);
    await reopenMatch(await actor(ADMIN), changed.matchId, null); // proposed again, but not what was seen
    await getDb().update(postings).set({ status: "closed" }).where(eq(postings.id, closed.needId));
    const outboxBefore = await outboxCount();

    const order = [ok.matchId, decidedMeanwhile.matchId, changed.matchId, closed.matchId, overlapping];
    const res = await post({ intent: "bulk", decision: "approve", "ids[]": order.map((id) => `${id}:${seen[id]}`) });
    expect(res.status).toBe(200);
    const body = await bodyOf(res);
    expect(body.ok).toBe(false);
    expect(body.results.map((r: { id: string; ok: boolean; message: { key: string } }) => [r.id, r.ok, r.message.key])).toEqual([
      [ok.matchId, true, "coordination.decided.approved"],
      [decidedMeanwhile.matchId, false, "brokering.error.alreadyDecided"],
      [changed.matchId, false, "coordination.error.changed"],
      [closed.matchId, false, "brokering.error.postingUnavailable"],
      [overlapping, false, "coordination.error.overlap"],
    ]);
    expect(body.results[1].message.params.name).toBe("Marc-André Lévesque");
    expect(body.results.every((r: { title: string }) => r.title.length > 0)).toBe(true);
    expect(body.results[4].overlaps).toEqual([{ matchId: live }]);
    expect(await statusOf(ok.matchId)).toBe("introduced");
    expect(await statusOf(decidedMeanwhile.matchId)).toBe("rejected");
    expect(await statusOf(changed.matchId)).toBe("proposed");
    expect(await statusOf(closed.matchId)).toBe("proposed");
    expect(await statusOf(overlapping)).toBe("proposed");
    // only the approved one wrote emails (two contacts)
    expect((await outboxCount()) - outboxBefore).toBe(2);
    for (const id of order.slice(1)) expect(await getDb().select().from(introductions).where(eq(introductions.matchId, id))).toHaveLength(0);
  });

  it("in bulk: rejects and defers several; refuses an empty selection or a rejection without its code", async () => {
    const p = await Promise.all([proposedPair("aero-montreal", "aluquebec"), proposedPair("bctq", "aluquebec"), proposedPair("cargo-m", "aluquebec")]);
    const none = await post({ intent: "bulk", decision: "reject", code: "price" });
    expect(none.status).toBe(400);
    expect((await bodyOf(none)).errors.ids.key).toBe("coordination.error.bulkNone");
    const noCode = await post({ intent: "bulk", decision: "reject", "ids[]": [p[0].matchId] });
    expect((await bodyOf(noCode)).errors.code.key).toBe("brokering.error.rejectionCodeRequired");
    expect(await statusOf(p[0].matchId)).toBe("proposed");
    const rejected = await bodyOf(await post({ intent: "bulk", decision: "reject", code: "price", "ids[]": [p[0].matchId, p[1].matchId] }));
    expect(rejected.results.map((r: { status: string }) => r.status)).toEqual(["rejected", "rejected"]);
    const deferred = await bodyOf(await post({ intent: "bulk", decision: "defer", days: "30", "ids[]": [p[2].matchId, p[0].matchId] }));
    expect(deferred.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false]);
    expect(await statusOf(p[2].matchId)).toBe("deferred");
    const audits = await getDb().select().from(auditLog).where(and(inArray(auditLog.entityId, p.map((x) => x.matchId)), eq(auditLog.action, "match.reject")));
    expect(audits).toHaveLength(2);
  });

  it("is for the coordination only", async () => {
    const { matchId } = await proposedPair("mmode", "bctq");
    for (const email of ["membre@mmode.example", "admin@bctq.example", "bailleur@meie.example"]) {
      const res = await call(queueAction, "/coordination/matches", { cookie: await cookieFor(email), form: { intent: "bulk", decision: "approve", "ids[]": [matchId] } });
      expect(res.status).toBe(404);
    }
    expect(await statusOf(matchId)).toBe("proposed");
  });
});

describe("decide and next", () => {
  it("goes from one proposal to the next of the queue it came from, then back to the queue when none is left", async () => {
    const cat = "events" as const;
    const made = [];
    for (const [i, cluster] of ["aluquebec", "bctq", "cargo-m"].entries()) {
      const n = await insertPosting({ cluster, kind: "need", category: cat });
      const o = await insertPosting({ cluster: "finance-montreal", kind: "offer", category: cat });
      made.push(await insertGroup([n, o], { score: 90 - i * 10 }));
    }
    const [first, second, third] = made;
    const q = `category=${cat}`;
    // deciding the second goes to the third (after it in the queue's order)
    const r1 = await approveFrom(second, { then: "next", q });
    expect(r1.status).toBe(302);
    const to1 = new URL(r1.headers.get("Location")!, "http://x");
    expect(to1.pathname).toBe(matchPath(third));
    expect(to1.searchParams.get("q")).toBe(q);
    expect(to1.searchParams.get("notice")).toBe("coordination.notice.decidedNext");
    // the third is the last: the queue wraps to the first
    const r2 = await call(matchAction, matchPath(third), { cookie: coordCookie, params: { id: third }, form: { intent: "reject", code: "price", then: "next", q } });
    expect(new URL(r2.headers.get("Location")!, "http://x").pathname).toBe(matchPath(first));
    // the last one left: back to the queue, which says so
    const r3 = await call(matchAction, matchPath(first), { cookie: coordCookie, params: { id: first }, form: { intent: "defer", until: new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10), then: "next", q } });
    const to3 = new URL(r3.headers.get("Location")!, "http://x");
    expect(to3.pathname + to3.search).toContain(`/coordination/matches?${q}`);
    expect(to3.searchParams.get("notice")).toBe("coordination.notice.queueDone");
    // without "next", the coordinator stays on the match
    const { matchId } = await proposedPair("numana", "mmode");
    const stay = await approveFrom(matchId, { then: "stay" });
    expect(new URL(stay.headers.get("Location")!, "http://x").pathname).toBe(matchPath(matchId));
  });

  it("refuses a decision on a match that changed since the page was opened", async () => {
    const { matchId } = await proposedPair("aero-montreal", "bctq");
    const seen = await versionOf(matchId);
    await deferMatch(await actor(ADMIN), matchId);
    await reopenMatch(await actor(ADMIN), matchId, null);
    const res = await approveFrom(matchId, { version: String(seen) });
    expect(res.status).toBe(409);
    expect((await bodyOf(res)).errors._form.key).toBe("coordination.error.changed");
    expect(await statusOf(matchId)).toBe("proposed");
  });
});

describe("deferral until a date", () => {
  it("stores the date, refuses a past one, and the job brings the match back on its day (its deferrer told)", async () => {
    const { matchId } = await proposedPair("montreal-invivo", "aluquebec");
    const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10);
    const past = await call(matchAction, matchPath(matchId), { cookie: coordCookie, params: { id: matchId }, form: { intent: "defer", until: yesterday } });
    expect(past.status).toBe(400);
    expect((await bodyOf(past)).errors.until.key).toBe("coordination.error.deferPast");
    const far = await call(matchAction, matchPath(matchId), { cookie: coordCookie, params: { id: matchId }, form: { intent: "defer", until: "2999-01-01" } });
    expect((await bodyOf(far)).errors.until.key).toBe("coordination.error.deferTooFar");
    expect(await statusOf(matchId)).toBe("proposed");

    const day = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
    const res = await call(matchAction, matchPath(matchId), { cookie: coordCookie, params: { id: matchId }, form: { intent: "defer", until: day, note: "Après le comité" } });
    expect(res.status).toBe(302);
    const [m] = await getDb().select().from(matches).where(eq(matches.id, matchId));
    expect(m.status).toBe("deferred");
    expect(m.deferredUntil!.toISOString()).toBe(`${day}T05:00:00.000Z`);
    const page = await bodyOf(await call(queueLoader, "/coordination/matches?status=deferred", { cookie: coordCookie }));
    expect(page.items.find((i: { id: string }) => i.id === matchId).deferredUntil).toBe(`${day}T05:00:00.000Z`);

    await returnDeferred(new Date(m.deferredUntil!.getTime() - 60_000));
    expect(await statusOf(matchId)).toBe("deferred");
    await returnDeferred(new Date(m.deferredUntil!.getTime() + 60_000));
    const [back] = await getDb().select().from(matches).where(eq(matches.id, matchId));
    expect([back.status, back.deferredUntil, back.decidedBy]).toEqual(["proposed", null, null]);
    const events = await getDb().select().from(matchEvents).where(eq(matchEvents.matchId, matchId));
    expect(events.map((e) => e.kind)).toEqual(["deferred", "returned"]);
    const told = await getDb().select().from(notifications).where(and(eq(notifications.kind, "brokering_returned"), eq(notifications.link, matchPath(matchId))));
    expect(told.map((n) => n.userId)).toEqual([(await actor(COORD)).id]);
    // running the job again changes nothing
    expect(await returnDeferred(new Date(m.deferredUntil!.getTime() + 120_000))).toBe(0);
  });
});

describe("overlapping introductions", () => {
  async function liveAndProposal() {
    const aero = await insertPosting({ cluster: "aero-montreal", kind: "need", category: "it_support", title: "Licences M365 Aéro" });
    const propulsion = await insertPosting({ cluster: "propulsion-quebec", kind: "need", category: "it_support", title: "Licences M365 Propulsion" });
    const invivo = await insertPosting({ cluster: "montreal-invivo", kind: "need", category: "it_support", title: "Licences InVivo" });
    const live = await insertGroup([aero, propulsion], { source: "manual" });
    expect((await approveMatch(await actor(COORD), live, { templates: DEFAULT_TEMPLATES })).ok).toBe(true);
    return { aero, propulsion, invivo, live };
  }

  it("warns before approving a match whose postings are already in a live introduction; nothing is written unless confirmed", async () => {
    const { aero, propulsion, invivo, live } = await liveAndProposal();
    const proposal = await insertGroup([aero, propulsion, invivo]);
    const page = await bodyOf(await call(matchLoader, matchPath(proposal), { cookie: coordCookie, params: { id: proposal } }));
    expect(page.view.overlaps).toHaveLength(1);
    expect(page.view.overlaps[0].matchId).toBe(live);
    expect(page.view.overlaps[0].shared.sort()).toEqual([aero, propulsion].sort());
    expect(page.view.overlaps[0].addable).toEqual([invivo]);

    const before = await outboxCount();
    const refused = await approveFrom(proposal);
    expect(refused.status).toBe(409);
    const body = await bodyOf(refused);
    expect(body.errors._form.key).toBe("coordination.error.overlap");
    expect(body.errors._form.params.titles).toContain("Licences M365 Aéro");
    expect(body.overlaps[0].matchId).toBe(live);
    expect(await statusOf(proposal)).toBe("proposed");
    expect(await outboxCount()).toBe(before);

    const accepted = await approveFrom(proposal, { overlap: "accept" });
    expect(accepted.status).toBe(302);
    expect(await statusOf(proposal)).toBe("introduced");
    const [event] = await getDb().select().from(matchEvents).where(and(eq(matchEvents.matchId, proposal), eq(matchEvents.kind, "approved")));
    expect(event.data).toMatchObject({ overlapAccepted: true });
  });

  it("two overlapping approvals at the same moment: one introduces, the other is told of the overlap", async () => {
    const offer = await insertPosting({ cluster: "cargo-m", kind: "offer", category: "it_support" });
    const a = await insertGroup([await insertPosting({ cluster: "aluquebec", kind: "need", category: "it_support" }), offer]);
    const b = await insertGroup([await insertPosting({ cluster: "bctq", kind: "need", category: "it_support" }), offer]);
    const [ra, rb] = await Promise.all([
      approveMatch(await actor(COORD), a, { templates: DEFAULT_TEMPLATES }),
      approveMatch(await actor(ADMIN), b, { templates: DEFAULT_TEMPLATES }),
    ]);
    expect([ra, rb].filter((r) => r.ok)).toHaveLength(1);
    const loser = [ra, rb].find((r) => !r.ok)!;
    expect(loser.ok === false && loser.reason).toBe("overlap");
    expect([await statusOf(a), await statusOf(b)].sort()).toEqual(["introduced", "proposed"]);
  });

  it("merges a proposal into the live introduction: the new posting joins, its contacts are introduced, the others told, the proposal closed", async () => {
    const { aero, propulsion, invivo, live } = await liveAndProposal();
    const proposal = await insertGroup([aero, propulsion, invivo]);
    const version = await versionOf(proposal);
    const res = await call(matchAction, matchPath(proposal), { cookie: coordCookie, params: { id: proposal }, form: { intent: "merge", target: live, version: String(version) } });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get("Location")!, "http://x");
    expect(to.pathname).toBe(matchPath(live));
    expect(to.searchParams.get("notice")).toBe("coordination.notice.merged");

    const [merged] = await getDb().select().from(matches).where(eq(matches.id, live));
    expect(merged.status).toBe("introduced");
    expect(merged.memberKey).toBe([aero, propulsion, invivo].sort().join(","));
    expect(merged.type).toBe("pool");
    const members = await getDb().select().from(matchMembers).where(eq(matchMembers.matchId, live));
    expect(members.map((m) => m.postingId).sort()).toEqual([aero, propulsion, invivo].sort());
    expect(members.find((m) => m.postingId === invivo)!.response).toBe("pending");
    // InVivo's administrator gets the introduction; Aéro's and Propulsion's hear who joins
    const invivoMail = (await outboxFor("admin@montreal-invivo.example")).pop()!;
    expect(invivoMail.kind).toBe("introduction");
    expect(invivoMail.bodyText).toContain("Licences M365 Aéro");
    const aeroMails = await outboxFor("admin@aero-montreal.example");
    expect(aeroMails.some((m) => m.subject.includes("Montréal InVivo") && m.bodyText.includes("Licences InVivo"))).toBe(true);
    const sent = await getDb().select().from(introductions).where(and(eq(introductions.matchId, live), eq(introductions.postingId, invivo)));
    expect(sent.map((s) => s.email)).toEqual(["admin@montreal-invivo.example"]);
    expect(sent[0].outboxId).toBe(invivoMail.id);

    const [closed] = await getDb().select().from(matches).where(eq(matches.id, proposal));
    expect([closed.status, closed.rejectionCode]).toEqual(["rejected", "already_in_contact"]);
    // it held exactly the merged set: it gave its key up, so the engine finds the introduction for that set
    expect(closed.memberKey).toBe(`merged:${proposal}`);
    const events = await getDb().select().from(matchEvents).where(and(inArray(matchEvents.matchId, [live, proposal]), eq(matchEvents.kind, "merged")));
    expect(events).toHaveLength(2);
    expect((await getDb().select().from(auditLog).where(and(eq(auditLog.entityId, live), eq(auditLog.action, "match.merge")))).length).toBe(1);

    // merging it again: it is no longer proposed, nothing is written
    const before = await outboxCount();
    const again = await call(matchAction, matchPath(proposal), { cookie: coordCookie, params: { id: proposal }, form: { intent: "merge", target: live } });
    expect(again.status).toBe(409);
    const body = await bodyOf(again);
    expect(body.errors._form.key).toBe("coordination.error.mergeNotProposed");
    expect(body.errors._form.params.status).toBe("rejetée");
    expect(await outboxCount()).toBe(before);
  });

  it("closes a proposal the introduction already covers; refuses a merge into an introduction under way, a stale version, or with no shared posting", async () => {
    const { aero, propulsion, invivo, live } = await liveAndProposal();
    // a proposal wholly inside an introduction (a pair of a pool of three already introduced)
    const three = await insertGroup([aero, propulsion, invivo], { status: "introduced" });
    const pair = await insertGroup([aero, invivo]);
    const res = await call(matchAction, matchPath(pair), { cookie: coordCookie, params: { id: pair }, form: { intent: "merge", target: three } });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get("Location")!, "http://x").searchParams.get("notice")).toBe("coordination.notice.covered");
    const [p] = await getDb().select().from(matches).where(eq(matches.id, pair));
    expect([p.status, p.rejectionCode]).toEqual(["rejected", "already_in_contact"]);
    expect(await getDb().select().from(matchMembers).where(eq(matchMembers.matchId, three))).toHaveLength(3);

    // into an introduction under way
    await getDb().update(matches).set({ status: "in_progress" }).where(eq(matches.id, live));
    const late = await insertGroup([propulsion, await insertPosting({ cluster: "finance-montreal", kind: "need", category: "it_support" })]);
    const underWay = await call(matchAction, matchPath(late), { cookie: coordCookie, params: { id: late }, form: { intent: "merge", target: live } });
    expect(underWay.status).toBe(409);
    expect((await bodyOf(underWay)).errors._form.key).toBe("coordination.error.mergeTargetClosed");
    expect((await bodyOf(underWay)).errors._form.params.status).toBe("en cours");
    expect(await statusOf(late)).toBe("proposed");
    await getDb().update(matches).set({ status: "introduced" }).where(eq(matches.id, live));

    // a stale version
    const stale = await call(matchAction, matchPath(late), { cookie: coordCookie, params: { id: late }, form: { intent: "merge", target: live, version: String((await versionOf(late)) + 5) } });
    expect(stale.status).toBe(409);
    expect((await bodyOf(stale)).errors._form.key).toBe("coordination.error.changed");
    // nothing in common
    const unrelated = await insertGroup([await insertPosting({ cluster: "bctq", kind: "need", category: "it_support" }), await insertPosting({ cluster: "cargo-m", kind: "need", category: "it_support" })]);
    const none = await call(matchAction, matchPath(unrelated), { cookie: coordCookie, params: { id: unrelated }, form: { intent: "merge", target: live } });
    expect(none.status).toBe(422);
    expect((await bodyOf(none)).errors._form.key).toBe("coordination.error.mergeNoOverlap");
    const members = await getDb().select().from(matchMembers).where(eq(matchMembers.matchId, live));
    expect(members).toHaveLength(2);
  });
});
