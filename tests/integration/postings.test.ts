/**
 * Postings through the real loaders and actions: creation and its validation, permissions and
 * visibility, history, lifecycle and expiry, optimistic locking, cluster profiles, settings.
 */
import { and, count, eq } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { auditLog, clusters, matchingQueue, postings } from "@db/schema";
import { bodyOf, call, clusterId, cookieFor, officeNeedForm, seed, userByEmail } from "../helpers";
import * as browseRoute from "~/routes/postings._index";
import * as newRoute from "~/routes/postings.new";
import * as pageRoute from "~/routes/postings.$id._index";
import * as editRoute from "~/routes/postings.$id.edit";
import * as exportRoute from "~/routes/postings.export[.csv]";
import * as settingsRoute from "~/routes/settings";
import * as profileRoute from "~/routes/clusters.$slug";
import * as profileEditRoute from "~/routes/clusters.$slug_.edit";
import { createPosting, expireDuePostings } from "~/modules/postings/postings.server";
import { validatePosting } from "~/modules/postings/validation";

const MEMBER = "membre@numana.example";
const ADMIN = "admin@numana.example";
const OTHER = "membre@aero-montreal.example";
const COORD = "coordination@maillage.example";
const FUNDER = "bailleur@meie.example";

const officeNeed = officeNeedForm;

const cookies: Record<string, string> = {};
const cookie = async (email: string) => (cookies[email] ??= await cookieFor(email));
const postingCount = async () => (await getDb().select({ n: count() }).from(postings))[0].n;
const byRef = async (ref: string) => (await getDb().select().from(postings).where(eq(postings.externalRef, ref)))[0];
const actionsOf = async (id: string) =>
  (await getDb().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entity, "posting"), eq(auditLog.entityId, id))).orderBy(auditLog.id)).map((e) => e.action);
const row = async (id: string) => (await getDb().select().from(postings).where(eq(postings.id, id)))[0];

async function create(email: string, form = officeNeed()) {
  const res = await call(newRoute.action, "/postings/new", { form, cookie: await cookie(email) });
  expect(res.status).toBe(302);
  return res.headers.get("Location")!.split("/postings/")[1].split("?")[0];
}

beforeAll(async () => {
  await seed();
});

