/**
 * Brokering's scheduled messages: new proposals at once or in a daily digest, reminders to parties
 * who have not answered, expiry warnings — each sent once, even when two processes run the job.
 */
import { and, eq, inArray, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { matches, notifications, outbox, postings, settings } from "@db/schema";
import { brokeringSends, matchEvents } from "@db/schema";
import { approveMatch } from "~/modules/brokering/decisions.server";
import { respondToIntroduction } from "~/modules/brokering/introductions.server";
import { localDayHour, sendDigests, sendExpiryWarnings, sendProposalNotices, sendReminders } from "~/modules/brokering/jobs.server";
import { DIGEST_HOUR_KEY, REMINDER_DAYS_KEY, setProposalNoticeMode } from "~/modules/brokering/settings.server";
import { DEFAULT_TEMPLATES } from "~/modules/brokering/templates";
import { jobs } from "~/modules/jobs/scheduler.server";
import { seed, userByEmail } from "../helpers";
import { actor, insertMatch, insertPosting, outboxFor, proposedPair } from "./brokering-fixtures";

const COORD = "coordination@maillage.example";
const ADMIN = "admin@maillage.example";
const DAY = 86_400_000;

beforeAll(seed);

const mailsOfKind = async (to: string, kind: string) => (await outboxFor(to)).filter((m) => m.kind === kind);

describe("the jobs", () => {
  it("are listed with the app's background jobs", () => {
    const names = jobs().map((j) => j.name);
    expect(names).toEqual(expect.arrayContaining(["brokering-proposals", "brokering-digest", "brokering-reminders", "brokering-expiry"]));
  });
});

describe("new proposals, at once", () => {
  it("tell coordinators who chose 'immediately', once, and never those who chose the digest", async () => {
    await setProposalNoticeMode((await userByEmail(ADMIN)).id, "digest");
    const a = await proposedPair("mmode", "numana");
    const b = await proposedPair("aero-montreal", "bctq");
    // an old proposal (before the job existed) is not announced
    const old = await insertMatch(await insertPosting({ cluster: "cargo-m", kind: "need" }), await insertPosting({ cluster: "aluquebec", kind: "offer" }), { createdAt: new Date(Date.now() - 5 * DAY) });
    const now = new Date();

    expect(await sendProposalNotices(now)).toBe(2);
    const mails = await mailsOfKind(COORD, "proposal");
    expect(mails).toHaveLength(2);
    expect(mails[0].subject).toMatch(/^Nouvelle correspondance \(\d+\/100\) : /);
    expect(mails.map((m) => m.bodyText).join()).toContain(`/coordination/matches/${a.matchId}`);
    expect(mails.map((m) => m.bodyText).join()).toContain(`/coordination/matches/${b.matchId}`);
    expect(mails.map((m) => m.bodyText).join()).not.toContain(old);
    expect(await mailsOfKind(ADMIN, "proposal")).toHaveLength(0);
    const coord = await userByEmail(COORD);
    const notes = await getDb().select().from(notifications).where(and(eq(notifications.userId, coord.id), eq(notifications.kind, "brokering_proposal")));
    expect(notes).toHaveLength(2);

    // idempotent
    expect(await sendProposalNotices(now)).toBe(0);
    expect(await mailsOfKind(COORD, "proposal")).toHaveLength(2);
  });

  it("two processes at once announce a proposal once", async () => {
    const { matchId } = await proposedPair("propulsion-quebec", "ecotech-quebec");
    const before = (await mailsOfKind(COORD, "proposal")).length;
    const [x, y] = await Promise.all([sendProposalNotices(), sendProposalNotices()]);
    expect(x + y).toBe(1);
    const mails = (await mailsOfKind(COORD, "proposal")).slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0].bodyText).toContain(matchId);
    const [claim] = await getDb().select().from(brokeringSends).where(and(eq(brokeringSends.kind, "proposal"), eq(brokeringSends.key, matchId)));
    expect(claim.recipients).toBe(1); // only the coordinator chose "immediately"
  });

  it("many new proposals at once become one summary", async () => {
    for (let i = 0; i < 6; i++) await proposedPair("montreal-invivo", "finance-montreal");
    const before = (await mailsOfKind(COORD, "proposal")).length;
    expect(await sendProposalNotices()).toBe(6);
    const mails = (await mailsOfKind(COORD, "proposal")).slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe("6 nouvelles correspondances proposées");
  });
});

