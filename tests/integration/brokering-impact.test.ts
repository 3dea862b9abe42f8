/** The impact dashboard: what it counts, over which period, its CSV exports, and who may see it. */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { postings } from "@db/schema";
import { approveMatch } from "~/modules/brokering/decisions.server";
import { recordOutcome, respondToIntroduction } from "~/modules/brokering/introductions.server";
import { DEFAULT_TEMPLATES } from "~/modules/brokering/templates";
import { loader as exportLoader } from "~/routes/impact.export.$dataset";
import { loader as impactLoader } from "~/routes/impact._index";
import { bodyOf, call, cookieFor, seed } from "../helpers";
import { actor, proposedPair } from "./brokering-fixtures";

const COORD = "coordination@maillage.example";
const DAY = 86_400_000;
let cookie: string;

async function concluded(need: string, offer: string, savings: number, ghg: number, when: Date) {
  const { matchId, needId, offerId } = await proposedPair(need, offer);
  await getDb().update(postings).set({ publishedAt: new Date(when.getTime() - 12 * DAY) }).where(eq(postings.id, needId));
  await getDb().update(postings).set({ publishedAt: new Date(when.getTime() - 8 * DAY) }).where(eq(postings.id, offerId));
  await approveMatch(await actor(COORD), matchId, { templates: DEFAULT_TEMPLATES }, when);
  const admins: Record<string, string> = { mmode: "admin@mmode.example", numana: "admin@numana.example", bctq: "admin@bctq.example", "cargo-m": "admin@cargo-m.example" };
  await respondToIntroduction(await actor(admins[need]), matchId, { response: "interested" }, when);
  await respondToIntroduction(await actor(admins[offer]), matchId, { response: "interested" }, when);
  const r = await recordOutcome(await actor(admins[need]), matchId, { outcome: "concluded", savingsCad: savings, ghgAvoidedKg: ghg, participants: 3, summary: "Espace partagé" }, when);
  expect(r.ok).toBe(true);
  return matchId;
}

beforeAll(async () => {
  await seed();
  cookie = await cookieFor(COORD);
  await concluded("mmode", "numana", 12_000, 2_500, new Date(Date.now() - 5 * DAY));
  await concluded("bctq", "cargo-m", 3_000.5, 500, new Date(Date.now() - 3 * DAY));
  // an old one, outside the last 60 days
  await concluded("numana", "bctq", 100_000, 10_000, new Date(Date.now() - 200 * DAY));
  // an abandoned one
  const { matchId } = await proposedPair("cargo-m", "mmode");
  await approveMatch(await actor(COORD), matchId, { templates: DEFAULT_TEMPLATES });
  await recordOutcome(await actor(COORD), matchId, { outcome: "abandoned", reason: "Plus d'actualité" });
  await proposedPair("numana", "mmode"); // a proposal waiting
});

