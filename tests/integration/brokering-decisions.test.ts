/**
 * The coordinator's side: the queue, approve (→ introductions) with the concurrent-approval race,
 * reject / reopen / defer, decisions on matches that are no longer proposed, matches made by hand,
 * the audit log, and who may see any of it.
 */
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { auditLog, matches, matchMembers, notifications, postings } from "@db/schema";
import { introductions, matchEvents } from "@db/schema";
import { approveMatch, createManualMatch, rejectMatch } from "~/modules/brokering/decisions.server";
import { DEFAULT_TEMPLATES } from "~/modules/brokering/templates";
import { rematchPosting, runBatch } from "~/modules/matching/store.server";
import { action as matchAction, loader as matchLoader } from "~/routes/coordination.matches.$id";
import { action as queueAction, loader as queueLoader } from "~/routes/coordination.matches._index";
import { action as manualAction, loader as manualLoader } from "~/routes/coordination.matches.new";
import { bodyOf, call, clusterId, cookieFor, seed } from "../helpers";
import { actor, insertMatch, insertPosting, matchPath, outboxCount, outboxFor, proposedPair, statusOf } from "./brokering-fixtures";

const COORD = "coordination@maillage.example";
const ADMIN = "admin@maillage.example";
let coordCookie: string;

beforeAll(async () => {
  await seed();
  coordCookie = await cookieFor(COORD);
});


describe("the queue", () => {
  it("lists proposed matches best first with their postings and reasons, and filters them", async () => {
    const weak = await proposedPair("aero-montreal", "ecotech-quebec");
    await getDb().update(matches).set({ score: 51 }).where(eq(matches.id, weak.matchId));
    const strong = await proposedPair("mmode", "numana");
    await getDb().update(matches).set({ score: 97 }).where(eq(matches.id, strong.matchId));
    const res = await call(queueLoader, "/coordination/matches", { cookie: coordCookie });
    expect(res.status).toBe(200);
    const body = await bodyOf(res);
    const ids = body.items.map((i: { id: string }) => i.id);
    expect(ids.indexOf(strong.matchId)).toBeLessThan(ids.indexOf(weak.matchId));
    const item = body.items.find((i: { id: string }) => i.id === strong.matchId);
    expect(item.parties.map((p: { cluster: { slug: string } }) => p.cluster.slug).sort()).toEqual(["mmode", "numana"]);
    expect(item.reasons.map((r: { code: string }) => r.code)).toContain("shared_resource");
    expect(body.counts.proposed).toBeGreaterThanOrEqual(2);

    const byCluster = await bodyOf(await call(queueLoader, `/coordination/matches?cluster=${await clusterId("aero-montreal")}`, { cookie: coordCookie }));
    expect(byCluster.items.map((i: { id: string }) => i.id)).toEqual([weak.matchId]);
    const byCategory = await bodyOf(await call(queueLoader, "/coordination/matches?category=research", { cookie: coordCookie }));
    expect(byCategory.items.map((i: { id: string }) => i.id)).not.toContain(strong.matchId);
    const pools = await bodyOf(await call(queueLoader, "/coordination/matches?type=pool", { cookie: coordCookie }));
    expect(pools.items.map((i: { id: string }) => i.id)).not.toContain(strong.matchId);
    await getDb().update(matches).set({ createdAt: new Date(Date.now() - 40 * 86_400_000) }).where(eq(matches.id, weak.matchId));
    const old = await bodyOf(await call(queueLoader, "/coordination/matches?age=older", { cookie: coordCookie }));
    expect(old.items.map((i: { id: string }) => i.id)).toEqual([weak.matchId]);
    const recent = await bodyOf(await call(queueLoader, "/coordination/matches?age=7", { cookie: coordCookie }));
    expect(recent.items.map((i: { id: string }) => i.id)).not.toContain(weak.matchId);
    // unknown filter values are ignored, not errors
    expect((await call(queueLoader, "/coordination/matches?category=nope&age=x&page=-3", { cookie: coordCookie })).status).toBe(200);
  });

  it("is for the coordination only: members, cluster admins and funders get 404", async () => {
    const { matchId } = await proposedPair();
    for (const email of ["membre@mmode.example", "admin@numana.example", "bailleur@meie.example"]) {
      const cookie = await cookieFor(email);
      expect((await call(queueLoader, "/coordination/matches", { cookie })).status).toBe(404);
      expect((await call(matchLoader, matchPath(matchId), { cookie, params: { id: matchId } })).status).toBe(404);
      const res = await call(matchAction, matchPath(matchId), { cookie, params: { id: matchId }, form: { intent: "approve", templateFr: "x", templateEn: "y" } });
      expect(res.status).toBe(404);
      expect((await call(manualLoader, "/coordination/matches/new", { cookie })).status).toBe(404);
    }
    expect(await statusOf(matchId)).toBe("proposed");
  });
});