describe("the daily digest", () => {
  it("goes once a day after the digest hour, with the proposals since the previous one", async () => {
    const day1 = new Date("2030-01-15T13:00:00Z"); // 08:00 in Montréal
    const early = new Date("2030-01-15T10:00:00Z"); // 05:00
    expect(localDayHour(day1)).toEqual({ day: "2030-01-15", hour: 8 });
    const p1 = await proposedPair("numana", "cargo-m");
    const p2 = await proposedPair("bctq", "aluquebec");
    await getDb().update(matches).set({ createdAt: new Date(day1.getTime() - 2 * 3_600_000) }).where(inArray(matches.id, [p1.matchId, p2.matchId]));

    expect(await sendDigests(early)).toBe(0);
    expect(await mailsOfKind(ADMIN, "digest")).toHaveLength(0);
    expect(await sendDigests(day1)).toBe(1);
    const [digest] = await mailsOfKind(ADMIN, "digest");
    expect(digest.subject).toMatch(/^Résumé Maillage du 15 janvier 2030 : 2 nouvelles correspondances$/);
    expect(digest.bodyText).toContain(`/coordination/matches/${p1.matchId}`);
    expect(digest.bodyText).toContain(`/coordination/matches/${p2.matchId}`);
    expect(await mailsOfKind(COORD, "digest")).toHaveLength(0); // the coordinator chose "immediately"

    // the same day again, and two processes at once: nothing more
    const again = await Promise.all([sendDigests(new Date(day1.getTime() + 3_600_000)), sendDigests(new Date(day1.getTime() + 3_600_000))]);
    expect(again).toEqual([0, 0]);
    expect(await mailsOfKind(ADMIN, "digest")).toHaveLength(1);

    // the next day: only what is new since
    const p3 = await proposedPair("mmode", "propulsion-quebec");
    await getDb().update(matches).set({ createdAt: new Date(day1.getTime() + 20 * 3_600_000) }).where(eq(matches.id, p3.matchId));
    expect(await sendDigests(new Date(day1.getTime() + DAY))).toBe(1);
    const digests = await mailsOfKind(ADMIN, "digest");
    expect(digests).toHaveLength(2);
    expect(digests[1].subject).toContain("1 nouvelle correspondance");
    expect(digests[1].bodyText).toContain(p3.matchId);
    expect(digests[1].bodyText).not.toContain(p1.matchId);

    // a day with nothing new: no email (but the day is recorded, so no late digest either)
    expect(await sendDigests(new Date(day1.getTime() + 2 * DAY))).toBe(0);
    expect(await getDb().select().from(brokeringSends).where(and(eq(brokeringSends.kind, "digest"), like(brokeringSends.key, "%2030-01-17")))).toHaveLength(1);
  });

  it("respects the coordinator's hour", async () => {
    await getDb().insert(settings).values({ key: DIGEST_HOUR_KEY, value: 22 }).onConflictDoUpdate({ target: settings.key, set: { value: 22 } });
    try {
      const p = await proposedPair("ecotech-quebec", "numana");
      const at = new Date("2030-02-01T20:00:00Z"); // 15:00 in Montréal, before 22:00
      await getDb().update(matches).set({ createdAt: new Date(at.getTime() - 3_600_000) }).where(eq(matches.id, p.matchId));
      expect(await sendDigests(at)).toBe(0);
      expect(await sendDigests(new Date("2030-02-02T03:30:00Z"))).toBe(1); // 22:30 on Feb 1
    } finally {
      await getDb().delete(settings).where(eq(settings.key, DIGEST_HOUR_KEY));
    }
  });
});

describe("reminders", () => {
  it("go to parties that have not answered after the set number of days, at most twice, once each", async () => {
    const t0 = new Date(Date.now() - 8 * DAY);
    const { matchId } = await proposedPair("aluquebec", "mmode");
    expect((await approveMatch(await actor(COORD), matchId, { templates: DEFAULT_TEMPLATES }, t0)).ok).toBe(true);
    await respondToIntroduction(await actor("admin@mmode.example"), matchId, { response: "interested" });

    const now = new Date();
    await sendReminders(now);
    const reminders = await mailsOfKind("admin@aluquebec.example", "reminder");
    expect(reminders).toHaveLength(1);
    expect(reminders[0].subject).toMatch(/^Rappel : la mise en relation « .+ » attend votre réponse$/);
    expect(reminders[0].cc).toEqual([COORD]);
    expect(reminders[0].bodyText).toContain(`/introductions/${matchId}`);
    expect(await mailsOfKind("admin@mmode.example", "reminder")).toHaveLength(0); // mmode answered
    const alu = await userByEmail("admin@aluquebec.example");
    expect(await getDb().select().from(notifications).where(and(eq(notifications.userId, alu.id), eq(notifications.kind, "brokering_reminder")))).toHaveLength(1);

    // again now, and two processes at once a week later: one more reminder in all
    await sendReminders(now);
    expect(await mailsOfKind("admin@aluquebec.example", "reminder")).toHaveLength(1);
    await Promise.all([sendReminders(new Date(t0.getTime() + 15 * DAY)), sendReminders(new Date(t0.getTime() + 15 * DAY))]);
    expect(await mailsOfKind("admin@aluquebec.example", "reminder")).toHaveLength(2);
    // never more than two
    await sendReminders(new Date(t0.getTime() + 40 * DAY));
    expect(await mailsOfKind("admin@aluquebec.example", "reminder")).toHaveLength(2);
    const events = await getDb().select().from(matchEvents).where(and(eq(matchEvents.matchId, matchId), eq(matchEvents.kind, "reminder")));
    expect(events).toHaveLength(2);
  });

  it("stop when the party answers, and can be turned off (0 days)", async () => {
    const t0 = new Date(Date.now() - 10 * DAY);
    const { matchId } = await proposedPair("bctq", "propulsion-quebec");
    await approveMatch(await actor(COORD), matchId, { templates: DEFAULT_TEMPLATES }, t0);
    await respondToIntroduction(await actor("admin@bctq.example"), matchId, { response: "interested" });
    await respondToIntroduction(await actor("admin@propulsion-quebec.example"), matchId, { response: "not_interested", reason: "Pas de budget" });
    await sendReminders();
    expect((await outboxFor("admin@bctq.example")).filter((m) => m.kind === "reminder" && m.bodyText.includes(matchId))).toHaveLength(0);

    const other = await proposedPair("cargo-m", "numana");
    await approveMatch(await actor(COORD), other.matchId, { templates: DEFAULT_TEMPLATES }, t0);
    await getDb().insert(settings).values({ key: REMINDER_DAYS_KEY, value: 0 }).onConflictDoUpdate({ target: settings.key, set: { value: 0 } });
    try {
      expect(await sendReminders()).toBe(0);
    } finally {
      await getDb().delete(settings).where(eq(settings.key, REMINDER_DAYS_KEY));
    }
    expect((await outboxFor("admin@cargo-m.example")).filter((m) => m.kind === "reminder")).toHaveLength(0);
  });
});

