/**
 * The defects of issue 11, section 4, one by one through the real routes (the fuzz test covers the
 * rest): NUL in a form field → 400 with the field's error, nothing written; NUL in the path or the
 * query → 404/400; a JSON import holding \u0000 → a row error, no batch; impossible dates and huge
 * numbers in filters → ignored, not a 500.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { count } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { postingImports, postings } from "@db/schema";
import { bodyOf, call, cookieFor, officeNeedForm, ORIGIN, seed } from "../helpers";
import * as newRoute from "~/routes/postings.new";
import * as clusterRoute from "~/routes/clusters.$slug";
import * as manualRoute from "~/routes/coordination.matches.new";
import * as browseRoute from "~/routes/postings._index";
import * as queueRoute from "~/routes/coordination.matches._index";
import * as impactRoute from "~/routes/impact._index";
import * as pipelineCsvRoute from "~/routes/pipeline[.]csv";
import * as notificationsRoute from "~/routes/notifications";
import * as importRoute from "~/routes/postings.import";

const MEMBER = "membre@numana.example";
const COORD = "coordination@maillage.example";
const postingCount = async () => (await getDb().select({ n: count() }).from(postings))[0].n;
const batchCount = async () => (await getDb().select({ n: count() }).from(postingImports))[0].n;

beforeAll(async () => {
  await seed();
});

test("a NUL in a posting title: 400, the title's error, the other entries kept, nothing written", async () => {
  const before = await postingCount();
  const res = await call(newRoute.action, "/postings/new", { form: officeNeedForm({ title: "Bureaux\u0000" }), cookie: await cookieFor(MEMBER) });
  expect(res.status).toBe(400);
  const body = await bodyOf(res);
  expect(body.errors.title).toEqual({ key: "error.unsafeText" });
  expect(body.errors._form).toEqual({ key: "error.unsafeInput" });
  expect(body.values.region).toBe("montreal");
  expect(await postingCount()).toBe(before);
});

test("a 100 kB field is refused at the boundary with its length", async () => {
  const res = await call(newRoute.action, "/postings/new", { form: officeNeedForm({ description: "x".repeat(100_000) }), cookie: await cookieFor(MEMBER) });
  expect(res.status).toBe(400);
  expect((await bodyOf(res)).errors.description).toEqual({ key: "error.tooLong", params: { max: 60_000 } });
});

test("NUL in the path is a 404, in the query a 400", async () => {
  const cookie = await cookieFor(COORD);
  expect((await call(clusterRoute.loader, "/clusters/%00", { params: { slug: "\u0000" }, cookie })).status).toBe(404);
  const res = await call(manualRoute.loader, "/coordination/matches/new?q=%00", { cookie });
  expect(res.status).toBe(400);
  expect((await bodyOf(res)).errors._form.key).toBe("error.unsafeInput");
});

test("impossible dates and huge page numbers in filters are ignored, never a 500", async () => {
  const cookie = await cookieFor(COORD);
  for (const q of ["from=2026-02-30", "to=2026-02-31", "from=0000-01-01", "page=1e308"]) expect((await call(browseRoute.loader, `/postings?${q}`, { cookie })).status, q).toBe(200);
  expect((await call(queueRoute.loader, "/coordination/matches?page=1e308", { cookie })).status).toBe(200);
  // The impact page says the period is unreadable; the pipeline export ignores it.
  const impact = await call(impactRoute.loader, "/impact?from=0000-01-01", { cookie });
  expect(impact.status).toBeLessThan(500);
  expect((await call(pipelineCsvRoute.loader, "/pipeline.csv?from=0000-01-01&to=2026-02-30", { cookie })).status).toBe(200);
});

test("a 23-digit notification id is a 400 with a message", async () => {
  const res = await call(notificationsRoute.action, "/notifications", { form: { intent: "read", id: "99999999999999999999999" }, cookie: await cookieFor(MEMBER) });
  expect(res.status).toBe(400);
  expect((await bodyOf(res)).errors._form.key).toBe("errorPage.400.body");
});

test("a JSON import whose posting holds \\u0000: a row error, no batch stored", async () => {
  const before = await batchCount();
  const doc = { postings: [{ id: "n1", cluster: "numana", kind: "need", category: "training", title: "Formation\u0000", description: "Pour 10 personnes.", quantity: 10, unit: "seats" }] };
  const form = new FormData();
  form.set("intent", "preview");
  form.set("file", new File([JSON.stringify(doc)], "postings.json"));
  const request = new Request(`${ORIGIN}/postings/import`, { method: "POST", body: form, headers: { Origin: ORIGIN, Cookie: await cookieFor(MEMBER) } });
  const res = (await importRoute.action({ request, params: {}, context: { clientIp: "203.0.113.9", cspNonce: "" } } as ActionFunctionArgs)) as Response;
  expect(res.status).toBe(400);
  const { preview } = await bodyOf(res);
  expect(preview.rowErrors).toEqual([{ row: 1, field: "_row", key: "postings.import.error.unsafeText" }]);
  expect(preview.importId).toBeFalsy();
  expect(await batchCount()).toBe(before);
});