describe("creating a posting", () => {
  it("a member publishes an office-space need with its own fields; it is audited and expires after 6 months", async () => {
    const before = Date.now();
    const id = await create(MEMBER);
    const p = await row(id);
    expect(p).toMatchObject({ status: "open", category: "office_space", quantity: 5, unit: "desks", budgetMax: 450, region: "montreal", version: 1 });
    expect(p.attributes).toEqual({ amenities: ["meeting_room", "internet"] });
    expect(p.sdAxes).toEqual(["environment"]);
    expect(p.tags).toEqual(["bureaux", "métro"]);
    expect(p.clusterId).toBe(await clusterId("numana"));
    expect(p.contactUserId).toBe((await userByEmail(MEMBER)).id);
    const months = (p.expiresAt!.getTime() - before) / (30.4 * 86_400_000);
    expect(months).toBeGreaterThan(5.8);
    expect(months).toBeLessThan(6.2);
    expect(await actionsOf(id)).toEqual(["posting.create"]);
  });

  it("publishing asks the matching engine to look at the posting (queued in the same transaction)", async () => {
    const id = await create(MEMBER);
    const queued = await getDb().select().from(matchingQueue).where(eq(matchingQueue.postingId, id));
    expect(queued.map((q) => q.reason)).toEqual(["posting.create"]);
    const draft = await create(MEMBER, officeNeed({ intent: "draft" }));
    expect(await getDb().select().from(matchingQueue).where(eq(matchingQueue.postingId, draft))).toEqual([]);
  });

  it("a draft stays a draft, without expiry", async () => {
    const id = await create(MEMBER, officeNeed({ intent: "draft" }));
    expect(await row(id)).toMatchObject({ status: "draft", expiresAt: null, publishedAt: null });
  });

  it("missing category fields: 400, errors next to the fields, entries kept, nothing written", async () => {
    const n = await postingCount();
    const res = await call(newRoute.action, "/postings/new", {
      form: { ...officeNeed({ category: "it_support", unit: "", quantity: "" }), title: "Soutien TI" },
      cookie: await cookie(MEMBER),
    });
    expect(res.status).toBe(400);
    const body = await bodyOf(res);
    expect(body.errors["attributes.service"].key).toBe("error.required");
    expect(body.values.title).toBe("Soutien TI");
    expect(body.values.sdAxes).toEqual(["environment"]);
    expect(await postingCount()).toBe(n);
  });

  const badInput: [string, Record<string, string | string[]>, string, string][] = [
    ["unknown category", { category: "teleportation" }, "category", "postings.error.category"],
    ["end before start", { startDate: "2027-06-01", endDate: "2027-05-01" }, "endDate", "postings.error.endBeforeStart"],
    ["negative quantity", { quantity: "-3" }, "quantity", "postings.error.positive"],
    ["budget not a number", { budgetMax: "beaucoup" }, "budgetMax", "error.number"],
    ["title over the limit", { title: "T".repeat(141) }, "title", "error.tooLong"],
    ["office space without a region", { region: "" }, "region", "error.required"],
    ["a contact from another cluster", { contactUserId: "00000000-0000-4000-8000-000000000000" }, "contactUserId", "error.choice"],
  ];
  it.each(badInput)("bad input — %s: 400 with a translated message, nothing written", async (_name, over, field, key) => {
    const n = await postingCount();
    const res = await call(newRoute.action, "/postings/new", { form: officeNeed(over), cookie: await cookie(MEMBER) });
    expect(res.status).toBe(400);
    const body = await bodyOf(res);
    expect(body.errors[field].key).toBe(key);
    expect(await postingCount()).toBe(n);
  });

  it("HTML and script are stored as text, as typed", async () => {
    const title = `<script>alert("x")</script> Bureaux <b>gras</b>`;
    const id = await create(MEMBER, officeNeed({ title, description: `<img src=x onerror="alert(1)">` }));
    const res = await call(pageRoute.loader, `/postings/${id}`, { params: { id }, cookie: await cookie(OTHER) });
    const body = await bodyOf(res);
    expect(body.view.posting.title).toBe(title);
    expect(body.view.posting.description).toBe(`<img src=x onerror="alert(1)">`);
  });

  it("only cluster people post: the coordination gets 403, a funder 404", async () => {
    expect((await call(newRoute.loader, "/postings/new", { cookie: await cookie(COORD) })).status).toBe(403);
    expect((await call(newRoute.action, "/postings/new", { form: officeNeed(), cookie: await cookie(COORD) })).status).toBe(403);
    expect((await call(newRoute.loader, "/postings/new", { cookie: await cookie(FUNDER) })).status).toBe(404);
    expect((await call(newRoute.loader, "/postings/new")).status).toBe(302);
  });
});

