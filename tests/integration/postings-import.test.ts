/**
 * Import (CSV and JSON, preview then one transaction, all or nothing) and CSV export, through the
 * route actions and loaders.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { count, eq } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { auditLog, postingImports, postings } from "@db/schema";
import { bodyOf, call, clusterId, cookieFor, ORIGIN, seed, userByEmail } from "../helpers";
import * as importRoute from "~/routes/postings.import";
import * as templateRoute from "~/routes/postings.import-template[.csv]";
import * as exportRoute from "~/routes/postings.export[.csv]";
import * as newRoute from "~/routes/postings.new";
import { translator } from "~/modules/i18n";
import { IMPORT_MAX_ROWS } from "~/modules/postings/constants";
import { parseCsv } from "~/modules/postings/csv";
import { importTemplateCsv, TEMPLATE_COLUMNS } from "~/modules/postings/import.server";

const COORD = "coordination@maillage.example";
const HEADER = "cluster,kind,category,title,description,region,startDate,endDate,quantity,unit,budgetMax,programme,deadline,service,role";

const postingCount = async () => (await getDb().select({ n: count() }).from(postings))[0].n;
const batchCount = async () => (await getDb().select({ n: count() }).from(postingImports))[0].n;

async function post(form: FormData, email = COORD): Promise<Response> {
  const request = new Request(`${ORIGIN}/postings/import`, { method: "POST", body: form, headers: { Origin: ORIGIN, Cookie: await cookieFor(email) } });
  try {
    const res = await importRoute.action({ request, params: {}, context: { clientIp: "203.0.113.9", cspNonce: "" } } as ActionFunctionArgs);
    return res instanceof Response ? res : Response.json(res);
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

async function upload(name: string, content: string | Uint8Array, email = COORD) {
  const form = new FormData();
  form.set("intent", "preview");
  form.set("file", new File([content as BlobPart], name));
  const res = await post(form, email);
  return { status: res.status, body: res.status < 300 || res.status === 400 ? await bodyOf(res) : null };
}

async function confirm(importId: string, email = COORD) {
  const form = new FormData();
  form.set("intent", "confirm");
  form.set("importId", importId);
  return post(form, email);
}

beforeAll(async () => {
  await seed();
});

describe("import: permissions", () => {
  it("the coordination, and a cluster's members and admins (their own cluster); funders get 404", async () => {
    for (const email of [COORD, "admin@numana.example", "membre@numana.example"]) {
      expect((await call(importRoute.loader, "/postings/import", { cookie: await cookieFor(email) })).status, email).toBe(200);
      expect((await call(templateRoute.loader, "/postings/import-template.csv", { cookie: await cookieFor(email) })).status, email).toBe(200);
    }
    expect((await call(importRoute.loader, "/postings/import", { cookie: await cookieFor("bailleur@meie.example") })).status).toBe(404);
    expect((await upload("a.csv", `${HEADER}\n`, "bailleur@meie.example")).status).toBe(404);
    expect((await call(templateRoute.loader, "/postings/import-template.csv", { cookie: await cookieFor("bailleur@meie.example") })).status).toBe(404);
  });
});

describe("import: CSV", () => {
  it("the template downloads as UTF-8 CSV and imports as is", async () => {
    const res = await call(templateRoute.loader, "/postings/import-template.csv", { cookie: await cookieFor(COORD) });
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes); // strips the byte-order mark
    expect(text.split("\r\n")[0]).toBe(TEMPLATE_COLUMNS.join(","));
    const before = await postingCount();
    const preview = await upload("template.csv", importTemplateCsv());
    expect(preview.status).toBe(200);
    expect(preview.body.preview).toMatchObject({ format: "csv", rowCount: 2, fileErrors: [], rowErrors: [] });
    expect(await postingCount()).toBe(before); // nothing written before confirmation
    const done = await confirm(preview.body.preview.importId);
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/postings/import?notice=postings.notice.imported&notice.count=2");
    expect(await postingCount()).toBe(before + 2);
    const [it] = await getDb().select().from(postings).where(eq(postings.title, "Soutien informatique partagé pour 3 grappes"));
    expect(it).toMatchObject({ kind: "need", category: "it_support", quantity: 20, unit: "seats", status: "open", attributes: { service: "helpdesk" }, sdAxes: ["governance"], contactUserId: null });
    const [office] = await getDb().select().from(postings).where(eq(postings.title, "Four desks available near Berri-UQAM"));
    expect(office.attributes).toEqual({ amenities: ["meeting_room", "furnished", "internet"] });
    const audits = await getDb().select().from(auditLog).where(eq(auditLog.entityId, it.id));
    expect(audits.map((a) => a.action)).toEqual(["posting.create"]);
    // A batch is inserted once.
    expect((await confirm(preview.body.preview.importId)).status).toBe(409);
    expect(await postingCount()).toBe(before + 2);
  });

  it("per-row errors (row, column, translated message) and nothing written, not even one valid row", async () => {
    const before = await postingCount();
    const batches = await batchCount();
    const csv = [
      HEADER,
      "numana,need,it_support,Bon besoin,Une ligne valide,montreal,2027-01-01,2027-12-31,10,seats,40,,,helpdesk,",
      "numana,need,spaceships,Catégorie inconnue,…,,,,,,,,,,",
      "atlantis,offer,other,Grappe inconnue,…,,2027-05-01,2027-04-01,-2,units,abc,,,,",
      `aero-montreal,need,joint_grant,${"T".repeat(141)},…,,,,,,,,,,boss`,
      '"numana","need","other","<script>alert(1)</script>","ok",,,,,,,,,,',
    ].join("\r\n");
    const { status, body } = await upload("bad.csv", csv);
    expect(status).toBe(400);
    const p = body.preview;
    expect(p.importId).toBeUndefined();
    expect(p.rowCount).toBe(5);
    const errors = p.rowErrors.map((e: { row: number; field: string; key: string }) => `${e.row}:${e.field}:${e.key}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        "3:category:postings.error.category",
        "4:cluster:postings.import.error.cluster",
        "4:endDate:postings.error.endBeforeStart",
        "4:quantity:postings.error.positive",
        "4:budgetMax:error.number",
        "5:title:error.tooLong",
        "5:programme:error.required",
        "5:deadline:error.required",
        "5:role:error.choice",
      ]),
    );
    expect(errors.filter((e: string) => e.startsWith("2:") || e.startsWith("6:"))).toEqual([]);
    expect(await postingCount()).toBe(before);
    expect(await batchCount()).toBe(batches);
    // Messages exist in both languages.
    expect(translator("en")("postings.error.category")).toMatch(/^Unknown category/);
    expect(translator("fr")("postings.error.category")).toMatch(/^Catégorie inconnue/);
  });

  it("a file that is not UTF-8 gets a clear message", async () => {
    const latin1 = Buffer.from(`${HEADER}\nnumana,need,other,Région,Prêt d'équipement,,,,,,,,,,\n`, "latin1");
    const { status, body } = await upload("export-excel.csv", new Uint8Array(latin1));
    expect(status).toBe(400);
    expect(body.preview.fileErrors).toEqual([{ key: "postings.import.error.encoding" }]);
    const utf16 = await upload("utf16.csv", new Uint8Array([0xff, 0xfe, 0x63, 0x00]));
    expect(utf16.body.preview.fileErrors[0].key).toBe("postings.import.error.encoding");
  });

  it("missing columns are named", async () => {
    const { status, body } = await upload("cols.csv", "cluster,kind,titre,notes\nnumana,need,x,y\n");
    expect(status).toBe(400);
    expect(body.preview.fileErrors).toEqual([{ key: "postings.import.error.missingColumns", params: { columns: "category, title, description", count: 3 } }]);
  });

  it("semicolons (French spreadsheets), header case and unknown columns", async () => {
    const csv = "\ufeffCluster;Kind;Category;Title;Description;Notes internes\nbctq;offer;other;Prêt de projecteurs;Deux projecteurs à prêter, à Montréal.;à ignorer\n";
    const { status, body } = await upload("fr.csv", csv);
    expect(status).toBe(200);
    expect(body.preview.ignoredColumns).toEqual(["Notes internes"]);
    // The preview names the cluster (not its slug).
    expect(body.preview.sample[0]).toMatchObject({ row: 2, cluster: "Bureau du cinéma et de la télévision du Québec", title: "Prêt de projecteurs" });
  });

  it(`more than ${IMPORT_MAX_ROWS} rows are refused (10 000 rows)`, async () => {
    const line = "numana,need,other,Titre,Description,,,,,,,,,,";
    const csv = [HEADER, ...Array.from({ length: 10_000 }, () => line)].join("\n");
    const { status, body } = await upload("big.csv", csv);
    expect(status).toBe(400);
    expect(body.preview.fileErrors).toEqual([{ key: "postings.import.error.tooManyRows", params: { max: IMPORT_MAX_ROWS } }]);
  });

  it("an empty file or no file", async () => {
    expect((await upload("empty.csv", "")).body).toEqual({ error: "postings.import.error.noFile" });
    expect((await upload("header.csv", `${HEADER}\n\n`)).body.preview.fileErrors[0].key).toBe("postings.import.error.empty");
  });

  it("another coordinator cannot confirm someone else's batch", async () => {
    const { body } = await upload("mine.csv", importTemplateCsv());
    const res = await confirm(body.preview.importId, "admin@maillage.example");
    expect(res.status).toBe(409);
    expect((await bodyOf(res)).error).toBe("postings.import.expiredBatch");
  });
});

describe("import: JSON in the shared format", () => {
  const file = {
    postings: [
      { id: "j1", cluster: "mmode", kind: "need", category: "training", title: "Formation en écoconception", description: "Pour 10 personnes.", tags: ["écoconception"], language: "fr", region: "montreal", startDate: "2027-05-01", endDate: "2027-10-31", quantity: 10, unit: "seats", budgetMax: 400 },
      { id: "j2", cluster: "numana", kind: "need", category: "joint_grant", title: "Joint application", description: "We are looking for partners for the REI 2027 call.", programme: "CED – REI 2027", deadline: "2027-05-01" },
      { id: "j3", cluster: "cargo-m", kind: "offer", category: "it_support", title: "Helpdesk", description: "Shared helpdesk", attributes: { service: "helpdesk" } },
    ],
  };

  it("imports the shared format (category fields optional, language detected)", async () => {
    const before = await postingCount();
    const { status, body } = await upload("postings.json", JSON.stringify(file));
    expect(status).toBe(200);
    expect(body.preview).toMatchObject({ format: "json", rowCount: 3, rowErrors: [] });
    expect((await confirm(body.preview.importId)).status).toBe(302);
    expect(await postingCount()).toBe(before + 3);
    const [grant] = await getDb().select().from(postings).where(eq(postings.title, "Joint application"));
    expect(grant).toMatchObject({ programme: "CED – REI 2027", deadline: "2027-05-01", language: "en", attributes: {} });
  });

  it("reports per-item errors: duplicate ids, missing programme, unknown cluster, not an object", async () => {
    const before = await postingCount();
    const bad = {
      postings: [
        file.postings[0],
        { ...file.postings[0] },
        { id: "x2", cluster: "numana", kind: "need", category: "joint_grant", title: "T", description: "D" },
        { id: "x3", cluster: "nowhere", kind: "offer", category: "other", title: "T", description: "D" },
        "not a posting",
        { cluster: "numana", kind: "need", category: "other", title: "T", description: "D" },
      ],
    };
    const { status, body } = await upload("bad.json", JSON.stringify(bad));
    expect(status).toBe(400);
    const errors = body.preview.rowErrors.map((e: { row: number; field: string; key: string; params?: Record<string, unknown> }) => `${e.row}:${e.field}:${e.key}`);
    expect(errors).toEqual(
      expect.arrayContaining(["2:id:postings.import.error.duplicateId", "3:programme:error.required", "3:deadline:error.required", "4:cluster:postings.import.error.cluster", "5:_row:postings.import.error.notObject", "6:id:error.required"]),
    );
    expect(await postingCount()).toBe(before);
  });

  it("malformed JSON and the wrong shape", async () => {
    expect((await upload("x.json", "{ postings: [")).body.preview.fileErrors[0].key).toBe("postings.import.error.json");
    expect((await upload("x.json", '{ "items": [] }')).body.preview.fileErrors[0].key).toBe("postings.import.error.jsonShape");
  });
});

describe("import by a cluster: its own postings only", () => {
  const MEMBER = "membre@ecotech-quebec.example";
  const line = (cluster: string, title: string, extra = "") => `${cluster},need,other,${title},Un besoin importé par la grappe.,montreal,2027-01-01,2027-12-31,,,,,,,${extra}`;

  it("a member imports their cluster's rows: they are its postings, with the member as contact", async () => {
    const before = await postingCount();
    const csv = [HEADER, line("ecotech-quebec", "Prêt d'un analyseur de gaz"), line("ecotech-quebec", "Partage d'un stand de salon")].join("\n");
    const { status, body } = await upload("ecotech.csv", csv, MEMBER);
    expect(status).toBe(200);
    expect(body.preview.sample.map((r: { cluster: string }) => r.cluster)).toEqual(["Écotech Québec", "Écotech Québec"]);
    const done = await confirm(body.preview.importId, MEMBER);
    expect(done.status).toBe(302);
    expect(await postingCount()).toBe(before + 2);
    const [p] = await getDb().select().from(postings).where(eq(postings.title, "Prêt d'un analyseur de gaz"));
    const member = await userByEmail(MEMBER);
    expect(p).toMatchObject({ clusterId: await clusterId("ecotech-quebec"), createdBy: member.id, contactUserId: member.id, status: "open" });
  });

  it("a row naming another cluster is an error for that row (1 error in 1 row), and nothing is written", async () => {
    const before = await postingCount();
    const batches = await batchCount();
    const csv = [HEADER, line("ecotech-quebec", "Ligne correcte A"), line("numana", "Ligne d'une autre grappe"), line("ecotech-quebec", "Ligne correcte B")].join("\n");
    const { status, body } = await upload("mixed.csv", csv, MEMBER);
    expect(status).toBe(400);
    expect(body.preview).toMatchObject({ rowCount: 3, errorCount: 1, errorRows: 1 });
    expect(body.preview.rowErrors).toEqual([{ row: 3, field: "cluster", key: "postings.import.error.otherCluster", params: { slug: "ecotech-quebec", value: "numana" } }]);
    expect(translator("fr")("postings.import.rowErrors", { count: 1, rows: 1 })).toMatch(/^1 erreur dans 1 ligne\./);
    expect(translator("fr")("postings.import.error.otherCluster", { slug: "ecotech-quebec", value: "numana" })).toContain("« numana »");
    expect(await postingCount()).toBe(before);
    expect(await batchCount()).toBe(batches);
  });

  it("counts errors and the rows they are in (3 errors in 1 row)", async () => {
    const csv = [HEADER, line("ecotech-quebec", "Bonne ligne"), "ecotech-quebec,need,spaceships,Mauvaise,…,atlantis,2027-05-01,2027-04-01,,,,,,,"].join("\n");
    const { body } = await upload("counts.csv", csv, MEMBER);
    expect(body.preview).toMatchObject({ rowCount: 2, errorCount: 3, errorRows: 1 });
  });

  it("the coordination imports for any cluster; the template a member downloads names their own cluster", async () => {
    const csv = [HEADER, line("numana", "Import de la coordination N"), line("mmode", "Import de la coordination M")].join("\n");
    const { status, body } = await upload("coord.csv", csv);
    expect(status).toBe(200);
    expect(body.preview.sample.map((r: { cluster: string }) => r.cluster)).toEqual(["Numana", "MMode"]);
    const template = await (await call(templateRoute.loader, "/postings/import-template.csv", { cookie: await cookieFor(MEMBER) })).text();
    const rows = parseCsv(template);
    if (!rows.ok) throw new Error("unparseable");
    expect(rows.records.slice(1).map((r) => r.cells[0])).toEqual(["ecotech-quebec", "ecotech-quebec"]);
    const { status: own } = await upload("template.csv", template, MEMBER);
    expect(own).toBe(200);
  });

  it("warns about rows that look like existing postings, rows repeated in the file, and a file already imported", async () => {
    const csv = [HEADER, line("ecotech-quebec", "Prêt d'un analyseur de gaz"), line("ecotech-quebec", "Atelier de réparation partagé"), line("ecotech-quebec", "Atelier de réparation partagé")].join("\n");
    const { status, body } = await upload("again.csv", csv, MEMBER);
    expect(status).toBe(200); // warnings do not block
    const kinds = body.preview.warnings.map((w: { kind: string; row?: number }) => `${w.kind}:${w.row ?? ""}`);
    expect(kinds).toEqual(["duplicate:2", "repeated:4"]);
    expect(body.preview.warnings[0]).toMatchObject({ title: "Prêt d'un analyseur de gaz", cluster: "Écotech Québec", status: "open" });
    // The very first file again (same bytes): already imported, by whom and when.
    const first = [HEADER, line("ecotech-quebec", "Prêt d'un analyseur de gaz"), line("ecotech-quebec", "Partage d'un stand de salon")].join("\n");
    const again = await upload("ecotech (copie).csv", first, MEMBER);
    expect(again.body.preview.warnings[0]).toMatchObject({ kind: "file_imported", by: (await userByEmail(MEMBER)).name, count: 2 });
    expect(again.body.preview.warnings.filter((w: { kind: string }) => w.kind === "duplicate")).toHaveLength(2);
  });

  it("JSON too: another cluster's item is that item's error", async () => {
    const json = { postings: [{ id: "a", cluster: "ecotech-quebec", kind: "need", category: "other", title: "A", description: "D" }, { id: "b", cluster: "aluquebec", kind: "need", category: "other", title: "B", description: "D" }] };
    const { status, body } = await upload("mixed.json", JSON.stringify(json), MEMBER);
    expect(status).toBe(400);
    expect(body.preview.rowErrors).toEqual([expect.objectContaining({ row: 2, field: "cluster", key: "postings.import.error.otherCluster" })]);
  });

  it("an open row whose period has ended is that row's error", async () => {
    const csv = [HEADER, "ecotech-quebec,need,other,Période passée,Un besoin ancien.,montreal,2025-01-01,2025-03-31,,,,,,,"].join("\n");
    const { status, body } = await upload("past.csv", csv, MEMBER);
    expect(status).toBe(400);
    expect(body.preview.rowErrors[0]).toMatchObject({ row: 2, field: "endDate", key: "postings.error.periodEnded" });
  });
});

describe("export", () => {
  it("the list as filtered, as CSV a spreadsheet opens: BOM, accents, formulas neutralised", async () => {
    const cookie = await cookieFor("membre@numana.example");
    await call(newRoute.action, "/postings/new", {
      cookie,
      form: { intent: "publish", kind: "offer", category: "other", title: "=HYPERLINK(\"http://evil.example\",\"Cliquez\")", description: "-2+3 @SUM(A1)", language: "fr" },
    });
    const res = await call(exportRoute.loader, "/postings/export.csv?kind=offer", { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="maillage-postings-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.clone().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = await res.text();
    const parsed = parseCsv(text);
    if (!parsed.ok) throw new Error("unparseable");
    expect(parsed.delimiter).toBe(";"); // French export for a French-speaking user
    const [header, ...rows] = parsed.records.map((r) => r.cells);
    expect(header.slice(0, 5)).toEqual(["Identifiant", "Grappe", "Type", "Catégorie", "Titre"]);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r[2] === "Offre")).toBe(true);
    const evil = rows.find((r) => r[4].includes("HYPERLINK"))!;
    expect(evil[4].startsWith("'=")).toBe(true);
    expect(evil[5]).toBe("'-2+3 @SUM(A1)");
    expect(text).toContain("Postes de travail disponibles au centre-ville de Montréal");
  });

  it("English users get commas and English labels", async () => {
    const res = await call(exportRoute.loader, "/postings/export.csv?category=training", { cookie: await cookieFor("membre@aero-montreal.example") });
    const parsed = parseCsv(await res.text());
    if (!parsed.ok) throw new Error("unparseable");
    expect(parsed.delimiter).toBe(",");
    expect(parsed.records[0].cells.slice(0, 4)).toEqual(["Identifier", "Cluster", "Type", "Category"]);
    expect(parsed.records.slice(1).every((r) => r.cells[3] === "Training")).toBe(true);
  });
});
