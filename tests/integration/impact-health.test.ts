/**
 * The network's health and the committee's report: the figures of the demo data (computed here from
 * db/demo/postings.ts), medians, answer rates, stale needs, unmet demand, outcomes with money and GHG
 * per match and per cluster, their CSV in the reader's convention, bad periods (400, a translated
 * message), who may read what, and confidential postings kept out of the committee's copy.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { DEMO_POSTINGS } from "@db/demo/postings";
import { matchEvents, matches, matchMembers, matchOutcomes, postings, users } from "@db/schema";
import { memberKey } from "~/modules/matching/store.server";
import { loader as exportLoader } from "~/routes/impact.export.$dataset";
import { loader as healthLoader } from "~/routes/impact.health";
import { loader as impactLoader } from "~/routes/impact._index";
import { loader as reportLoader } from "~/routes/impact.report";
import { bodyOf, call, clusterId, cookieFor, seed, userByEmail } from "../helpers";

const DAY = 86_400_000;
const T0 = Date.now();
const ago = (days: number) => new Date(T0 - days * DAY);
let coord: string;

/** A need and an offer (or any postings) published `publishedDaysAgo`, then their match's story. */
async function story(o: {
  need: string;
  offer: string;
  publishedDaysAgo: number;
  proposedDaysAgo: number;
  approvedDaysAgo?: number;
  answers?: [party: "need" | "offer", daysAgo: number, response: "interested" | "not_interested"][];
  outcome?: { daysAgo: number; savings: number; ghg: number; participants: number };
  confidentialNeed?: boolean;
}) {
  const db = getDb();
  const posting = async (cluster: string, kind: "need" | "offer") =>
    (
      await db
        .insert(postings)
        .values({
          clusterId: await clusterId(cluster),
          kind,
          category: "office_space",
          title: `${kind === "need" ? "Bureaux recherchés" : "Bureaux offerts"} — ${cluster} ${o.publishedDaysAgo}`,
          description: "Quatre postes de travail au centre-ville.",
          language: "fr",
          status: "open",
          visibility: kind === "need" && o.confidentialNeed ? "coordinator" : "network",
          publishedAt: ago(o.publishedDaysAgo),
          expiresAt: new Date(T0 + 120 * DAY),
        })
        .returning({ id: postings.id })
    )[0].id;
  const needId = await posting(o.need, "need");
  const offerId = await posting(o.offer, "offer");
  const status = o.outcome ? "concluded" : o.approvedDaysAgo !== undefined ? "introduced" : "proposed";
  const [m] = await db
    .insert(matches)
    .values({ type: "need_offer", memberKey: memberKey({ members: [needId, offerId] }), score: 80, reasons: [], status, createdAt: ago(o.proposedDaysAgo), updatedAt: ago(0) })
    .returning({ id: matches.id });
  const answer = (party: "need" | "offer") => o.answers?.find((a) => a[0] === party);
  await db.insert(matchMembers).values(
    ([["need", needId], ["offer", offerId]] as const).map(([role, postingId]) => ({
      matchId: m.id,
      postingId,
      role,
      response: (answer(role)?.[2] ?? "pending") as "pending" | "interested" | "not_interested",
      respondedAt: answer(role) ? ago(answer(role)![1]) : null,
    })),
  );
  if (o.approvedDaysAgo !== undefined) await db.insert(matchEvents).values({ matchId: m.id, kind: "approved", fromStatus: "proposed", toStatus: "introduced", at: ago(o.approvedDaysAgo) });
  if (o.outcome)
    await db.insert(matchOutcomes).values({ matchId: m.id, outcome: "concluded", savingsCad: o.outcome.savings, ghgAvoidedKg: o.outcome.ghg, participants: o.outcome.participants, summary: "Bureaux partagés", recordedAt: ago(o.outcome.daysAgo) });
  return { needId, offerId, matchId: m.id };
}

const health = async (q = "preset=all", email = "coordination@maillage.example") => bodyOf(await call(healthLoader, `/impact/health?${q}`, { cookie: email === "coordination@maillage.example" ? coord : await cookieFor(email) }));

