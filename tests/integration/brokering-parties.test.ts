/**
 * The parties' side: introductions delivered over a real SMTP server, who sees them, answers,
 * "in progress", outcomes, and the bad inputs that must change nothing.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { auditLog, matches, matchMembers, notifications, outbox } from "@db/schema";
import { matchEvents, matchOutcomes } from "@db/schema";
import { approveMatch } from "~/modules/brokering/decisions.server";
import { recordOutcome, respondToIntroduction } from "~/modules/brokering/introductions.server";
import { DEFAULT_TEMPLATES } from "~/modules/brokering/templates";
import { smtpTransport } from "~/modules/notifications/transport.server";
import { deliverDue } from "~/modules/notifications/worker.server";
import { action as introAction, loader as introLoader } from "~/routes/introductions.$id";
import { loader as listLoader } from "~/routes/introductions._index";
import { action as matchAction } from "~/routes/coordination.matches.$id";
import { bodyOf, call, cookieFor, seed } from "../helpers";
import { TestSmtp } from "../smtp";
import { actor, proposedPair } from "./brokering-fixtures";

const COORD = "coordination@maillage.example";
const smtp = new TestSmtp();

beforeAll(async () => {
  await seed();
  await smtp.start();
});
afterAll(() => smtp.stop());

async function introduced(needCluster: string, offerCluster: string, opts: { needContact?: string; offerContact?: string; note?: string } = {}) {
  const pair = await proposedPair(needCluster, offerCluster, { needContact: opts.needContact, offerContact: opts.offerContact });
  const r = await approveMatch(await actor(COORD), pair.matchId, { note: opts.note ?? null, templates: DEFAULT_TEMPLATES });
  expect(r.ok).toBe(true);
  return pair;
}

const introPath = (id: string) => `/introductions/${id}`;
const statusOf = async (id: string) => (await getDb().select({ s: matches.status }).from(matches).where(eq(matches.id, id)))[0].s;
const responses = async (id: string) => Object.fromEntries((await getDb().select().from(matchMembers).where(eq(matchMembers.matchId, id))).map((m) => [m.role, m.response]));
const drainOutbox = async () => {
  let total = 0;
  for (let r = await deliverDue({ transport: smtpTransport(smtp.url) }); r.claimed; r = await deliverDue({ transport: smtpTransport(smtp.url) })) total += r.sent;
  return total;
};

describe("introduction emails over SMTP", () => {
  it("arrive at each party's contacts in their language, naming the other party, the postings and the note, coordinator in copy", async () => {
    const { matchId, needId, offerId } = await introduced("aero-montreal", "ecotech-quebec", {
      needContact: "membre@aero-montreal.example", // Daniel Morin, English
      note: "Vous travaillez tous deux sur la décarbonation : parlez-vous !",
    });
    expect(await drainOutbox()).toBeGreaterThanOrEqual(2);
    const [en] = smtp.to("membre@aero-montreal.example");
    expect(en.subject).toMatch(/^Introduction: “Espace de bureau recherché \d+” with Écotech Québec$/);
    expect(en.cc).toBe(COORD);
    expect(en.replyTo).toBe(COORD);
    expect(en.text).toContain("Hello Daniel Morin");
    expect(en.text).toContain("I am introducing you to Écotech Québec");
    expect(en.text).toContain("Vous travaillez tous deux sur la décarbonation : parlez-vous !");
    expect(en.text).toContain("Amélie Fortin <admin@ecotech-quebec.example>"); // who to talk to
    expect(en.text).toContain(`/postings/${offerId}`);
    expect(en.text).toContain(`http://localhost:3999/introductions/${matchId}`);
    expect(en.text).toContain("Why this match:");
    expect(en.text).toMatch(/Same resource: .*office space/);
    expect(en.text).toContain("Same region: Montréal");

    // écotech's offer has no contact person: its administrator gets it, in French
    const [fr] = smtp.to("admin@ecotech-quebec.example");
    expect(fr.subject).toMatch(/^Mise en relation : « Coworking desks available \d+ » avec Aéro Montréal$/);
    expect(fr.cc).toBe(COORD);
    expect(fr.text).toContain("Bonjour Amélie Fortin");
    expect(fr.text).toContain("Je vous mets en relation avec Aéro Montréal");
    expect(fr.text).toContain("Daniel Morin <membre@aero-montreal.example>");
    expect(fr.text).toContain(`/postings/${needId}`);
    expect(fr.text).toContain("Pourquoi cette correspondance :");
    expect(fr.text).toContain("Même région : Montréal");
    expect(fr.text).toContain("Dites-nous si votre grappe est intéressée ou non");
  });
});

describe("who sees an introduction", () => {
  it("a party sees only its own introductions; others get 404, funders too; the coordination is sent to its queue", async () => {
    const mine = await introduced("numana", "mmode");
    const theirs = await introduced("cargo-m", "bctq");
    const numana = await cookieFor("membre@numana.example");
    const list = await bodyOf(await call(listLoader, "/introductions", { cookie: numana }));
    const ids = list.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(mine.matchId);
    expect(ids).not.toContain(theirs.matchId);
    expect(list.items.every((i: { mine: { title: string } }) => i.mine.title)).toBe(true);
    expect((await call(introLoader, introPath(mine.matchId), { cookie: numana, params: { id: mine.matchId } })).status).toBe(200);
    expect((await call(introLoader, introPath(theirs.matchId), { cookie: numana, params: { id: theirs.matchId } })).status).toBe(404);

    // a proposed (not yet introduced) match involving numana is not shown either
    const proposed = await proposedPair("numana", "aluquebec");
    expect((await call(introLoader, introPath(proposed.matchId), { cookie: numana, params: { id: proposed.matchId } })).status).toBe(404);
    expect((await bodyOf(await call(listLoader, "/introductions", { cookie: numana }))).items.map((i: { id: string }) => i.id)).not.toContain(proposed.matchId);

    const funder = await cookieFor("bailleur@meie.example");
    expect((await call(listLoader, "/introductions", { cookie: funder })).status).toBe(404);
    expect((await call(introLoader, introPath(mine.matchId), { cookie: funder, params: { id: mine.matchId } })).status).toBe(404);
    expect((await call(introAction, introPath(mine.matchId), { cookie: funder, params: { id: mine.matchId }, form: { intent: "respond", response: "interested" } })).status).toBe(404);

    const coord = await cookieFor(COORD);
    const r = await call(listLoader, "/introductions", { cookie: coord });
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe("/coordination/matches?status=active");

    // the party's view hides the other party's reason for declining
    await respondToIntroduction(await actor("admin@mmode.example"), mine.matchId, { response: "not_interested", reason: "Budget gelé cette année" });
    const view = await bodyOf(await call(introLoader, introPath(mine.matchId), { cookie: numana, params: { id: mine.matchId } }));
    const mmode = view.view.parties.find((p: { cluster: { slug: string } }) => p.cluster.slug === "mmode");
    expect(mmode.response).toBe("not_interested");
    expect(mmode.responseReason).toBeNull();
    expect(JSON.stringify(view)).not.toContain("Budget gelé");
  });
});

describe("answering", () => {
  it("when every party is interested the match is in progress, everyone is told", async () => {
    const { matchId } = await introduced("propulsion-quebec", "aluquebec");
    const propulsion = await cookieFor("membre@propulsion-quebec.example");
    const first = await call(introAction, introPath(matchId), { cookie: propulsion, params: { id: matchId }, form: { intent: "respond", response: "interested" } });
    expect(first.status).toBe(302);
    expect(await statusOf(matchId)).toBe("introduced");
    // the coordinator is told
    const coord = await actor(COORD);
    const told = await getDb().select().from(notifications).where(and(eq(notifications.userId, coord.id), eq(notifications.kind, "brokering_interested")));
    expect(told.some((n) => n.link === `/coordination/matches/${matchId}`)).toBe(true);

    const before = (await getDb().select({ id: outbox.id }).from(outbox)).length;
    const alu = await cookieFor("admin@aluquebec.example");
    await call(introAction, introPath(matchId), { cookie: alu, params: { id: matchId }, form: { intent: "respond", response: "interested" } });
    expect(await statusOf(matchId)).toBe("in_progress");
    const mails = (await getDb().select().from(outbox)).slice(before);
    expect(mails.map((m) => m.toAddress).sort()).toEqual(["admin@aluquebec.example", "admin@propulsion-quebec.example"]);
    expect(mails.every((m) => m.cc.includes(COORD) && m.subject.includes("toutes les parties sont intéressées"))).toBe(true);
    const events = await getDb().select().from(matchEvents).where(eq(matchEvents.matchId, matchId));
    expect(events.map((e) => e.kind)).toEqual(["approved", "response", "response", "in_progress"]);
    const audits = await getDb().select().from(auditLog).where(and(eq(auditLog.entityId, matchId), eq(auditLog.action, "match.respond")));
    expect(audits).toHaveLength(2);
  });

  it("refuses bad answers: not a party, no reason, after the match was abandoned — nothing changes", async () => {
    const { matchId } = await introduced("montreal-invivo", "finance-montreal");
    const before = await responses(matchId);
    // someone from another cluster
    const stranger = await cookieFor("admin@numana.example");
    const res = await call(introAction, introPath(matchId), { cookie: stranger, params: { id: matchId }, form: { intent: "respond", response: "interested" } });
    expect(res.status).toBe(404);
    expect((await bodyOf(res)).message.key).toBe("brokering.error.notParty");
    expect(await responses(matchId)).toEqual(before);
    // the coordination cannot answer for a cluster
    expect((await respondToIntroduction(await actor(COORD), matchId, { response: "interested" })).ok).toBe(false);

    // not interested needs a reason
    const invivo = await cookieFor("membre@montreal-invivo.example");
    const noReason = await call(introAction, introPath(matchId), { cookie: invivo, params: { id: matchId }, form: { intent: "respond", response: "not_interested", reason: "" } });
    expect(noReason.status).toBe(400);
    expect((await bodyOf(noReason)).errors.reason.key).toBe("brokering.error.reasonRequired");
    expect(await responses(matchId)).toEqual(before);
    // an unknown answer
    expect((await call(introAction, introPath(matchId), { cookie: invivo, params: { id: matchId }, form: { intent: "respond", response: "maybe" } })).status).toBe(400);

    // abandoned, then a late answer
    const abandon = await call(introAction, introPath(matchId), { cookie: invivo, params: { id: matchId }, form: { intent: "outcome", outcome: "abandoned", reason: "Le projet est reporté à 2028." } });
    expect(abandon.status).toBe(302);
    expect(await statusOf(matchId)).toBe("abandoned");
    const late = await call(introAction, introPath(matchId), { cookie: await cookieFor("admin@finance-montreal.example"), params: { id: matchId }, form: { intent: "respond", response: "interested" } });
    expect(late.status).toBe(409);
    const body = await bodyOf(late);
    expect(body.message.key).toBe("brokering.error.replyClosed");
    expect(body.message.params.status).toBe("abandonnée");
    expect(await responses(matchId)).toEqual(before);
    const [o] = await getDb().select().from(matchOutcomes).where(eq(matchOutcomes.matchId, matchId));
    expect([o.outcome, o.abandonReason]).toEqual(["abandoned", "Le projet est reporté à 2028."]);
  });

  it("a party may change its answer while others have not all answered", async () => {
    const { matchId } = await introduced("bctq", "cargo-m");
    const bctq = await actor("admin@bctq.example");
    expect((await respondToIntroduction(bctq, matchId, { response: "not_interested", reason: "Pas maintenant" })).ok).toBe(true);
    expect((await respondToIntroduction(bctq, matchId, { response: "interested" })).ok).toBe(true);
    expect((await responses(matchId)).need).toBe("interested");
    const same = await respondToIntroduction(bctq, matchId, { response: "interested" });
    expect(same).toEqual({ ok: true, status: "introduced", changed: false });
  });
});

describe("outcomes", () => {
  it("validates the indicators (never negative) and needs every party interested before concluding", async () => {
    const { matchId } = await introduced("ecotech-quebec", "propulsion-quebec");
    const ecotech = await cookieFor("admin@ecotech-quebec.example");
    const tooEarly = await call(introAction, introPath(matchId), {
      cookie: ecotech,
      params: { id: matchId },
      form: { intent: "outcome", outcome: "concluded", savingsCad: "1000", ghgAvoidedKg: "10", summary: "Bureaux partagés" },
    });
    expect(tooEarly.status).toBe(409);
    expect((await bodyOf(tooEarly)).message.key).toBe("brokering.error.outcomeNeedsAll");

    await respondToIntroduction(await actor("admin@ecotech-quebec.example"), matchId, { response: "interested" });
    await respondToIntroduction(await actor("admin@propulsion-quebec.example"), matchId, { response: "interested" });
    expect(await statusOf(matchId)).toBe("in_progress");

    const negative = await call(introAction, introPath(matchId), {
      cookie: ecotech,
      params: { id: matchId },
      form: { intent: "outcome", outcome: "concluded", savingsCad: "-500", ghgAvoidedKg: "abc", participants: "2.5", summary: "" },
    });
    expect(negative.status).toBe(400);
    const errors = (await bodyOf(negative)).errors;
    expect(errors.savingsCad.key).toBe("brokering.error.negative");
    expect(errors.ghgAvoidedKg.key).toBe("error.number");
    expect(errors.participants.key).toBe("brokering.error.wholeNumber");
    expect(errors.summary.key).toBe("error.required");
    expect((await bodyOf(negative)).values.savingsCad).toBe("-500");
    expect(await statusOf(matchId)).toBe("in_progress");
    expect(await getDb().select().from(matchOutcomes).where(eq(matchOutcomes.matchId, matchId))).toHaveLength(0);

    const ok = await call(introAction, introPath(matchId), {
      cookie: ecotech,
      params: { id: matchId },
      form: { intent: "outcome", outcome: "concluded", savingsCad: "12 500,50", ghgAvoidedKg: "3200", participants: "4", summary: "Huit postes partagés à Montréal pour 2027." },
    });
    expect(ok.status).toBe(302);
    expect(await statusOf(matchId)).toBe("concluded");
    const [o] = await getDb().select().from(matchOutcomes).where(eq(matchOutcomes.matchId, matchId));
    expect([o.outcome, o.savingsCad, o.ghgAvoidedKg, o.participants]).toEqual(["concluded", 12500.5, 3200, 4]);
    // the other party and the coordinator are told
    const told = await getDb().select().from(notifications).where(eq(notifications.kind, "brokering_concluded"));
    expect(told.filter((n) => n.link?.endsWith(matchId)).length).toBeGreaterThanOrEqual(2);

    // a second outcome is refused
    const again = await recordOutcome(await actor(COORD), matchId, { outcome: "abandoned", reason: "oups" });
    expect(again).toEqual({ ok: false, reason: "not_open", status: "concluded" });
  });

  it("the coordinator can record an outcome from the match page; a party cannot on someone else's match", async () => {
    const { matchId } = await introduced("aluquebec", "numana");
    const stranger = await cookieFor("membre@mmode.example");
    const refused = await call(introAction, introPath(matchId), { cookie: stranger, params: { id: matchId }, form: { intent: "outcome", outcome: "abandoned", reason: "Je n'y suis pour rien" } });
    expect(refused.status).toBe(404);
    expect(await statusOf(matchId)).toBe("introduced");
    const coord = await cookieFor(COORD);
    const res = await call(matchAction, `/coordination/matches/${matchId}`, { cookie: coord, params: { id: matchId }, form: { intent: "outcome", outcome: "abandoned", reason: "Les deux grappes ont trouvé ailleurs." } });
    expect(res.status).toBe(302);
    expect(await statusOf(matchId)).toBe("abandoned");
  });
});