describe("permissions and visibility", () => {
  it("another cluster cannot edit, change the status of or delete a posting", async () => {
    const id = await create(MEMBER);
    const other = await cookie(OTHER);
    expect((await call(editRoute.loader, `/postings/${id}/edit`, { params: { id }, cookie: other })).status).toBe(403);
    expect((await call(editRoute.action, `/postings/${id}/edit`, { params: { id }, cookie: other, form: { ...officeNeed({ title: "Piraté" }), version: "1" } })).status).toBe(403);
    expect((await call(pageRoute.action, `/postings/${id}`, { params: { id }, cookie: other, form: { intent: "status", to: "closed", version: "1" } })).status).toBe(403);
    expect((await call(pageRoute.action, `/postings/${id}`, { params: { id }, cookie: other, form: { intent: "renew", version: "1" } })).status).toBe(403);
    expect(await row(id)).toMatchObject({ title: officeNeed().title, status: "open", version: 1 });
    // The coordination reviews but does not edit clusters' postings.
    expect((await call(editRoute.loader, `/postings/${id}/edit`, { params: { id }, cookie: await cookie(COORD) })).status).toBe(403);
  });

  it("a funder sees nothing: list, page, export, edit all answer 404", async () => {
    const funder = await cookie(FUNDER);
    const p = await byRef("demo-01");
    expect((await call(browseRoute.loader, "/postings", { cookie: funder })).status).toBe(404);
    expect((await call(pageRoute.loader, `/postings/${p.id}`, { params: { id: p.id }, cookie: funder })).status).toBe(404);
    expect((await call(exportRoute.loader, "/postings/export.csv", { cookie: funder })).status).toBe(404);
    expect((await call(editRoute.loader, `/postings/${p.id}/edit`, { params: { id: p.id }, cookie: funder })).status).toBe(404);
  });

  it("confidential postings are hidden from other clusters: list, search, export, profile and direct URL", async () => {
    const secret = await byRef("demo-37"); // Montréal InVivo, visibility "coordinator"
    expect(secret.visibility).toBe("coordinator");
    const other = await cookie(OTHER);
    const ids = async (path: string, c: string) => (await bodyOf(await call(browseRoute.loader, path, { cookie: c }))).result.items.map((i: { id: string }) => i.id);
    expect(await ids("/postings?status=all", other)).not.toContain(secret.id);
    expect(await ids("/postings?q=ressources+humaines", other)).not.toContain(secret.id);
    expect(await ids("/postings?q=RH&cluster=montreal-invivo", other)).not.toContain(secret.id);
    const csv = await (await call(exportRoute.loader, "/postings/export.csv?status=all&q=RH", { cookie: other })).text();
    expect(csv).not.toContain(secret.id);
    expect(csv).not.toContain("confidentiel");
    expect((await call(pageRoute.loader, `/postings/${secret.id}`, { params: { id: secret.id }, cookie: other })).status).toBe(404);
    expect((await call(editRoute.loader, `/postings/${secret.id}/edit`, { params: { id: secret.id }, cookie: other })).status).toBe(404);
    expect((await call(pageRoute.action, `/postings/${secret.id}`, { params: { id: secret.id }, cookie: other, form: { intent: "status", to: "closed", version: "1" } })).status).toBe(404);
    const profile = await bodyOf(await call(profileRoute.loader, "/clusters/montreal-invivo", { params: { slug: "montreal-invivo" }, cookie: other }));
    expect(profile.postings.map((p: { id: string }) => p.id)).not.toContain(secret.id);
    // The coordination and the owning cluster see it.
    expect(await ids("/postings?q=ressources+humaines", await cookie(COORD))).toContain(secret.id);
    expect(await ids("/postings?q=ressources+humaines", await cookie("membre@montreal-invivo.example"))).toContain(secret.id);
    expect((await call(pageRoute.loader, `/postings/${secret.id}`, { params: { id: secret.id }, cookie: await cookie(COORD) })).status).toBe(200);
    const coordCsv = await (await call(exportRoute.loader, "/postings/export.csv?q=RH", { cookie: await cookie(COORD) })).text();
    expect(coordCsv).toContain(secret.id);
  });

  it("drafts are seen by their cluster only", async () => {
    const draft = await byRef("demo-44"); // Numana
    expect((await call(pageRoute.loader, `/postings/${draft.id}`, { params: { id: draft.id }, cookie: await cookie(OTHER) })).status).toBe(404);
    expect((await call(pageRoute.loader, `/postings/${draft.id}`, { params: { id: draft.id }, cookie: await cookie(ADMIN) })).status).toBe(200);
  });

  it("unknown or malformed ids answer 404", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"])
      expect((await call(pageRoute.loader, `/postings/${id}`, { params: { id }, cookie: await cookie(MEMBER) })).status).toBe(404);
  });

  it("the history is shown to the owning cluster and the coordination, not to others", async () => {
    const id = await create(MEMBER);
    const history = async (email: string) => (await bodyOf(await call(pageRoute.loader, `/postings/${id}`, { params: { id }, cookie: await cookie(email) }))).view.history;
    expect((await history(ADMIN)).map((h: { action: string }) => h.action)).toEqual(["posting.create"]);
    expect(await history(COORD)).toHaveLength(1);
    expect(await history(OTHER)).toBeNull();
  });
});

