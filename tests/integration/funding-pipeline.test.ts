/**
 * The pipeline on the demo data: figures a funder sees (funnel, amounts, time in stage, deadlines),
 * the period filter, the CSV export, idempotent seeding, and the deadline reminders.
 */
import { and, count, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { DEMO_APPLICATIONS, DEMO_PROGRAMMES, seedFunding } from "@db/demo/funding";
import { funders, notifications, outbox, users } from "@db/schema";
import { applicationReminders, jointApplications } from "@db/schema";
import { loadPipeline, pipelineCsv } from "~/modules/funding/pipeline.server";
import { queueDeadlineReminders } from "~/modules/funding/reminders.server";
import { loader as csvLoader } from "~/routes/pipeline[.]csv";
import { call, cookieFor, seed } from "../helpers";

const NOW = new Date("2026-11-22T15:00:00Z");
let meie: string;

beforeAll(async () => {
  await seed();
  await seedFunding(getDb());
  [{ id: meie }] = await getDb().select({ id: funders.id }).from(funders).where(eq(funders.slug, "meie"));
});

describe("demo data", () => {
  it("is seeded once, with applications at every stage", async () => {
    expect(await seedFunding(getDb())).toEqual({ programmes: 0, applications: 0 });
    const rows = await getDb().select({ stage: jointApplications.stage }).from(jointApplications);
    expect(rows).toHaveLength(DEMO_APPLICATIONS.length);
    expect(new Set(rows.map((r) => r.stage))).toEqual(new Set(["idea", "consortium_formed", "drafting", "submitted", "under_review", "awarded", "declined", "closed"]));
    expect(DEMO_PROGRAMMES.every((p) => p.calls.every((c) => c.deadline > "2026-11-22"))).toBe(true);
  });
});

describe("the MEIE pipeline", () => {
  it("counts the funnel, the amounts and the share of the envelopes", async () => {
    const d = (await loadPipeline({ funderId: meie, now: NOW }))!;
    expect(d.apps).toHaveLength(9);
    expect(d.funnel.steps.map((s) => [s.stage, s.reached])).toEqual([
      ["idea", 9],
      ["consortium_formed", 8],
      ["drafting", 7],
      ["submitted", 5],
      ["under_review", 4],
      ["awarded", 2],
    ]);
    expect(d.funnel.steps.map((s) => s.conversion)).toEqual([null, 8 / 9, 7 / 8, 5 / 7, 4 / 5, 2 / 4]);
    expect(d.funnel).toMatchObject({ declined: 1, withdrawn: 1, successRate: 2 / 3 });
    expect(d.totals).toMatchObject({ applications: 9, requested: 1_380_000, inPreparation: 520_000, awarded: 500_000, envelope: 6_500_000 });
    expect(d.totals.shareUsed).toBeCloseTo(500_000 / 6_500_000);
    const pso = d.amounts.find((a) => a.requested === 1_030_000)!;
    expect(pso).toMatchObject({ envelope: 4_000_000, awarded: 320_000, inPreparation: 280_000, shareUsed: 0.08 });
  });

  it("gives the median time in each stage from the recorded changes", async () => {
    const d = (await loadPipeline({ funderId: meie, now: NOW }))!;
    // Completed reviews: 2026-05-05→08-18 (105 d), 04-24→07-14 (81 d), 03-27→06-10 (75 d).
    expect(d.times.find((t) => t.stage === "under_review")).toEqual({ stage: "under_review", medianDays: 81, count: 3, ongoing: 1 });
  });

  it("lists the upcoming calls with the applications preparing for them", async () => {
    const d = (await loadPipeline({ funderId: meie, now: NOW }))!;
    expect(d.deadlines.map((c) => [c.deadline, c.daysLeft, c.preparing])).toEqual([
      ["2026-12-11", 19, 1],
      ["2027-01-29", 68, 1],
      ["2027-03-26", 124, 0],
      ["2027-05-28", 187, 1],
    ]);
  });

  it("filters by programme and by the period the applications started in", async () => {
    const all = (await loadPipeline({ funderId: meie, now: NOW }))!;
    const essor = all.programmes.find((p) => p.nameFr.startsWith("ESSOR"))!;
    const one = (await loadPipeline({ funderId: meie, programmeId: essor.id, now: NOW }))!;
    expect(one.apps).toHaveLength(4);
    expect(one.amounts).toHaveLength(1);
    const autumn = (await loadPipeline({ funderId: meie, from: "2026-09-01", to: "2026-11-22", now: NOW }))!;
    expect(autumn.apps.map((a) => a.title).sort()).toEqual(["Observatoire des compétences numériques intergrappes", "Plateforme commune de veille technologique", "Services TI partagés et cybersécurité pour les secrétariats de grappes"]);
    // The `to` day is included (Montréal's calendar): 2026-09-08 started at noon.
    expect((await loadPipeline({ funderId: meie, from: "2026-09-08", to: "2026-09-08", now: NOW }))!.apps).toHaveLength(1);
  });

  it("exports one CSV line per application, in the reader's language", async () => {
    const d = (await loadPipeline({ funderId: meie, now: NOW }))!;
    const fr = pipelineCsv(d, "fr").replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
    expect(fr).toHaveLength(10);
    expect(fr[0]).toBe(
      "Identifiant;Titre;Programme;Étape;Dossier fermé;Étape atteinte;Chef de file;Consortium;Montant demandé ($);Montant accordé ($);Financement public ($);Apport des grappes ($);Apport des entreprises ($);Date limite;Lancée le;Étape depuis le;Jours à l'étape;Décision le;Conditions;Raison du refus",
    );
    const line = fr.find((l) => l.includes("Étude intergrappes sur les laboratoires partagés"))!.split(";");
    expect(line.slice(3, 14)).toEqual(["Accordée", "non", "Accordée", "Numana", "Aéro Montréal | Numana | Propulsion Québec", "380000", "320000", "380000", "60000", "140000", ""]);
    expect(line.slice(14, 18)).toEqual(["2026-02-03", "2026-08-18", "96", "2026-08-18"]);
    // Closed applications keep their decision: awarded and refused never both read "Fermée".
    const closedAward = fr.find((l) => l.includes("Achat regroupé de postes"))!.split(";");
    expect(closedAward.slice(3, 6)).toEqual(["Accordée", "oui", "Accordée"]);
    const closedRefusal = fr.find((l) => l.includes("Feuille de route R-D en écoconception"))!.split(";");
    expect(closedRefusal.slice(3, 6)).toEqual(["Refusée", "oui", "Refusée"]);
    expect(closedRefusal.at(-1)).not.toBe("");
    const withdrawn = fr.find((l) => l.includes("Mutualisation de salles de réunion"))!.split(";");
    expect(withdrawn.slice(3, 6)).toEqual(["Abandonnée", "oui", "Rédaction"]);
    const en = pipelineCsv(d, "en").replace(/^\uFEFF/, "").split("\r\n");
    expect(en[0].startsWith("Id,Title,Programme,Stage,File closed,Stage reached,Lead,")).toBe(true);
  });

  it("downloads as a file named after the funder", async () => {
    const res = await call(csvLoader, "/pipeline.csv", { cookie: await cookieFor("bailleur@meie.example") });
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="pipeline-meie-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark, for spreadsheets
    expect(new TextDecoder().decode(bytes).split("\r\n").filter(Boolean)).toHaveLength(10);
  });
});

describe("deadline reminders", () => {
  const bureauxPeople = ["admin@finance-montreal.example", "admin@mmode.example", "membre@mmode.example", "admin@bctq.example"];

  it("reminds the lead and the members once per threshold, by notification and email", async () => {
    // 2026-11-22: "Bureaux partagés" (CMM) is due 2026-12-04, 12 days away: the 14-day reminder.
    const first = await queueDeadlineReminders(NOW, [14, 3]);
    expect(first).toEqual({ applications: 1, messages: bureauxPeople.length });
    const mails = await getDb().select().from(outbox).where(and(eq(outbox.kind, "funding"), inArray(outbox.toAddress, bureauxPeople)));
    expect(mails).toHaveLength(bureauxPeople.length);
    const fr = mails.find((m) => m.toAddress === "admin@bctq.example")!;
    expect(fr.subject).toBe("Rappel : « Bureaux partagés intergrappes au centre-ville » à déposer d'ici le 4 décembre 2026");
    expect(fr.bodyText).toContain("dans 12 jours");
    expect(fr.bodyText).toMatch(/\/funding\/applications\/[0-9a-f-]{36}/);
    expect(mails.find((m) => m.toAddress === "membre@mmode.example")!.subject).toBe('Reminder: "Bureaux partagés intergrappes au centre-ville" is due by December 4, 2026'); // English speaker
    const [bctq] = await getDb().select({ id: users.id }).from(users).where(eq(users.email, "admin@bctq.example"));
    const [n] = await getDb().select({ n: count() }).from(notifications).where(and(eq(notifications.userId, bctq.id), eq(notifications.kind, "funding.deadline")));
    expect(n.n).toBe(1);

    // Running again (same day, or later the same week) sends nothing more.
    expect(await queueDeadlineReminders(NOW, [14, 3])).toEqual({ applications: 0, messages: 0 });
    expect(await queueDeadlineReminders(new Date("2026-11-25T15:00:00Z"), [14, 3])).toEqual({ applications: 0, messages: 0 });

    // 2026-11-27: ESSOR's TI application (due 2026-12-11) enters its 14-day window.
    expect(await queueDeadlineReminders(new Date("2026-11-27T15:00:00Z"), [14, 3])).toMatchObject({ applications: 1 });
    // 2026-12-02: the 3-day reminder for "Bureaux partagés", once.
    expect(await queueDeadlineReminders(new Date("2026-12-02T15:00:00Z"), [14, 3])).toEqual({ applications: 1, messages: bureauxPeople.length });
    expect(await queueDeadlineReminders(new Date("2026-12-03T15:00:00Z"), [14, 3])).toEqual({ applications: 0, messages: 0 });
    const [r] = await getDb().select({ n: count() }).from(applicationReminders);
    expect(r.n).toBe(3);
  });

  it("skips applications already submitted and deadlines past", async () => {
    expect(await queueDeadlineReminders(new Date("2027-06-01T15:00:00Z"), [14, 3])).toEqual({ applications: 0, messages: 0 });
  });
});