describe("approving", () => {
  it("sends one introduction per contact, in their language, with the coordinator in copy, a notification, history and audit", async () => {
    // mmode's need names its English-speaking member as contact; numana's offer has none → its admin
    const { matchId, needId, offerId } = await proposedPair("mmode", "numana", { needContact: "membre@mmode.example" });
    const page = await bodyOf(await call(matchLoader, matchPath(matchId), { cookie: coordCookie, params: { id: matchId } }));
    expect(page.view.parties.find((p: { postingId: string }) => p.postingId === needId).contacts.map((c: { email: string }) => c.email)).toEqual(["membre@mmode.example"]);
    expect(page.view.parties.find((p: { postingId: string }) => p.postingId === offerId).contacts.map((c: { email: string }) => c.email)).toEqual(["admin@numana.example"]);
    expect(page.templates.fr).toContain("{recipient}");

    const res = await call(matchAction, matchPath(matchId), {
      cookie: coordCookie,
      params: { id: matchId },
      form: { intent: "approve", note: "Vous avez tout à gagner à en parler.", templateFr: DEFAULT_TEMPLATES.fr, templateEn: DEFAULT_TEMPLATES.en },
    });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("Location")!, "http://x");
    expect(location.pathname).toBe(matchPath(matchId));
    expect(location.searchParams.get("notice")).toBe("coordination.notice.approved");
    expect(location.searchParams.get("notice.count")).toBe("2");
    expect(await statusOf(matchId)).toBe("introduced");

    const [en] = await outboxFor("membre@mmode.example");
    expect(en.subject).toMatch(/^Introduction: /);
    expect(en.bodyText).toContain("Hello Chloé Nguyen");
    expect(en.bodyText).toContain("Numana");
    expect(en.bodyText).toContain("Vous avez tout à gagner à en parler.");
    expect(en.bodyText).toContain(`/introductions/${matchId}`);
    expect(en.bodyText).toContain("admin@numana.example"); // the other party's contact
    expect(en.cc).toEqual([COORD]);
    expect(en.replyTo).toBe(COORD);
    const [fr] = await outboxFor("admin@numana.example");
    expect(fr.subject).toMatch(/^Mise en relation : /);
    expect(fr.bodyText).toContain("Bonjour Julie Caron");
    expect(fr.bodyText).toContain("MMode");
    expect(fr.bodyText).toContain("Pourquoi cette correspondance");
    expect(fr.cc).toEqual([COORD]);

    const sent = await getDb().select().from(introductions).where(eq(introductions.matchId, matchId));
    expect(sent.map((s) => s.email).sort()).toEqual(["admin@numana.example", "membre@mmode.example"]);
    const notes = await getDb().select().from(notifications).where(eq(notifications.kind, "brokering_introduction"));
    expect(notes.filter((n) => n.link === `/introductions/${matchId}`)).toHaveLength(2);
    const events = await getDb().select().from(matchEvents).where(eq(matchEvents.matchId, matchId));
    expect(events.map((e) => [e.kind, e.note])).toEqual([["approved", "Vous avez tout à gagner à en parler."]]);
    const audits = await getDb().select().from(auditLog).where(and(eq(auditLog.entity, "match"), eq(auditLog.entityId, matchId)));
    expect(audits.map((a) => a.action)).toEqual(["match.approve"]);
    expect(audits[0].actorId).toBe((await actor(COORD)).id);
  });

  it("two coordinators approving at the same moment: exactly one set of introductions; the second is told who decided", async () => {
    for (let round = 0; round < 3; round++) {
      const { matchId } = await proposedPair("aero-montreal", "propulsion-quebec");
      const before = await outboxCount();
      const [a, b] = await Promise.all([
        approveMatch(await actor(COORD), matchId, { note: "A", templates: DEFAULT_TEMPLATES }),
        approveMatch(await actor(ADMIN), matchId, { note: "B", templates: DEFAULT_TEMPLATES }),
      ]);
      const winners = [a, b].filter((r) => r.ok);
      const losers = [a, b].filter((r) => !r.ok);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      const loser = losers[0] as Extract<typeof a, { reason: "not_pending" }>;
      expect(loser.reason).toBe("not_pending");
      expect(loser.status).toBe("introduced");
      expect(["Élise Gagnon", "Marc-André Lévesque"]).toContain(loser.decidedByName);
      // one set: one email per contact (aero-montreal's admin, propulsion-quebec's admin), one event, one audit entry
      expect((await outboxCount()) - before).toBe(2);
      expect(await getDb().select().from(introductions).where(eq(introductions.matchId, matchId))).toHaveLength(2);
      expect(await getDb().select().from(matchEvents).where(eq(matchEvents.matchId, matchId))).toHaveLength(1);
      expect(await getDb().select().from(auditLog).where(and(eq(auditLog.entityId, matchId), eq(auditLog.action, "match.approve")))).toHaveLength(1);
    }
  });

  it("a decision on a match that is no longer proposed changes nothing and says who decided first", async () => {
    const { matchId } = await proposedPair("cargo-m", "bctq");
    await rejectMatch(await actor(ADMIN), matchId, { code: "other", note: "Hors sujet pour ces grappes." });
    const before = await outboxCount();
    const res = await call(matchAction, matchPath(matchId), {
      cookie: coordCookie,
      params: { id: matchId },
      form: { intent: "approve", templateFr: DEFAULT_TEMPLATES.fr, templateEn: DEFAULT_TEMPLATES.en },
    });
    expect(res.status).toBe(409);
    const body = await bodyOf(res);
    expect(body.errors._form.key).toBe("brokering.error.alreadyDecided");
    expect(body.errors._form.params.name).toBe("Marc-André Lévesque");
    expect(body.errors._form.params.status).toBe("rejetée");
    expect(await statusOf(matchId)).toBe("rejected");
    expect(await outboxCount()).toBe(before);
    // and a match that does not exist
    const ghost = "00000000-0000-4000-8000-000000000000";
    expect((await call(matchAction, matchPath(ghost), { cookie: coordCookie, params: { id: ghost }, form: { intent: "reject", code: "not_same_resource", reason: "Pas pertinent" } })).status).toBe(404);
    expect((await call(matchLoader, matchPath("not-a-uuid"), { cookie: coordCookie, params: { id: "not-a-uuid" } })).status).toBe(404);
  });

  it("refuses to introduce when a posting closed in the meantime", async () => {
    const { matchId, offerId } = await proposedPair("mmode", "aluquebec");
    await getDb().update(postings).set({ status: "closed" }).where(eq(postings.id, offerId));
    const before = await outboxCount();
    const res = await call(matchAction, matchPath(matchId), {
      cookie: coordCookie,
      params: { id: matchId },
      form: { intent: "approve", templateFr: DEFAULT_TEMPLATES.fr, templateEn: DEFAULT_TEMPLATES.en },
    });
    expect(res.status).toBe(409);
    expect((await bodyOf(res)).errors._form.key).toBe("brokering.error.postingUnavailable");
    expect(await statusOf(matchId)).toBe("proposed");
    expect(await outboxCount()).toBe(before);
  });

  it("validates the editable templates: unknown placeholders are refused next to the field, values kept", async () => {
    const { matchId } = await proposedPair("ecotech-quebec", "finance-montreal");
    const res = await call(matchAction, matchPath(matchId), {
      cookie: coordCookie,
      params: { id: matchId },
      form: { intent: "approve", note: "Ma note", templateFr: "Bonjour {destinataire}", templateEn: "" },
    });
    expect(res.status).toBe(400);
    const body = await bodyOf(res);
    expect(body.errors.templateFr.key).toBe("brokering.error.templatePlaceholder");
    expect(body.errors.templateEn.key).toBe("error.required");
    expect(body.values.note).toBe("Ma note");
    expect(await statusOf(matchId)).toBe("proposed");
  });
});

