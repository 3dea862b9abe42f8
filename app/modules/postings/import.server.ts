/**
 * Bulk import of postings, from CSV (UTF-8, header row; see the template) or JSON in the shared
 * interchange format. The coordination imports for any cluster; a cluster's members and admins import
 * their own cluster's postings (a row naming another cluster is an error for that row). Two steps:
 *   1. preview: decode, parse, validate every row (row, field, message key); when — and only when —
 *      every row is valid, the normalised rows are kept as a pending `posting_imports` batch. The
 *      preview also warns (without refusing) about rows that look like existing postings or repeat
 *      another row, and about a file (same bytes) already imported;
 *   2. confirm: the batch's postings are inserted in one transaction, exactly once.
 * Nothing is written to `postings` unless every row is valid.
 */
import { createHash } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { arrayParam } from "@db/bulk";
import { getDb } from "@db/client.server";
import { clusters, postingImports, postings, auditLog, users } from "@db/schema";
import { can, isCoordination, type Actor } from "~/modules/auth/permissions";
import { conflictResult, notFoundResult, ok, type Result } from "~/modules/result";
import { enqueueRematch } from "~/modules/matching/store.server";
import { dictionaries } from "~/modules/i18n";
import { postingsOf } from "~/modules/interchange";
import { IMPORT_MAX_ROWS, REGIONS, type PostingStatus } from "./constants";
import { decodeUtf8, parseCsv, toCsv } from "./csv";
import { newPostingRow, snapshot } from "./postings.server";
import { foldForSearch } from "./search";
import { getExpiryMonths } from "./settings.server";
import { ALL_ATTRIBUTE_NAMES, todayInQuebec, validatePosting, type PostingInput } from "./validation";

import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS, TEMPLATE_COLUMNS } from "./import-columns";
import { isSafeJson, isSafeText, isUuid } from "~/modules/validation/input";
export { OPTIONAL_COLUMNS, REQUIRED_COLUMNS, TEMPLATE_COLUMNS };
const LIST_FIELDS = new Set(["tags", "sdAxes", "amenities"]);
const IMPORT_STATUSES: PostingStatus[] = ["open", "draft"];

export interface ImportMessage {
  key: string;
  params?: Record<string, string | number>;
}
export interface RowError extends ImportMessage {
  /** Spreadsheet line (CSV, header = 1) or position in the `postings` array (JSON, from 1). */
  row: number;
  field: string;
}

export interface PreviewRow {
  row: number;
  /** The cluster's name (its slug when the file names no known cluster). */
  cluster: string;
  kind: string;
  category: string;
  title: string;
}

/** Something to check before confirming, that does not make the file invalid. */
export type ImportWarning =
  | { kind: "file_imported"; at: string; by: string | null; count: number }
  | { kind: "duplicate"; row: number; title: string; cluster: string; status: PostingStatus; postingId: string }
  | { kind: "repeated"; row: number; title: string; first: number };

export interface ImportPreview {
  format: "csv" | "json";
  fileName: string;
  rowCount: number;
  fileErrors: ImportMessage[];
  rowErrors: RowError[];
  /** Total number of row errors (the list is capped). */
  errorCount: number;
  /** How many rows have at least one error. */
  errorRows: number;
  warnings: ImportWarning[];
  ignoredColumns: string[];
  sample: PreviewRow[];
  /** Set when every row is valid: the batch to confirm. */
  importId?: string;
}

const ROW_ERRORS_SHOWN = 500;
const normaliseHeader = (h: string) => h.trim().toLowerCase().replace(/[^a-z0-9]/g, "");

/** A stored, validated row of a batch. */
interface BatchRow {
  row: number;
  clusterId: string;
  status: "open" | "draft";
  input: PostingInput;
}

