/**
 * Who sees what in funding. Every funder-facing route is called by URL with another funder's
 * programme or application (404), and a funder's attempts at postings, clusters and matches are
 * refused by the existing permission helper (403 or 404).
 */
import fs from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { seedFunding } from "@db/demo/funding";
import { funders, postings } from "@db/schema";
import { jointApplications, programmes } from "@db/schema";
import { action as applicationAction, loader as applicationLoader } from "~/routes/funding.applications.$id";
import { action as funderAction, loader as funderLoader } from "~/routes/funding.funders.$id";
import { loader as applicationsLoader } from "~/routes/funding._index";
import { action as newAction, loader as newLoader } from "~/routes/funding.new";
import { action as programmeAction, loader as programmeLoader } from "~/routes/funding.programmes.$id";
import { action as programmesAction, loader as programmesLoader } from "~/routes/funding.programmes._index";
import { loader as pipelineApplicationLoader } from "~/routes/pipeline.applications.$id";
import { loader as pipelineLoader } from "~/routes/pipeline._index";
import { loader as csvLoader } from "~/routes/pipeline[.]csv";
import { bodyOf, call, cookieFor, seed } from "../helpers";

const MEIE = "bailleur@meie.example";
const DEC = "funder@dec.example";
let f: Record<"meie" | "dec" | "cmm", string>;
let app: Record<string, string>;
let prog: Record<string, string>;

beforeAll(async () => {
  await seed();
  await seedFunding(getDb());
  f = Object.fromEntries((await getDb().select({ id: funders.id, slug: funders.slug }).from(funders)).map((r) => [r.slug, r.id])) as typeof f;
  app = Object.fromEntries((await getDb().select({ id: jointApplications.id, ref: jointApplications.externalRef }).from(jointApplications)).map((r) => [r.ref!, r.id]));
  prog = Object.fromEntries((await getDb().select({ id: programmes.id, ref: programmes.externalRef }).from(programmes)).map((r) => [r.ref!, r.id]));
});

const get = async (fn: Parameters<typeof call>[0], url: string, email: string | null, params: Record<string, string> = {}) =>
  call(fn, url, { cookie: email ? await cookieFor(email) : undefined, params });