describe("lifecycle", () => {
  const act = async (id: string, form: Record<string, string>, email = MEMBER) => call(pageRoute.action, `/postings/${id}`, { params: { id }, cookie: await cookie(email), form });

  it("draft -> open -> paused -> open -> matched -> closed (with its reason) -> reopened, each audited", async () => {
    const id = await create(MEMBER, officeNeed({ intent: "draft" }));
    let v = 1;
    for (const to of ["open", "paused", "open", "matched", "closed"]) {
      const res = await act(id, { intent: "status", to, version: String(v), ...(to === "closed" ? { reason: "satisfied_maillage" } : {}) });
      expect(res.status, to).toBe(302);
      v++;
      expect((await row(id)).status).toBe(to);
    }
    const p = await row(id);
    expect(p.publishedAt).not.toBeNull();
    expect(p).toMatchObject({ closeReason: "satisfied_maillage" });
    expect(p.closedAt).not.toBeNull();
    expect(await actionsOf(id)).toEqual(["posting.create", ...Array(5).fill("posting.status")]);
    // A closed posting is not edited nor deleted; it can be reopened (for 30 days).
    expect((await act(id, { intent: "delete", version: String(v) })).status).toBe(409);
    const edit = await call(editRoute.loader, `/postings/${id}/edit`, { params: { id }, cookie: await cookie(MEMBER) });
    expect(edit.status).toBe(302);
    expect((await act(id, { intent: "status", to: "open", version: String(v) })).status).toBe(302);
    expect(await row(id)).toMatchObject({ status: "open", closedAt: null, closeReason: null });
  });

  it("only drafts can be deleted", async () => {
    const open = await create(MEMBER);
    expect((await act(open, { intent: "delete", version: "1" })).status).toBe(409);
    expect(await row(open)).toBeDefined();
    const draft = await create(MEMBER, officeNeed({ intent: "draft" }));
    const res = await act(draft, { intent: "delete", version: "1" });
    expect(res.status).toBe(302);
    expect(await row(draft)).toBeUndefined();
    const [entry] = await getDb().select().from(auditLog).where(and(eq(auditLog.entityId, draft), eq(auditLog.action, "posting.delete")));
    expect(entry).toBeDefined();
  });

  it("expiry: past its period a posting leaves the list but stays readable; one click renews it", async () => {
    const member = await userByEmail(MEMBER);
    const sevenMonthsAgo = new Date(Date.now() - 213 * 86_400_000);
    const input = validatePosting({ kind: "offer", category: "other", title: "Vieille offre de rangement", description: "Des étagères à donner.", language: "fr" });
    if (!input.ok) throw new Error("invalid");
    const created = await createPosting(member, input.data, { publish: true }, sevenMonthsAgo);
    if (!created.ok) throw new Error("not created");
    const id = created.value.id;
    const c = await cookie(MEMBER);
    const list = async (q: string) => (await bodyOf(await call(browseRoute.loader, `/postings?${q}`, { cookie: c }))).result.items.map((i: { id: string; status: string }) => i);
    expect((await list("q=etageres")).map((i: { id: string }) => i.id)).not.toContain(id);
    expect((await list("q=etageres&status=all")).map((i: { id: string }) => i.id)).not.toContain(id);
    expect(await list("q=etageres&status=expired")).toEqual([expect.objectContaining({ id, status: "expired" })]);
    // Other clusters cannot list expired postings, but the page stays in the history.
    const otherList = (await bodyOf(await call(browseRoute.loader, "/postings?status=expired", { cookie: await cookie(OTHER) }))).result.items;
    expect(otherList.map((i: { id: string }) => i.id)).not.toContain(id);
    const page = await bodyOf(await call(pageRoute.loader, `/postings/${id}`, { params: { id }, cookie: await cookie(OTHER) }));
    expect(page.view.posting.status).toBe("expired");
    const own = await bodyOf(await call(pageRoute.loader, `/postings/${id}`, { params: { id }, cookie: c }));
    expect(own.view.actions).toMatchObject({ status: "expired", canRenew: true, transitions: [] });

    // The sweep records it (status + audit), then renewal reopens it for a new period.
    expect(await expireDuePostings()).toBeGreaterThanOrEqual(1);
    const expired = await row(id);
    expect(expired).toMatchObject({ status: "expired", version: 2 });
    const res = await act(id, { intent: "renew", version: "2" });
    expect(res.status).toBe(302);
    const renewed = await row(id);
    expect(renewed.status).toBe("open");
    expect(renewed.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 170 * 86_400_000);
    expect((await list("q=etageres")).map((i: { id: string }) => i.id)).toContain(id);
    expect(await actionsOf(id)).toEqual(["posting.create", "posting.expire", "posting.renew"]);
  });

  it("the coordination sets the period; new postings follow it", async () => {
    expect((await call(settingsRoute.loader, "/settings", { cookie: await cookie(MEMBER) })).status).toBe(404);
    const bad = await call(settingsRoute.action, "/settings", { cookie: await cookie(COORD), form: { expiryMonths: "48" } });
    expect(bad.status).toBe(400);
    const ok = await call(settingsRoute.action, "/settings", { cookie: await cookie(COORD), form: { expiryMonths: "3" } });
    expect(ok.status).toBe(200);
    const id = await create(MEMBER);
    const months = ((await row(id)).expiresAt!.getTime() - Date.now()) / (30.4 * 86_400_000);
    expect(months).toBeGreaterThan(2.8);
    expect(months).toBeLessThan(3.2);
    await call(settingsRoute.action, "/settings", { cookie: await cookie(COORD), form: { expiryMonths: "6" } });
  });
});