// What db/demo/postings.ts says: open needs per category and cluster, and those older than 30 days.
const demoNeeds = DEMO_POSTINGS.filter((p) => p.input.kind === "need" && (p.status ?? "open") === "open");
const demoCount = (category: string, cluster: string) => demoNeeds.filter((p) => p.input.category === category && p.cluster === cluster).length;
const demoStale = (cluster: string) => demoNeeds.filter((p) => p.cluster === cluster && p.ageDays >= 30).length;

describe("on the demo data alone", () => {
  beforeAll(async () => {
    await seed();
    coord = await cookieFor("coordination@maillage.example");
  });

  it("shows every open need as unmet demand (no match yet), by category × cluster, and the needs left waiting", async () => {
    const h = (await health()).health;
    expect(h.heat.total).toBe(demoNeeds.length);
    const ids = Object.fromEntries(h.heat.clusters.map((c: { slug: string; id: string }) => [c.slug, c.id]));
    for (const cluster of ["ecotech-quebec", "propulsion-quebec", "mmode", "numana", "aero-montreal", "finance-montreal"]) expect(h.heat.counts.joint_grant[ids[cluster]]).toBe(demoCount("joint_grant", cluster));
    expect(h.heat.counts.joint_grant[ids["finance-montreal"]]).toBe(1);
    expect(h.heat.counts.it_support[ids["mmode"]]).toBe(demoCount("it_support", "mmode"));
    const stale = Object.fromEntries(h.stale.map((s: { slug: string; stale: number }) => [s.slug, s.stale]));
    for (const cluster of ["finance-montreal", "cargo-m", "ecotech-quebec", "numana"]) expect(stale[cluster], cluster).toBe(demoStale(cluster));
    expect(stale["finance-montreal"]).toBe(1); // its CMM social-innovation grant, 60 days old
    expect(h.stale.find((s: { slug: string }) => s.slug === "finance-montreal").oldestDays).toBe(60);
    expect(h.timings.every((s: { count: number }) => s.count === 0)).toBe(true);
  });
});