/** Region labels (FR/EN, folded) -> slug, so "Montérégie" or "Quebec City"… are not accepted blindly but labels are. */
const REGION_BY_LABEL = new Map<string, string>();
for (const r of REGIONS) {
  REGION_BY_LABEL.set(r, r);
  for (const dict of Object.values(dictionaries)) {
    const label = (dict as Record<string, string>)[`region.${r}`];
    if (label) REGION_BY_LABEL.set(foldForSearch(label), r);
  }
}

function emptyPreview(format: "csv" | "json", fileName: string): ImportPreview {
  return { format, fileName, rowCount: 0, fileErrors: [], rowErrors: [], errorCount: 0, errorRows: 0, warnings: [], ignoredColumns: [], sample: [] };
}

/** Raw records (one object per row, with its row number) from a CSV text. */
function recordsFromCsv(text: string, preview: ImportPreview): { row: number; data: Record<string, unknown> }[] | null {
  const parsed = parseCsv(text, { maxRecords: IMPORT_MAX_ROWS + 2 });
  if (!parsed.ok) {
    preview.fileErrors.push({ key: "postings.import.error.quote", params: { line: parsed.line } });
    return null;
  }
  const [header, ...records] = parsed.records;
  if (!header) {
    preview.fileErrors.push({ key: "postings.import.error.empty" });
    return null;
  }
  const known = new Map(TEMPLATE_COLUMNS.map((c) => [normaliseHeader(c), c]));
  const columns = header.cells.map((h) => known.get(normaliseHeader(h)) ?? null);
  preview.ignoredColumns = header.cells.filter((h, i) => !columns[i] && h.trim() !== "");
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) {
    preview.fileErrors.push({ key: "postings.import.error.missingColumns", params: { columns: missing.join(", "), count: missing.length } });
    return null;
  }
  const rows = records.filter((r) => r.cells.some((c) => c.trim() !== ""));
  if (rows.length > IMPORT_MAX_ROWS) {
    preview.fileErrors.push({ key: "postings.import.error.tooManyRows", params: { max: IMPORT_MAX_ROWS } });
    return null;
  }
  return rows.map((r) => {
    const data: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      if (c) data[c] = (r.cells[i] ?? "").trim();
    });
    return { row: r.line, data };
  });
}

function recordsFromJson(text: string, preview: ImportPreview): { row: number; data: Record<string, unknown> }[] | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    preview.fileErrors.push({ key: "postings.import.error.json" });
    return null;
  }
  const list = postingsOf(doc, { bareArray: true });
  if (!list) {
    preview.fileErrors.push({ key: "postings.import.error.jsonShape" });
    return null;
  }
  if (list.length === 0) {
    preview.fileErrors.push({ key: "postings.import.error.empty" });
    return null;
  }
  if (list.length > IMPORT_MAX_ROWS) {
    preview.fileErrors.push({ key: "postings.import.error.tooManyRows", params: { max: IMPORT_MAX_ROWS } });
    return null;
  }
  return list.map((item, i) => {
    if (!item || typeof item !== "object" || Array.isArray(item)) return { row: i + 1, data: { __notObject: true } };
    const o = item as Record<string, unknown>;
    const data: Record<string, unknown> = { ...o };
    // The format's only nested extension: category fields under "attributes" (optional).
    if (o.attributes && typeof o.attributes === "object") Object.assign(data, o.attributes);
    delete data.attributes;
    return { row: i + 1, data };
  });
}