describe("rejecting, deferring, reopening", () => {
  it("rejection needs a reason; a rejected match is never proposed again until reopened", async () => {
    const needId = await insertPosting({ cluster: "mmode", kind: "need" });
    const offerId = await insertPosting({ cluster: "bctq", kind: "offer" });
    await rematchPosting(offerId); // candidate keys first (as when the offer was published)
    await rematchPosting(needId); // the engine proposes the pair
    const [m] = await getDb()
      .select({ id: matches.id, status: matches.status })
      .from(matches)
      .innerJoin(matchMembers, eq(matchMembers.matchId, matches.id))
      .where(and(eq(matchMembers.postingId, offerId), eq(matches.status, "proposed")));
    const missing = await call(matchAction, matchPath(m.id), { cookie: coordCookie, params: { id: m.id }, form: { intent: "reject", code: "other", reason: " " } });
    expect(missing.status).toBe(400);
    expect((await bodyOf(missing)).errors.reason.key).toBe("brokering.error.reasonRequired");
    expect(await statusOf(m.id)).toBe("proposed");
    const noCode = await call(matchAction, matchPath(m.id), { cookie: coordCookie, params: { id: m.id }, form: { intent: "reject", reason: "Pas pertinent" } });
    expect(noCode.status).toBe(400);
    expect((await bodyOf(noCode)).errors.code.key).toBe("brokering.error.rejectionCodeRequired");
    const badCode = await call(matchAction, matchPath(m.id), { cookie: coordCookie, params: { id: m.id }, form: { intent: "reject", code: "because" } });
    expect((await bodyOf(badCode)).errors.code.key).toBe("error.choice");

    const res = await call(matchAction, matchPath(m.id), { cookie: coordCookie, params: { id: m.id }, form: { intent: "reject", code: "already_in_contact", reason: "Déjà en discussion hors plateforme." } });
    expect(res.status).toBe(302);
    expect(await statusOf(m.id)).toBe("rejected");
    const [stored] = await getDb().select({ code: matches.rejectionCode, note: matches.decisionNote }).from(matches).where(eq(matches.id, m.id));
    expect(stored).toEqual({ code: "already_in_contact", note: "Déjà en discussion hors plateforme." });
    await rematchPosting(needId);
    await rematchPosting(offerId);
    expect(await statusOf(m.id)).toBe("rejected");

    const reopen = await call(matchAction, matchPath(m.id), { cookie: coordCookie, params: { id: m.id }, form: { intent: "reopen" } });
    expect(reopen.headers.get("Location")).toContain("notice=coordination.notice.reopened");
    expect(await statusOf(m.id)).toBe("proposed");
    const events = await getDb().select().from(matchEvents).where(eq(matchEvents.matchId, m.id));
    expect(events.map((e) => e.kind)).toEqual(["rejected", "reopened"]);
    expect(events[0].note).toBe("Déjà en discussion hors plateforme.");
    const audits = await getDb().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, m.id));
    expect(audits.map((a) => a.action)).toEqual(["match.reject", "match.reopen"]);
  });

  it("defers from the queue; deferring twice is refused with a message", async () => {
    const { matchId } = await proposedPair("propulsion-quebec", "cargo-m");
    const res = await call(queueAction, "/coordination/matches", { cookie: coordCookie, form: { intent: "defer", id: matchId } });
    expect(res.status).toBe(200);
    expect(await statusOf(matchId)).toBe("deferred");
    const again = await call(queueAction, "/coordination/matches", { cookie: coordCookie, form: { intent: "defer", id: matchId } });
    expect(again.status).toBe(409);
    expect((await bodyOf(again)).results[0].message.key).toBe("brokering.error.alreadyDecided");
    // a deferred match can still be approved
    const ok = await approveMatch(await actor(COORD), matchId, { templates: DEFAULT_TEMPLATES });
    expect(ok.ok).toBe(true);
  });
});