describe("with brokering history", () => {
  beforeAll(async () => {
    // A: proposed 5 days after posting, introduced 3 days later, answered after 2 and 1 days, concluded 10 days after the introduction.
    await story({ need: "mmode", offer: "numana", publishedDaysAgo: 20, proposedDaysAgo: 15, approvedDaysAgo: 12, answers: [["need", 10, "interested"], ["offer", 11, "interested"]], outcome: { daysAgo: 2, savings: 12_000.5, ghg: 2_500, participants: 3 } });
    // B: proposed 1 day after posting, introduced 3 days later, one party answered after a day.
    await story({ need: "bctq", offer: "cargo-m", publishedDaysAgo: 9, proposedDaysAgo: 8, approvedDaysAgo: 5, answers: [["need", 4, "interested"]] });
    // C: long ago (outside the last 60 days), concluded with a confidential need.
    await story({ need: "aluquebec", offer: "numana", publishedDaysAgo: 300, proposedDaysAgo: 290, approvedDaysAgo: 280, answers: [["need", 279, "interested"], ["offer", 279, "interested"]], outcome: { daysAgo: 200, savings: 100_000, ghg: 10_000, participants: 5 }, confidentialNeed: true });
  });

  it("gives the medians of posting → proposal → introduction → answer → outcome over the period", async () => {
    const h = (await health("preset=60d")).health;
    const step = Object.fromEntries(h.timings.map((s: { step: string }) => [s.step, s]));
    expect(step.posting_to_proposal).toEqual({ step: "posting_to_proposal", medianDays: 3, count: 4 }); // 5, 5, 1, 1
    expect(step.proposal_to_introduction).toEqual({ step: "proposal_to_introduction", medianDays: 3, count: 2 });
    expect(step.introduction_to_answer).toEqual({ step: "introduction_to_answer", medianDays: 1, count: 3 }); // 2, 1, 1
    expect(step.introduction_to_outcome).toEqual({ step: "introduction_to_outcome", medianDays: 10, count: 1 });
    expect(h.answersTotal).toEqual({ parties: 4, answered: 3, interested: 3, medianDays: 1 });
    const byCluster = Object.fromEntries(h.answers.map((a: { slug: string }) => [a.slug, a]));
    expect(byCluster.mmode).toMatchObject({ parties: 1, answered: 1, medianDays: 2 });
    expect(byCluster["cargo-m"]).toMatchObject({ parties: 1, answered: 0, medianDays: null });
  });

  it("lists the outcomes with savings and GHG, per match and per cluster (each cluster in full, the network once)", async () => {
    const h = (await health("preset=all")).health;
    expect(h.outcomes).toHaveLength(2);
    expect(h.totals).toMatchObject({ concluded: 2, savingsCad: 112_000.5, ghgAvoidedKg: 12_500, participants: 8 });
    const per = Object.fromEntries(h.outcomesByCluster.map((c: { slug: string }) => [c.slug, c]));
    expect(per.numana).toMatchObject({ concluded: 2, savingsCad: 112_000.5, ghgAvoidedKg: 12_500 });
    expect(per.mmode).toMatchObject({ concluded: 1, savingsCad: 12_000.5 });
    expect(per.bctq.concluded).toBe(0);
    const recent = (await health("preset=60d")).health;
    expect(recent.totals).toMatchObject({ concluded: 1, savingsCad: 12_000.5, ghgAvoidedKg: 2_500 });
    // A need with a live offer is no longer unmet demand.
    const ids = Object.fromEntries(h.heat.clusters.map((c: { slug: string; id: string }) => [c.slug, c.id]));
    expect(h.heat.counts.office_space?.[ids.bctq] ?? 0).toBe(demoCount("office_space", "bctq"));
  });

  it("exports each table as CSV: French with ';' and decimal commas, English with ','; money and GHG included", async () => {
    const get = async (id: string, email = "coordination@maillage.example") =>
      (await call(exportLoader, `/impact/export/${id}?preset=all`, { cookie: email === "coordination@maillage.example" ? coord : await cookieFor(email), params: { dataset: id } })).text();
    const outcomes = (await get("outcomes")).replace(/^\ufeff/, "").trim().split("\r\n");
    expect(outcomes[0]).toBe("Conclue le;Correspondance;Grappes;Économies ($);GES évités (kg éq. CO₂);Participants;Résumé");
    expect(outcomes.find((l) => l.includes("12000,5"))).toMatch(/;12000,5;2500;3;Bureaux partagés$/);
    const byCluster = (await get("outcomes-by-cluster")).trim().split("\r\n");
    expect(byCluster.find((l) => l.startsWith("Numana;"))).toBe("Numana;2;112000,5;12500;8");
    const participation = (await get("participation")).replace(/^\ufeff/, "").split("\r\n");
    expect(participation[0]).toBe("clé;libellé;Publications;Mises en relation;Conclues;Économies ($);GES évités (kg éq. CO₂)");
    const times = (await get("health-times")).split("\r\n");
    expect(times[1]).toMatch(/^Publication → première proposition;\d+(,\d)?;\d+$/);
    // A committee member who reads English: commas and decimal points.
    const bctq = await userByEmail("admin@bctq.example");
    await getDb().update(users).set({ locale: "en" }).where(eq(users.id, bctq.id));
    const english = await call(exportLoader, "/impact/export/outcomes-by-cluster?preset=all", { cookie: await cookieFor("admin@bctq.example"), params: { dataset: "outcomes-by-cluster" } });
    expect(english.headers.get("Content-Disposition")).toContain("maillage-health-outcomes-by-cluster");
    const lines = (await english.text()).replace(/^\ufeff/, "").trim().split("\r\n");
    expect(lines[0]).toBe("Cluster,Concluded,Savings ($),GHG avoided (kg CO₂e),Participants");
    expect(lines.find((l) => l.startsWith("MMode,"))).toBe("MMode,1,12000.5,2500,3");
    await getDb().update(users).set({ locale: "fr" }).where(eq(users.id, bctq.id));
    // Funders: not theirs.
    expect((await call(exportLoader, "/impact/export/outcomes-by-cluster?preset=all", { cookie: await cookieFor("funder@dec.example"), params: { dataset: "outcomes-by-cluster" } })).status).toBe(404);
  });

  it("answers a period whose start follows its end, or an impossible date, with 400 and a translated message", async () => {
    for (const q of ["from=2026-05-01&to=2026-01-01", "from=2026-02-30"]) {
      const h = await call(healthLoader, `/impact/health?${q}`, { cookie: coord });
      expect(h.status, q).toBe(400);
      expect((await bodyOf(h)).error).toMatch(/^brokering\.impact\.bad/);
      expect((await call(reportLoader, `/impact/report?${q}`, { cookie: coord })).status).toBe(400);
      expect((await call(impactLoader, `/impact?${q}`, { cookie: coord })).status).toBe(400);
      const csv = await call(exportLoader, `/impact/export/outcomes?${q}`, { cookie: coord, params: { dataset: "outcomes" } });
      expect(csv.status).toBe(400);
      expect(await csv.text()).toMatch(/^(La date de début suit la date de fin|Dates invalides)/);
    }
  });
});