describe("editing and concurrency", () => {
  it("an edit saves, bumps the version and records the changed fields", async () => {
    const id = await create(MEMBER);
    const res = await call(editRoute.action, `/postings/${id}/edit`, {
      params: { id },
      cookie: await cookie(ADMIN),
      form: { ...officeNeed({ title: "Bureaux pour 6 personnes", quantity: "6" }), version: "1" },
    });
    expect(res.status).toBe(302);
    expect(await row(id)).toMatchObject({ title: "Bureaux pour 6 personnes", quantity: 6, version: 2 });
    const [entry] = await getDb().select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, "posting.update")));
    expect(entry.before).toEqual({ title: "Bureaux pour 5 personnes près du métro", quantity: 5 });
    expect(entry.after).toEqual({ title: "Bureaux pour 6 personnes", quantity: 6 });
  });

  it("a stale edit gets a conflict: nothing overwritten, the person's entries kept, a deliberate re-save works", async () => {
    const id = await create(MEMBER);
    const form = await bodyOf(await call(editRoute.loader, `/postings/${id}/edit`, { params: { id }, cookie: await cookie(MEMBER) }));
    expect(form.version).toBe(1);
    // A colleague saves first.
    await call(editRoute.action, `/postings/${id}/edit`, { params: { id }, cookie: await cookie(ADMIN), form: { ...officeNeed({ title: "Titre du collègue" }), version: "1" } });
    // The member saves on top of version 1.
    const mine = officeNeed({ title: "Mon titre", description: "Ma description, longuement rédigée." });
    const res = await call(editRoute.action, `/postings/${id}/edit`, { params: { id }, cookie: await cookie(MEMBER), form: { ...mine, version: "1" } });
    expect(res.status).toBe(409);
    const body = await bodyOf(res);
    expect(body.errors._form.key).toBe("postings.conflict.edit");
    expect(body.values.title).toBe("Mon titre");
    expect(body.values.description).toBe("Ma description, longuement rédigée.");
    expect(body.values["attributes.amenities"]).toEqual(["meeting_room", "internet"]);
    expect(body.version).toBe(2);
    expect(body.conflict.title).toBe("Titre du collègue");
    expect(await row(id)).toMatchObject({ title: "Titre du collègue", version: 2 });
    // Saving again with the version the conflict returned replaces it deliberately.
    const again = await call(editRoute.action, `/postings/${id}/edit`, { params: { id }, cookie: await cookie(MEMBER), form: { ...mine, version: String(body.version) } });
    expect(again.status).toBe(302);
    expect(await row(id)).toMatchObject({ title: "Mon titre", version: 3 });
  });

  it("a stale status change gets a conflict too", async () => {
    const id = await create(MEMBER);
    await call(pageRoute.action, `/postings/${id}`, { params: { id }, cookie: await cookie(ADMIN), form: { intent: "status", to: "paused", version: "1" } });
    const res = await call(pageRoute.action, `/postings/${id}`, { params: { id }, cookie: await cookie(MEMBER), form: { intent: "status", to: "closed", version: "1" } });
    expect(res.status).toBe(409);
    expect((await bodyOf(res)).errors._form.key).toBe("postings.conflict.status");
    expect((await row(id)).status).toBe("paused");
  });

  it("an invalid edit is a 400 with the entries kept", async () => {
    const id = await create(MEMBER);
    const res = await call(editRoute.action, `/postings/${id}/edit`, { params: { id }, cookie: await cookie(MEMBER), form: { ...officeNeed({ endDate: "2027-01-01" }), version: "1" } });
    expect(res.status).toBe(400);
    const body = await bodyOf(res);
    expect(body.errors.endDate.key).toBe("postings.error.endBeforeStart");
    expect(body.values.endDate).toBe("2027-01-01");
    expect((await row(id)).version).toBe(1);
  });
});