describe("the funder's pipeline", () => {
  it("shows a funder its own programmes and applications, nothing else", async () => {
    const body = await bodyOf(await get(pipelineLoader, "/pipeline", MEIE));
    expect(body.programmes.length).toBeGreaterThan(0);
    expect(body.programmes.every((p: { funderId: string }) => p.funderId === f.meie)).toBe(true);
    const titles = body.apps.map((a: { title: string }) => a.title);
    expect(titles).toContain("Inventaire GES mutualisé des grappes");
    expect(titles).not.toContain("Réseau d'expertise en électrification des flottes"); // DEC
    expect(titles).not.toContain("Diagnostics DD des PME membres"); // unlisted programme
    const dec = await bodyOf(await get(pipelineLoader, "/pipeline", DEC));
    expect(dec.apps.map((a: { title: string }) => a.title)).toContain("Réseau d'expertise en électrification des flottes");
    expect(dec.apps.map((a: { title: string }) => a.title)).not.toContain("Inventaire GES mutualisé des grappes");
  });

  it("answers 404 to another funder's programme or funder id in the address", async () => {
    expect((await get(pipelineLoader, `/pipeline?programmeId=${prog["dec-eri"]}`, MEIE)).status).toBe(404);
    expect((await get(pipelineLoader, `/pipeline?funderId=${f.dec}`, MEIE)).status).toBe(404);
    expect((await get(pipelineLoader, `/pipeline?funderId=${f.meie}&programmeId=${prog["meie-essor-dd"]}`, MEIE)).status).toBe(200);
    expect((await get(csvLoader, `/pipeline.csv?programmeId=${prog["cmm-grappes-structurants"]}`, MEIE)).status).toBe(404);
    expect((await get(csvLoader, `/pipeline.csv?funderId=${f.dec}`, MEIE)).status).toBe(404);
    expect((await get(pipelineLoader, `/pipeline?programmeId=${prog["meie-pso-intergrappes"]}`, DEC)).status).toBe(404);
  });

  it("keeps the CSV to the funder's own applications", async () => {
    const res = await get(csvLoader, "/pipeline.csv", DEC);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain("Réseau d'expertise en électrification des flottes");
    expect(text).not.toContain("Inventaire GES mutualisé");
    expect(text).not.toContain("Bureaux partagés"); // CMM
  });

  it("answers 404 to another funder's application, an unlisted programme's, or a bad id", async () => {
    const own = await get(pipelineApplicationLoader, `/pipeline/applications/${app["demo-app-ges-mutualise"]}`, MEIE, { id: app["demo-app-ges-mutualise"] });
    expect(own.status).toBe(200);
    const body = await bodyOf(own);
    // A funder reads the facts, not the consortium's working material.
    expect(body.app).not.toHaveProperty("comments");
    expect(body.app).not.toHaveProperty("documents");
    expect(body.app.changes.every((c: Record<string, unknown>) => !("note" in c) && !("byName" in c))).toBe(true);
    for (const ref of ["demo-app-flottes", "demo-app-bureaux", "demo-app-ecoleader"])
      expect((await get(pipelineApplicationLoader, `/pipeline/applications/${app[ref]}`, MEIE, { id: app[ref] })).status).toBe(404);
    expect((await get(pipelineApplicationLoader, `/pipeline/applications/${app["demo-app-ges-mutualise"]}`, DEC, { id: app["demo-app-ges-mutualise"] })).status).toBe(404);
    expect((await get(pipelineApplicationLoader, "/pipeline/applications/nope", MEIE, { id: "nope" })).status).toBe(404);
    expect((await get(pipelineApplicationLoader, "/pipeline/applications/00000000-0000-4000-8000-000000000000", MEIE, { id: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
  });

  it("is not for cluster people; anonymous visitors are sent to sign in", async () => {
    for (const email of ["admin@numana.example", "membre@mmode.example"]) {
      expect((await get(pipelineLoader, "/pipeline", email)).status).toBe(404);
      expect((await get(csvLoader, "/pipeline.csv", email)).status).toBe(404);
      expect((await get(pipelineApplicationLoader, `/pipeline/applications/${app["demo-app-ges-mutualise"]}`, email, { id: app["demo-app-ges-mutualise"] })).status).toBe(404);
    }
    const anon = await get(pipelineLoader, "/pipeline", null);
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toBe("/login?redirectTo=%2Fpipeline");
  });

  it("lets the coordination look at any funder's pipeline, or all", async () => {
    const coord = "coordination@maillage.example";
    const all = await bodyOf(await get(pipelineLoader, "/pipeline", coord));
    expect(new Set(all.programmes.map((p: { funderId: string }) => p.funderId))).toEqual(new Set([f.meie, f.dec, f.cmm]));
    const dec = await bodyOf(await get(pipelineLoader, `/pipeline?funderId=${f.dec}`, coord));
    expect(dec.programmes.every((p: { funderId: string }) => p.funderId === f.dec)).toBe(true);
    expect((await get(pipelineApplicationLoader, `/pipeline/applications/${app["demo-app-flottes"]}`, coord, { id: app["demo-app-flottes"] })).status).toBe(200);
  });
});

describe("the consortium's pages are not for funders", () => {
  it("answers 404 to a funder on every /funding page and action", async () => {
    const id = app["demo-app-ges-mutualise"]; // a MEIE programme's: still the consortium's page
    const pages: [Parameters<typeof call>[0], string, Record<string, string>][] = [
      [applicationsLoader, "/funding", {}],
      [newLoader, "/funding/new", {}],
      [applicationLoader, `/funding/applications/${id}`, { id }],
      [programmesLoader, "/funding/programmes", {}],
      [programmeLoader, `/funding/programmes/${prog["meie-pso-intergrappes"]}`, { id: prog["meie-pso-intergrappes"] }],
      [funderLoader, `/funding/funders/${f.meie}`, { id: f.meie }],
    ];
    for (const email of [MEIE, DEC]) {
      for (const [fn, url, params] of pages) expect([url, (await get(fn, url, email, params)).status]).toEqual([url, 404]);
      const cookie = await cookieFor(email);
      for (const [fn, url, params] of [
        [applicationAction, `/funding/applications/${id}`, { id }],
        [newAction, "/funding/new", {}],
        [programmesAction, "/funding/programmes", {}],
        [programmeAction, `/funding/programmes/${prog["meie-pso-intergrappes"]}`, { id: prog["meie-pso-intergrappes"] }],
        [funderAction, `/funding/funders/${f.meie}`, { id: f.meie }],
      ] as const)
        expect([url, (await call(fn, url, { cookie, params, form: { intent: "comment", body: "x" } })).status]).toEqual([url, 404]);
    }
  });

  it("shows an application to its consortium and the coordination only", async () => {
    const id = app["demo-app-ges-mutualise"]; // Écotech (lead), CargoM, MMode, BCTQ
    expect((await get(applicationLoader, `/funding/applications/${id}`, "membre@mmode.example", { id })).status).toBe(200);
    expect((await get(applicationLoader, `/funding/applications/${id}`, "admin@ecotech-quebec.example", { id })).status).toBe(200);
    expect((await get(applicationLoader, `/funding/applications/${id}`, "coordination@maillage.example", { id })).status).toBe(200);
    expect((await get(applicationLoader, `/funding/applications/${id}`, "admin@numana.example", { id })).status).toBe(404);
    expect((await get(applicationLoader, `/funding/applications/${id}`, null, { id })).status).toBe(302);
    const list = await bodyOf(await get(applicationsLoader, "/funding", "admin@numana.example"));
    expect(list.rows.length).toBeGreaterThan(0);
    expect(list.rows.map((r: { id: string }) => r.id)).not.toContain(id);
    expect(list.manage).toBe(false);
    expect((await get(programmesLoader, "/funding/programmes", "admin@numana.example")).status).toBe(404);
  });
});

/** Route modules of other capabilities, by file name (some are built in parallel: only those present are called). */
async function otherRoutes(pattern: RegExp) {
  const dir = path.resolve("app/routes");
  const out: { file: string; loader: (args: LoaderFunctionArgs) => unknown }[] = [];
  for (const file of fs.readdirSync(dir).filter((x) => pattern.test(x))) {
    const mod = (await import(/* @vite-ignore */ path.join(dir, file))) as { loader?: (args: LoaderFunctionArgs) => unknown };
    if (mod.loader) out.push({ file, loader: mod.loader });
  }
  return out;
}

describe("a funder reaching postings, clusters or matches by URL", () => {
  it("is refused by the permission helper (403, or 404 where existence is hidden)", async () => {
    const [posting] = await getDb().select({ id: postings.id }).from(postings).where(inArray(postings.visibility, ["network", "coordinator"])).limit(1);
    const [confidential] = await getDb().select({ id: postings.id }).from(postings).where(eq(postings.visibility, "coordinator")).limit(1);
    const params = { id: posting?.id ?? "00000000-0000-4000-8000-000000000001", slug: "mmode", matchId: "00000000-0000-4000-8000-000000000002" };
    const routes = await otherRoutes(/^(postings|clusters|match|matches|brokering|coordination\.match|impact|introductions)/);
    expect(routes.map((r) => r.file)).toEqual(expect.arrayContaining(["clusters._index.tsx", "clusters.$slug.tsx"]));
    for (const email of [MEIE, DEC]) {
      for (const r of routes) {
        const res = await call(r.loader as Parameters<typeof call>[0], `/${r.file}`, { cookie: await cookieFor(email), params });
        expect([r.file, [403, 404].includes(res.status)]).toEqual([r.file, true]);
      }
      if (confidential) {
        const detail = routes.find((r) => r.file === "postings.$id._index.tsx");
        if (detail) expect([403, 404]).toContain((await call(detail.loader as Parameters<typeof call>[0], `/postings/${confidential.id}`, { cookie: await cookieFor(email), params: { id: confidential.id } })).status);
      }
    }
  });
});