describe("expiry warnings", () => {
  it("tell the posting's people 14 days before it expires, once per expiry date", async () => {
    const now = new Date();
    const soon = await insertPosting({ cluster: "numana", kind: "need", title: "Soutien TI partagé", contact: "membre@numana.example", expiresAt: new Date(now.getTime() + 10 * DAY) });
    const later = await insertPosting({ cluster: "numana", kind: "offer", title: "Salle de formation", contact: "membre@numana.example", expiresAt: new Date(now.getTime() + 20 * DAY) });
    const noContact = await insertPosting({ cluster: "ecotech-quebec", kind: "offer", title: "Vaisselle réutilisable", expiresAt: new Date(now.getTime() + 3 * DAY) });

    await Promise.all([sendExpiryWarnings(now), sendExpiryWarnings(now)]);
    const mails = (await mailsOfKind("membre@numana.example", "expiry")).filter((m) => m.subject.includes("Soutien TI partagé") || m.subject.includes("Salle de formation"));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toMatch(/^Votre publication « Soutien TI partagé » expire le /);
    expect(mails[0].bodyText).toContain(`/postings/${soon}`);
    expect(mails[0].bodyText).not.toContain(later);
    const admin = (await mailsOfKind("admin@ecotech-quebec.example", "expiry")).filter((m) => m.subject.includes("Vaisselle réutilisable"));
    expect(admin).toHaveLength(1); // no contact person: the cluster's administrator
    const hugo = await userByEmail("membre@numana.example");
    const notes = await getDb().select().from(notifications).where(and(eq(notifications.userId, hugo.id), eq(notifications.kind, "brokering_expiry")));
    expect(notes.map((n) => n.link)).toContain(`/postings/${soon}`);

    await sendExpiryWarnings(new Date(now.getTime() + DAY));
    expect((await mailsOfKind("membre@numana.example", "expiry")).filter((m) => m.subject.includes("Soutien TI partagé"))).toHaveLength(1);

    // renewed: a new expiry date gets its own warning when it comes near
    const renewed = new Date(now.getTime() + 100 * DAY);
    await getDb().update(postings).set({ expiresAt: renewed }).where(eq(postings.id, soon));
    await sendExpiryWarnings(new Date(now.getTime() + 2 * DAY));
    expect((await mailsOfKind("membre@numana.example", "expiry")).filter((m) => m.subject.includes("Soutien TI partagé"))).toHaveLength(1);
    await sendExpiryWarnings(new Date(renewed.getTime() - 13 * DAY));
    expect((await mailsOfKind("membre@numana.example", "expiry")).filter((m) => m.subject.includes("Soutien TI partagé"))).toHaveLength(2);
  });

  it("leaves closed, draft and already expired postings alone", async () => {
    const now = new Date();
    for (const status of ["closed", "draft"] as const) await insertPosting({ cluster: "mmode", kind: "need", title: `Ignorée ${status}`, contact: "admin@mmode.example", status, expiresAt: new Date(now.getTime() + 5 * DAY) });
    await insertPosting({ cluster: "mmode", kind: "need", title: "Ignorée expirée", contact: "admin@mmode.example", expiresAt: new Date(now.getTime() - DAY) });
    await sendExpiryWarnings(now);
    expect((await mailsOfKind("admin@mmode.example", "expiry")).filter((m) => m.subject.includes("Ignorée"))).toHaveLength(0);
    expect((await getDb().select().from(outbox).where(eq(outbox.kind, "expiry"))).every((m) => !m.subject.includes("Ignorée"))).toBe(true);
  });
});
