/**
 * "Make a joint application" from a pooled joint-grant match: /funding/new?fromMatch=<id> pre-fills
 * programme, call, lead and members from the pool's postings; the call list follows the chosen
 * programme (with and without script); the application keeps the match it came from, once.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { funders, jointApplications, programmeCalls, programmes } from "@db/schema";
import { applicationForMatch, getApplicationDetail } from "~/modules/funding/applications.server";
import { action as newAction, loader as newLoader } from "~/routes/funding.new";
import { loader as applicationLoader } from "~/routes/funding.applications.$id";
import { bodyOf, call, clusterId, cookieFor, seed } from "../helpers";
import { jointGrantNeed, poolOf } from "./funding-fixtures";

let cookie: string;
let eri: { id: string; callId: string };
let regiCallId: string;
let pool: string;
let needs: string[];

beforeAll(async () => {
  await seed(); // the demo funding programmes come with the demo data
  cookie = await cookieFor("coordination@maillage.example");
  const [dec] = await getDb().select({ id: funders.id }).from(funders).where(eq(funders.slug, "dec"));
  const progs = await getDb().select().from(programmes).where(eq(programmes.funderId, dec.id));
  const eriRow = progs.find((p) => p.nameFr.startsWith("Écosystèmes régionaux"))!;
  const regiRow = progs.find((p) => p.nameFr.startsWith("Croissance économique"))!;
  // calls far ahead, so the test does not age
  const [c] = await getDb().insert(programmeCalls).values({ programmeId: eriRow.id, labelFr: "Appel 2099", labelEn: "2099 call", deadline: "2099-05-01" }).returning();
  const [r] = await getDb().insert(programmeCalls).values({ programmeId: regiRow.id, labelFr: "CERI 2099", labelEn: "REGI 2099", deadline: "2099-04-30" }).returning();
  eri = { id: eriRow.id, callId: c.id };
  regiCallId = r.id;
  // Two clusters' needs name DEC's REI call as they typed it, in French and in English.
  needs = [
    await jointGrantNeed("numana", "CED – Regional Innovation Ecosystems (REI) – 2099 call", "2099-05-01", { publishedAt: new Date(Date.now() - 9 * 86_400_000), title: "Banc d'essai IA partagé" }),
    await jointGrantNeed("aero-montreal", "DEC – Écosystèmes régionaux d'innovation (ERI) – appel 2099", "2099-05-01", { publishedAt: new Date(Date.now() - 5 * 86_400_000) }),
  ];
  pool = await poolOf(needs, "introduced");
});

describe("/funding/new?fromMatch", () => {
  it("pre-fills programme, call, lead, consortium and title from the pool's postings", async () => {
    const res = await call(newLoader, `/funding/new?fromMatch=${pool}`, { cookie });
    expect(res.status).toBe(200);
    const d = await bodyOf(res);
    expect(d.fromMatch).toMatchObject({ problem: null, existing: null, matchId: pool });
    expect(d.values).toMatchObject({ programmeId: eri.id, callId: eri.callId, leadClusterId: await clusterId("numana"), stage: "consortium_formed", sourceMatchId: pool, title: "Banc d'essai IA partagé" });
    expect(d.checked.postingIds.sort()).toEqual([...needs].sort());
  });

  it("creates the application with its origin, once; the match links to it and it links back", async () => {
    const form = {
      title: "Banc d'essai IA partagé",
      programmeId: eri.id,
      callId: eri.callId,
      leadClusterId: await clusterId("numana"),
      "postingIds[]": needs,
      stage: "consortium_formed",
      sourceMatchId: pool,
    };
    const made = await call(newAction, "/funding/new", { cookie, form });
    expect(made.status).toBe(302);
    const id = made.headers.get("Location")!.match(/applications\/([0-9a-f-]{36})/)![1];
    expect(await applicationForMatch(pool)).toMatchObject({ id });
    const app = (await getApplicationDetail(id))!;
    expect(app).toMatchObject({ sourceMatchId: pool, programmeId: eri.id, callId: eri.callId, deadline: "2099-05-01", stage: "consortium_formed" });
    expect(new Set(app.members.map((m) => m.clusterId))).toEqual(new Set([await clusterId("numana"), await clusterId("aero-montreal")]));
    const page = await bodyOf(await call(applicationLoader, `/funding/applications/${id}`, { cookie, params: { id } }));
    expect(page.app.sourceMatch).toMatchObject({ id: pool, type: "pool" });
    // A second one from the same pool: 409, the existing application named, nothing written.
    const again = await call(newAction, "/funding/new", { cookie, form: { ...form, title: "Doublon" } });
    expect(again.status).toBe(409);
    expect(await bodyOf(again)).toMatchObject({ errors: { _form: { key: "funding.error.matchAlreadyApplied" } }, applicationId: id });
    expect(await getDb().select().from(jointApplications).where(eq(jointApplications.title, "Doublon"))).toHaveLength(0);
    // The pre-filled form now points to it.
    expect((await bodyOf(await call(newLoader, `/funding/new?fromMatch=${pool}`, { cookie }))).fromMatch.existing).toMatchObject({ id });
  });

  it("refuses a match that is no joint-grant pool, or no longer stands; 404 for an unknown one", async () => {
    const pair = await poolOf([await jointGrantNeed("mmode", "Autre", "2099-01-01"), await jointGrantNeed("bctq", "Autre", "2099-01-01")], "introduced", "need_offer");
    expect((await bodyOf(await call(newLoader, `/funding/new?fromMatch=${pair}`, { cookie }))).fromMatch.problem).toBe("funding.error.matchNotJointGrant");
    const rejected = await poolOf([await jointGrantNeed("mmode", "Autre", "2099-01-01"), await jointGrantNeed("cargo-m", "Autre", "2099-01-01")], "rejected");
    expect((await bodyOf(await call(newLoader, `/funding/new?fromMatch=${rejected}`, { cookie }))).fromMatch.problem).toBe("funding.error.matchClosed");
    const res = await call(newAction, "/funding/new", { cookie, form: { title: "Rejeté", programmeText: "Autre", leadClusterId: await clusterId("mmode"), "clusterIds[]": [await clusterId("cargo-m")], sourceMatchId: rejected } });
    expect(res.status).toBe(422);
    expect((await call(newLoader, "/funding/new?fromMatch=6f1f7c1e-0000-4000-8000-000000000099", { cookie })).status).toBe(404);
    expect((await call(newLoader, `/funding/new?fromMatch=${pool}`, { cookie: await cookieFor("admin@numana.example") })).status).toBe(404);
  });
});

describe("the call list follows the chosen programme", () => {
  it("comes back as typed when the no-script reader asks for the programme's calls", async () => {
    const q = new URLSearchParams({ refresh: "1", title: "Sans script", programmeId: eri.id, leadClusterId: await clusterId("numana") });
    q.append("clusterIds[]", await clusterId("mmode"));
    const d = await bodyOf(await call(newLoader, `/funding/new?${q}`, { cookie }));
    expect(d.values).toMatchObject({ title: "Sans script", programmeId: eri.id });
    expect(d.checked.clusterIds).toEqual([await clusterId("mmode")]);
    // the page lists only that programme's calls (the options come from the programme chosen)
    const chosen = d.programmes.find((p: { id: string }) => p.id === eri.id);
    expect(chosen.calls.map((c: { id: string }) => c.id)).toContain(eri.callId);
    expect(chosen.calls.map((c: { id: string }) => c.id)).not.toContain(regiCallId);
  });

  it("refuses a call of another programme with a clear message, and writes nothing", async () => {
    const res = await call(newAction, "/funding/new", {
      cookie,
      form: { title: "Appel d'un autre programme", programmeId: eri.id, callId: regiCallId, leadClusterId: await clusterId("numana"), "clusterIds[]": [await clusterId("mmode")], stage: "idea" },
    });
    expect(res.status).toBe(400);
    expect((await bodyOf(res)).errors.callId.key).toBe("funding.error.callNotOfProgramme");
    expect(await getDb().select().from(jointApplications).where(and(eq(jointApplications.title, "Appel d'un autre programme")))).toHaveLength(0);
  });
});