describe("impact dashboard", () => {
  it("counts introductions, mutualisations, money saved and GHG avoided over the period", async () => {
    const all = (await bodyOf(await call(impactLoader, "/impact?preset=all", { cookie }))).report;
    expect(all.kpis.introductions).toBe(4);
    expect(all.kpis.concluded).toBe(3);
    expect(all.kpis.abandoned).toBe(1);
    expect(all.kpis.savingsCad).toBeCloseTo(115_000.5);
    expect(all.kpis.ghgAvoidedKg).toBe(13_000);
    expect(all.kpis.participants).toBe(9);
    expect(all.kpis.proposals).toBeGreaterThanOrEqual(5);
    // introduced 12 and 8 days after publication (and the abandoned one, 10 days): median 10
    expect(all.kpis.medianDaysToIntroduction).toBe(10);
    expect(all.kpis.clustersInvolved).toBe(4);

    const recent = (await bodyOf(await call(impactLoader, "/impact?preset=60d", { cookie }))).report;
    expect(recent.kpis.concluded).toBe(2);
    expect(recent.kpis.savingsCad).toBeCloseTo(15_000.5);
    expect(recent.kpis.introductions).toBe(3);

    const funnel = Object.fromEntries(all.datasets.funnel.rows.map((r: { key: string; values: number[] }) => [r.key, r.values[0]]));
    expect(funnel).toMatchObject({ introduced: 4, in_progress: 3, concluded: 3 });
    const status = Object.fromEntries(all.datasets["matches-by-status"].rows.map((r: { key: string; values: number[] }) => [r.key, r.values[0]]));
    expect(status).toMatchObject({ concluded: 3, abandoned: 1 });
    expect(status.proposed).toBeGreaterThanOrEqual(1);
    const participation = Object.fromEntries(all.datasets.participation.rows.map((r: { key: string; values: number[] }) => [r.key, r.values]));
    expect(participation.numana[1]).toBe(2); // introductions involving numana
    expect(participation.numana[2]).toBe(2); // concluded involving numana
    expect(participation["aero-montreal"][1]).toBe(0);
    const byCategory = Object.fromEntries(all.datasets["postings-by-category"].rows.map((r: { key: string; values: number[] }) => [r.key, r.values]));
    expect(byCategory.office_space[0]).toBeGreaterThanOrEqual(5); // needs
    expect(byCategory.office_space[1]).toBeGreaterThanOrEqual(5); // offers
  });

  it("takes an explicit period, and falls back to 12 months with a message on bad dates", async () => {
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const from = day(new Date(Date.now() - 210 * DAY));
    const to = day(new Date(Date.now() - 190 * DAY));
    const old = await bodyOf(await call(impactLoader, `/impact?from=${from}&to=${to}`, { cookie }));
    expect(old.error).toBeNull();
    expect(old.report.kpis.concluded).toBe(1);
    expect(old.report.kpis.savingsCad).toBe(100_000);
    expect(old.report.datasets["activity-by-month"].rows.length).toBeGreaterThanOrEqual(1);
    for (const q of ["from=2026-13-45", "from=yesterday", "from=2026-05-01&to=2026-01-01"]) {
      const res = await call(impactLoader, `/impact?${q}`, { cookie });
      expect(res.status, q).toBe(400);
      const body = await bodyOf(res);
      expect(body.error, q).toMatch(/^brokering\.impact\.bad/);
      expect(body.report.period.preset).toBe("12m");
    }
  });

  it("exports each chart as CSV, translated, for the same period", async () => {
    const res = await call(exportLoader, "/impact/export/postings-by-category?preset=all", { cookie, params: { dataset: "postings-by-category" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toContain("maillage-impact-postings-by-category");
    const bytes = new Uint8Array(await res.clone().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a byte-order mark, for spreadsheets
    const lines = (await res.text()).replace(/^\ufeff/, "").trim().split("\r\n");
    // French spreadsheets: ";" between cells and a decimal comma
    expect(lines[0]).toBe("clé;libellé;Besoin;Offre");
    expect(lines.find((l) => l.startsWith("office_space;"))).toMatch(/^office_space;Espace de bureau;\d+;\d+$/);
    const en = await call(exportLoader, "/impact/export/participation?preset=all", { cookie, params: { dataset: "participation" }, headers: { "Accept-Language": "en" } });
    expect((await en.text()).split("\r\n")[0]).toContain("libellé"); // the user's saved language (fr) wins over the header
    const funnel = await (await call(exportLoader, "/impact/export/funnel?preset=all", { cookie, params: { dataset: "funnel" } })).text();
    expect(funnel).toContain("concluded;Conclues;3");
    // money saved and GHG avoided, per cluster and per month
    const participation = (await (await call(exportLoader, "/impact/export/participation?preset=all", { cookie, params: { dataset: "participation" } })).text()).split("\r\n");
    expect(participation[0].replace(/^\ufeff/, "")).toBe("clé;libellé;Publications;Mises en relation;Conclues;Économies ($);GES évités (kg éq. CO₂)");
    expect(participation.find((l) => l.startsWith("numana;"))).toMatch(/;2;112000;12500$/);
    const months = (await (await call(exportLoader, "/impact/export/activity-by-month?preset=all", { cookie, params: { dataset: "activity-by-month" } })).text()).split("\r\n");
    expect(months.some((l) => /;3000,5;500$/.test(l) || /;15000,5;3000$/.test(l))).toBe(true);
    expect((await call(exportLoader, "/impact/export/nope", { cookie, params: { dataset: "nope" } })).status).toBe(404);
  });

  it("is for the coordination only", async () => {
    for (const email of ["membre@numana.example", "admin@mmode.example", "bailleur@meie.example"]) {
      const c = await cookieFor(email);
      expect((await call(impactLoader, "/impact", { cookie: c })).status).toBe(404);
      expect((await call(exportLoader, "/impact/export/funnel", { cookie: c, params: { dataset: "funnel" } })).status).toBe(404);
    }
  });
});