describe("cluster profile", () => {
  it("lists the cluster's open postings", async () => {
    const res = await bodyOf(await call(profileRoute.loader, "/clusters/numana", { params: { slug: "numana" }, cookie: await cookie(OTHER) }));
    expect(res.postings.length).toBeGreaterThan(0);
    expect(res.postings.every((p: { status: string; clusterSlug: string }) => p.status === "open" && p.clusterSlug === "numana")).toBe(true);
    expect(res.canEdit).toBe(false);
  });

  it("its cluster admin edits description FR/EN, sector, website and contact; others cannot", async () => {
    const form = {
      sectorFr: "Numérique",
      sectorEn: "Digital",
      descriptionFr: "Nouvelle description <em>en français</em>.",
      descriptionEn: "New description in English.",
      website: "https://numana.tech/fr",
      contactName: "Julie Caron",
      contactEmail: "Julie.Caron@numana.example",
    };
    expect((await call(profileEditRoute.loader, "/clusters/numana/edit", { params: { slug: "numana" }, cookie: await cookie(MEMBER) })).status).toBe(403);
    expect((await call(profileEditRoute.action, "/clusters/numana/edit", { params: { slug: "numana" }, cookie: await cookie("admin@aero-montreal.example"), form })).status).toBe(403);
    expect((await call(profileEditRoute.action, "/clusters/numana/edit", { params: { slug: "numana" }, cookie: await cookie(FUNDER), form })).status).toBe(404);
    const bad = await call(profileEditRoute.action, "/clusters/numana/edit", { params: { slug: "numana" }, cookie: await cookie(ADMIN), form: { ...form, website: "javascript:alert(1)", sectorFr: "" } });
    expect(bad.status).toBe(400);
    const errors = (await bodyOf(bad)).errors;
    expect(Object.keys(errors).sort()).toEqual(["sectorFr", "website"]);
    const ok = await call(profileEditRoute.action, "/clusters/numana/edit", { params: { slug: "numana" }, cookie: await cookie(ADMIN), form });
    expect(ok.status).toBe(302);
    const [c] = await getDb().select().from(clusters).where(eq(clusters.slug, "numana"));
    expect(c).toMatchObject({ sectorFr: "Numérique", descriptionFr: form.descriptionFr, website: form.website, contactEmail: "julie.caron@numana.example" });
    const [entry] = await getDb().select().from(auditLog).where(and(eq(auditLog.entity, "cluster"), eq(auditLog.entityId, c.id)));
    expect(entry.action).toBe("cluster.update");
  });
});