/** Validate file bytes and, when every row is valid, store the batch to confirm. */
export async function previewImport(actor: Actor, file: { name: string; bytes: Uint8Array }, now = new Date()): Promise<ImportPreview> {
  const lower = file.name.toLowerCase();
  const decoded = decodeUtf8(file.bytes);
  const looksJson = lower.endsWith(".json") || (decoded.ok && /^\s*[[{]/.test(decoded.text));
  const format: "csv" | "json" = looksJson ? "json" : "csv";
  const preview = emptyPreview(format, isSafeText(file.name) ? file.name.slice(0, 200) : "");
  if (file.bytes.length === 0) {
    preview.fileErrors.push({ key: "postings.import.error.empty" });
    return preview;
  }
  if (!decoded.ok) {
    preview.fileErrors.push({ key: "postings.import.error.encoding" });
    return preview;
  }
  const records = format === "json" ? recordsFromJson(decoded.text, preview) : recordsFromCsv(decoded.text, preview);
  if (!records) return preview;
  if (records.length === 0) {
    preview.fileErrors.push({ key: "postings.import.error.empty" });
    return preview;
  }
  preview.rowCount = records.length;

  const db = getDb();
  const clusterRows = await db.select({ id: clusters.id, slug: clusters.slug, name: clusters.name }).from(clusters);
  const bySlug = new Map(clusterRows.map((c) => [c.slug, c]));
  const ownSlug = clusterRows.find((c) => c.id === actor.clusterId)?.slug ?? "";
  const today = todayInQuebec(now);
  const errors: RowError[] = [];
  const valid: BatchRow[] = [];
  const ids = new Map<string, number>();
  for (const { row, data } of records) {
    const rowErrors: RowError[] = [];
    const err = (field: string, key: string, params?: Record<string, string | number>) => rowErrors.push({ row, field, key, params });
    if (data.__notObject || !isSafeJson(data)) {
      err("_row", data.__notObject ? "postings.import.error.notObject" : "postings.import.error.unsafeText");
      errors.push(...rowErrors);
      continue;
    }
    // Identity and owner.
    const id = typeof data.id === "number" ? String(data.id) : data.id;
    if (id !== undefined && id !== "" && typeof id !== "string") err("id", "error.invalid");
    else if (typeof id === "string" && id.trim()) {
      const first = ids.get(id.trim());
      if (first !== undefined) err("id", "postings.import.error.duplicateId", { row: first });
      else ids.set(id.trim(), row);
    } else if (format === "json") err("id", "error.required");
    const slug = typeof data.cluster === "string" ? data.cluster.trim().toLowerCase() : "";
    const clusterId = bySlug.get(slug)?.id;
    if (!slug) err("cluster", "error.required");
    else if (!clusterId) err("cluster", "postings.import.error.cluster", { value: slug.slice(0, 60) });
    // A cluster's people import their own cluster's postings only.
    else if (!can(actor, "postings:import", { clusterId })) err("cluster", "postings.import.error.otherCluster", { slug: ownSlug, value: slug.slice(0, 60) });
    const status = typeof data.status === "string" && data.status.trim() ? data.status.trim().toLowerCase() : "open";
    if (!IMPORT_STATUSES.includes(status as PostingStatus)) err("status", "postings.import.error.status");
    // Region labels are accepted as well as slugs.
    if (typeof data.region === "string" && data.region.trim()) data.region = REGION_BY_LABEL.get(foldForSearch(data.region)) ?? data.region.trim();
    // Everything else: the posting rules (an open posting's period must not have ended).
    const raw: Record<string, unknown> = { attributes: {} };
    for (const [k, v] of Object.entries(data)) {
      if (["id", "cluster", "status", "__notObject"].includes(k)) continue;
      const value = typeof v === "string" && v.trim() === "" ? undefined : v;
      if (ALL_ATTRIBUTE_NAMES.includes(k)) (raw.attributes as Record<string, unknown>)[k] = value;
      else raw[k] = value;
    }
    for (const k of LIST_FIELDS) {
      const target = k === "amenities" ? (raw.attributes as Record<string, unknown>) : raw;
      if (typeof target[k] === "string") target[k] = (target[k] as string).split(/[,;|]/).map((s) => s.trim()).filter(Boolean);
    }
    const result = validatePosting(raw, "import", status === "open" ? { today } : {});
    if (!result.ok) for (const i of result.issues) err(i.field.replace(/^attributes\./, ""), i.key, i.params);
    if (rowErrors.length === 0 && result.ok && clusterId) valid.push({ row, clusterId, status: status as "open" | "draft", input: result.data });
    errors.push(...rowErrors);
  }
  preview.errorCount = errors.length;
  preview.errorRows = new Set(errors.map((e) => e.row)).size;
  preview.rowErrors = errors.slice(0, ROW_ERRORS_SHOWN);
  preview.sample = records.slice(0, 20).map(({ row, data }) => {
    const slug = String(data.cluster ?? "").trim().toLowerCase();
    return {
      row,
      cluster: bySlug.get(slug)?.name ?? String(data.cluster ?? ""),
      kind: String(data.kind ?? ""),
      category: String(data.category ?? ""),
      title: String(data.title ?? "").slice(0, 140),
    };
  });
  const fileHash = createHash("sha256").update(file.bytes).digest("hex");
  if (errors.length === 0) {
    preview.warnings = await importWarnings(fileHash, valid, new Map(clusterRows.map((c) => [c.id, c.name])));
    const [batch] = await db
      .insert(postingImports)
      .values({ createdBy: actor.id, format, fileName: preview.fileName, fileHash, rowCount: valid.length, rows: valid })
      .returning({ id: postingImports.id });
    preview.importId = batch.id;
  }
  return preview;
}

const WARNINGS_SHOWN = 50;

/**
 * What deserves a second look before confirming: the same file imported before (same bytes), rows
 * whose cluster already has a posting of that kind, category and title, rows repeating another row.
 */
async function importWarnings(fileHash: string, rows: BatchRow[], clusterNames: Map<string, string>): Promise<ImportWarning[]> {
  const db = getDb();
  const warnings: ImportWarning[] = [];
  const [previous] = await db
    .select({ at: postingImports.completedAt, by: users.name, count: postingImports.rowCount })
    .from(postingImports)
    .leftJoin(users, eq(users.id, postingImports.createdBy))
    .where(and(eq(postingImports.fileHash, fileHash), eq(postingImports.status, "done")))
    .orderBy(desc(postingImports.completedAt))
    .limit(1);
  if (previous?.at) warnings.push({ kind: "file_imported", at: previous.at.toISOString(), by: previous.by, count: previous.count });

  const key = (clusterId: string, r: PostingInput) => `${clusterId}|${r.kind}|${r.category}|${foldForSearch(r.title)}`;
  const seen = new Map<string, number>();
  for (const r of rows) {
    const k = key(r.clusterId, r.input);
    const first = seen.get(k);
    if (first !== undefined) warnings.push({ kind: "repeated", row: r.row, title: r.input.title, first });
    else seen.set(k, r.row);
  }
  const titles = [...new Set(rows.map((r) => r.input.title.toLowerCase()))];
  const existing = titles.length
    ? await db
        .select({ id: postings.id, clusterId: postings.clusterId, kind: postings.kind, category: postings.category, title: postings.title, status: postings.status })
        .from(postings)
        .where(and(inArray(postings.clusterId, [...new Set(rows.map((r) => r.clusterId))]), sql`lower(${postings.title}) = any(${arrayParam(titles, "text")})`))
    : [];
  const byKey = new Map(existing.map((p) => [`${p.clusterId}|${p.kind}|${p.category}|${foldForSearch(p.title)}`, p]));
  for (const r of rows) {
    const match = byKey.get(key(r.clusterId, r.input));
    if (match) warnings.push({ kind: "duplicate", row: r.row, title: r.input.title, cluster: clusterNames.get(r.clusterId) ?? "", status: match.status, postingId: match.id });
  }
  return warnings.sort((a, b) => (a.kind === "file_imported" ? -1 : b.kind === "file_imported" ? 1 : a.row - b.row)).slice(0, WARNINGS_SHOWN);
}

/** Insert a previewed batch: all its postings in one transaction, once. Returns how many. */
export async function confirmImport(actor: Actor, importId: string, now = new Date()): Promise<Result<number>> {
  if (!isUuid(importId)) return notFoundResult({ key: "postings.import.expiredBatch" });
  return getDb().transaction(async (tx) => {
    const [batch] = await tx
      .select()
      .from(postingImports)
      .where(and(eq(postingImports.id, importId), eq(postingImports.createdBy, actor.id)))
      .for("update");
    if (!batch) return notFoundResult({ key: "postings.import.expiredBatch" });
    if (batch.status !== "pending") return conflictResult("postings.import.alreadyDone");
    const names = new Map((await tx.select({ id: clusters.id, name: clusters.name }).from(clusters)).map((c) => [c.id, c.name]));
    const expiryMonths = await getExpiryMonths(tx);
    const rows = (batch.rows as BatchRow[]).map((r) =>
      newPostingRow(r.input, {
        clusterId: r.clusterId,
        clusterName: names.get(r.clusterId) ?? "",
        createdBy: actor.id,
        // A cluster's own import names its importer as the contact; the coordination's leaves the cluster's.
        contactUserId: !isCoordination(actor) && r.clusterId === actor.clusterId ? actor.id : null,
        status: r.status,
        now,
        expiryMonths,
      }),
    );
    let count = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const inserted = await tx.insert(postings).values(rows.slice(i, i + 500)).returning();
      await tx.insert(auditLog).values(
        inserted.map((p) => ({ actorId: actor.id, action: "posting.create", entity: "posting", entityId: p.id, after: { ...snapshot(p), importId }, at: now })),
      );
      count += inserted.length;
      await enqueueRematch(tx, inserted.filter((p) => p.status === "open").map((p) => p.id), "posting.import");
    }
    await tx.update(postingImports).set({ status: "done", completedAt: now, rows: [] }).where(eq(postingImports.id, importId));
    await tx.insert(auditLog).values({ actorId: actor.id, action: "import.commit", entity: "posting_import", entityId: importId, after: { count, format: batch.format, fileName: batch.fileName }, at: now });
    return ok(count);
  });
}

export async function cancelImport(actor: Actor, importId: string): Promise<void> {
  if (!isUuid(importId)) return;
  await getDb()
    .update(postingImports)
    .set({ status: "cancelled", completedAt: new Date(), rows: [] })
    .where(and(eq(postingImports.id, importId), eq(postingImports.createdBy, actor.id), eq(postingImports.status, "pending")));
}

/**
 * The CSV template: the header and two example rows (one need, one offer). A cluster person's
 * template names their own cluster in both rows (the only one they may import).
 */
export function importTemplateCsv(ownSlug?: string): string {
  const example: Record<string, string>[] = [
    {
      cluster: ownSlug ?? "numana", kind: "need", category: "it_support", title: "Soutien informatique partagé pour 3 grappes",
      description: "Nous cherchons un service d'assistance (helpdesk) pour une vingtaine de postes, en français.", tags: "helpdesk, TI",
      language: "fr", region: "montreal", startDate: "2027-01-01", endDate: "2027-12-31", quantity: "20", unit: "seats", budgetMax: "45",
      budgetBasis: "per_seat", visibility: "network", status: "open", sdAxes: "governance", service: "helpdesk",
    },
    {
      cluster: ownSlug ?? "aero-montreal", kind: "offer", category: "office_space", title: "Four desks available near Berri-UQAM",
      description: "Furnished desks in our Montréal office, meeting room included. $400 per desk per month.", tags: "desks, coworking",
      language: "en", region: "montreal", startDate: "2027-02-01", endDate: "2027-08-31", quantity: "4", unit: "desks", budgetMax: "400",
      budgetBasis: "per_desk_month", visibility: "network", status: "open", amenities: "meeting_room, furnished, internet",
    },
  ];
  return toCsv(TEMPLATE_COLUMNS, example.map((e) => TEMPLATE_COLUMNS.map((c) => e[c] ?? "")));
}