describe("the committee's report", () => {
  it("covers the last 60 days by default, with the key figures, the health and the joint applications", async () => {
    const r = await bodyOf(await call(reportLoader, "/impact/report", { cookie: coord }));
    expect(r.health.period.preset).toBe("60d");
    expect(r.kpis.concluded).toBe(1);
    expect(r.kpis.savingsCad).toBeCloseTo(12_000.5);
    expect(r.health.funding).toMatchObject({ submitted: expect.any(Number), awarded: expect.any(Number) });
  });

  it("is read by the coordination and the clusters' administrators; the health page by the coordination only", async () => {
    expect((await call(reportLoader, "/impact/report", { cookie: await cookieFor("admin@mmode.example") })).status).toBe(200);
    for (const email of ["membre@numana.example", "bailleur@meie.example"]) expect((await call(reportLoader, "/impact/report", { cookie: await cookieFor(email) })).status, email).toBe(404);
    for (const email of ["admin@mmode.example", "membre@numana.example", "bailleur@meie.example"]) expect((await call(healthLoader, "/impact/health", { cookie: await cookieFor(email) })).status, email).toBe(404);
    // The committee may download the report's tables, not the coordination's dashboard datasets.
    const admin = await cookieFor("admin@mmode.example");
    expect((await call(exportLoader, "/impact/export/outcomes", { cookie: admin, params: { dataset: "outcomes" } })).status).toBe(200);
    expect((await call(exportLoader, "/impact/export/funnel", { cookie: admin, params: { dataset: "funnel" } })).status).toBe(404);
  });

  it("names no confidential posting for the committee, and leaves it out of its counts", async () => {
    const mine = await bodyOf(await call(reportLoader, "/impact/report?preset=all", { cookie: coord }));
    const theirs = await bodyOf(await call(reportLoader, "/impact/report?preset=all", { cookie: await cookieFor("admin@mmode.example") }));
    const confidential = (r: { health: { outcomes: { postings: { title: string; confidential: boolean }[] }[] } }) => r.health.outcomes.flatMap((o) => o.postings).filter((p) => p.title.includes("aluquebec"));
    expect(confidential(mine).some((p) => p.confidential)).toBe(false);
    expect(confidential(theirs).find((p) => p.title.startsWith("Bureaux recherchés"))!.confidential).toBe(true);
    expect(theirs.health.confidentialHidden).toBe(true);
    const csv = await (await call(exportLoader, "/impact/export/outcomes?preset=all", { cookie: await cookieFor("admin@mmode.example"), params: { dataset: "outcomes" } })).text();
    expect(csv).not.toContain("Bureaux recherchés — aluquebec");
    expect(csv).toContain("(publication confidentielle de AluQuébec)");
    // the confidential need answered: one party fewer for the committee
    expect(theirs.health.answersTotal.parties).toBe(mine.health.answersTotal.parties - 1);
  });
});

describe("a match's outcome row", () => {
  it("exists for the concluded story (sanity of the fixtures)", async () => {
    const [o] = await getDb().select().from(matchOutcomes).where(eq(matchOutcomes.savingsCad, 12_000.5));
    expect(o.outcome).toBe("concluded");
  });
});