describe("matches made by hand", () => {
  it("computes the reasons like the engine, joins the queue as manual, and survives the engine's batch", async () => {
    // a research need and an expertise offer the engine would not pair (different resources)
    const need = await insertPosting({ cluster: "montreal-invivo", kind: "need", category: "research", title: "Étude sur l'empreinte carbone des laboratoires", description: "Inventaire GES de nos laboratoires membres." });
    const offer = await insertPosting({ cluster: "ecotech-quebec", kind: "offer", category: "expertise", title: "Accompagnement en écoconception", description: "Nos conseillers accompagnent vos projets d'écoconception." });
    const preview = await bodyOf(await call(manualLoader, `/coordination/matches/new?ids=${need}&ids=${offer}`, { cookie: coordCookie }));
    expect(preview.preview.type).toBe("need_offer");
    expect(preview.preview.reasons.length).toBeGreaterThan(0);

    const res = await call(manualAction, "/coordination/matches/new", { cookie: coordCookie, form: { intent: "create", "ids[]": [need, offer], note: "Vu au comité" } });
    expect(res.status).toBe(302);
    const id = res.headers.get("Location")!.split("/").pop()!.split("?")[0];
    const [m] = await getDb().select().from(matches).where(eq(matches.id, id));
    expect([m.source, m.status, m.type]).toEqual(["manual", "proposed", "need_offer"]);
    expect(m.reasons.length).toBeGreaterThan(0);
    const members = await getDb().select().from(matchMembers).where(eq(matchMembers.matchId, id));
    expect(Object.fromEntries(members.map((x) => [x.postingId, x.role]))).toEqual({ [need]: "need", [offer]: "offer" });

    await runBatch();
    await rematchPosting(need);
    expect(await statusOf(id)).toBe("proposed"); // the engine does not withdraw what the coordinator made

    const dup = await call(manualAction, "/coordination/matches/new", { cookie: coordCookie, form: { intent: "create", "ids[]": [offer, need] } });
    expect(dup.status).toBe(409);
    expect((await bodyOf(dup)).existingId).toBe(id);
  });

  it("pools several needs, and refuses impossible sets with clear messages", async () => {
    const a = await insertPosting({ cluster: "aluquebec", kind: "need" });
    const b = await insertPosting({ cluster: "bctq", kind: "need" });
    const c = await insertPosting({ cluster: "cargo-m", kind: "need" });
    const pool = await createManualMatch(await actor(COORD), [a, b, c], null);
    expect(pool.ok).toBe(true);
    const [m] = await getDb().select().from(matches).where(eq(matches.id, (pool as { matchId: string }).matchId));
    expect(m.type).toBe("pool");
    expect(m.reasons[0].code === "pool_kind" || m.reasons.some((r) => r.code === "pool_kind")).toBe(true);

    const o1 = await insertPosting({ cluster: "aluquebec", kind: "offer" });
    const o2 = await insertPosting({ cluster: "bctq", kind: "offer" });
    const sameCluster = await insertPosting({ cluster: "aluquebec", kind: "offer" });
    const draft = await insertPosting({ cluster: "numana", kind: "offer", status: "draft" });
    const cases: Array<[Record<string, string | string[]>, number, string]> = [
      [{ intent: "create", "ids[]": [o1, o2] }, 400, "brokering.error.manualShape"],
      [{ intent: "create", "ids[]": [a, sameCluster] }, 400, "brokering.error.manualSameCluster"],
      [{ intent: "create", "ids[]": [a, draft] }, 409, "brokering.error.manualUnavailable"],
      [{ intent: "create", "ids[]": [a, "00000000-0000-4000-8000-000000000001"] }, 400, "brokering.error.manualNotFound"],
    ];
    for (const [form, status, key] of cases) {
      const res = await call(manualAction, "/coordination/matches/new", { cookie: coordCookie, form });
      expect(res.status, key).toBe(status);
      expect((await bodyOf(res)).message.key).toBe(key);
    }
    const one = await call(manualAction, "/coordination/matches/new", { cookie: coordCookie, form: { intent: "create", "ids[]": [a] } });
    expect(one.status).toBe(400);
    expect((await bodyOf(one)).errors.ids.key).toBe("brokering.error.manualTooFew");
    expect(await getDb().select().from(matches).where(inArray(matches.memberKey, [[o1, o2].sort().join(",")]))).toHaveLength(0);
  });
});

describe("history", () => {
  it("records every decision in the audit log with its actor", async () => {
    const { matchId } = await proposedPair("numana", "mmode");
    const id = await insertMatch(await insertPosting({ cluster: "bctq", kind: "need" }), await insertPosting({ cluster: "numana", kind: "offer" }));
    await call(matchAction, matchPath(matchId), { cookie: coordCookie, params: { id: matchId }, form: { intent: "defer", note: "Après le comité" } });
    await call(matchAction, matchPath(id), { cookie: coordCookie, params: { id }, form: { intent: "reject", code: "other", reason: "Doublon" } });
    const rows = await getDb().select().from(auditLog).where(inArray(auditLog.entityId, [matchId, id]));
    expect(rows.map((r) => r.action).sort()).toEqual(["match.defer", "match.reject"]);
    expect(rows.every((r) => r.actorId === rows[0].actorId)).toBe(true);
    const page = await bodyOf(await call(matchLoader, matchPath(id), { cookie: coordCookie, params: { id } }));
    expect(page.view.events[0].kind).toBe("rejected");
    expect(page.view.events[0].actorName).toBe("Élise Gagnon");
  });
});
