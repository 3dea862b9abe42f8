/**
 * Bulk import of postings by the coordination, from CSV (UTF-8, header row; see the template) or
 * JSON in the shared interchange format. Two steps:
 *   1. preview: decode, parse, validate every row (row, field, message key); when — and only when —
 *      every row is valid, the normalised rows are kept as a pending `posting_imports` batch;
 *   2. confirm: the batch's postings are inserted in one transaction, exactly once.
 * Nothing is written to `postings` unless every row is valid.
 */
import { and, eq } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { clusters, postingImports, postings, auditLog } from "@db/schema";
import type { Actor } from "~/modules/auth/permissions";
import { enqueueRematch } from "~/modules/matching/store.server";
import { dictionaries } from "~/modules/i18n";
import { IMPORT_MAX_ROWS, REGIONS, type PostingStatus } from "./constants";
import { decodeUtf8, parseCsv, toCsv } from "./csv";
import { newPostingRow, snapshot, isUuid } from "./postings.server";
import { foldForSearch } from "./search";
import { getExpiryMonths } from "./settings.server";
import { ALL_ATTRIBUTE_NAMES, validatePosting, type PostingInput } from "./validation";

import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS, TEMPLATE_COLUMNS } from "./import-columns";
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
  cluster: string;
  kind: string;
  category: string;
  title: string;
}

export interface ImportPreview {
  format: "csv" | "json";
  fileName: string;
  rowCount: number;
  fileErrors: ImportMessage[];
  rowErrors: RowError[];
  /** Total number of row errors (the list is capped). */
  errorCount: number;
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
  return { format, fileName, rowCount: 0, fileErrors: [], rowErrors: [], errorCount: 0, ignoredColumns: [], sample: [] };
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
  const list = Array.isArray(doc) ? doc : doc && typeof doc === "object" && Array.isArray((doc as { postings?: unknown }).postings) ? (doc as { postings: unknown[] }).postings : null;
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
export async function previewImport(actor: Actor, file: { name: string; bytes: Uint8Array }): Promise<ImportPreview> {
  const lower = file.name.toLowerCase();
  const decoded = decodeUtf8(file.bytes);
  const looksJson = lower.endsWith(".json") || (decoded.ok && /^\s*[[{]/.test(decoded.text));
  const format: "csv" | "json" = looksJson ? "json" : "csv";
  const preview = emptyPreview(format, file.name.slice(0, 200));
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
  const clusterIds = new Map((await db.select({ id: clusters.id, slug: clusters.slug }).from(clusters)).map((c) => [c.slug, c.id]));
  const errors: RowError[] = [];
  const valid: BatchRow[] = [];
  const ids = new Map<string, number>();
  for (const { row, data } of records) {
    const rowErrors: RowError[] = [];
    const err = (field: string, key: string, params?: Record<string, string | number>) => rowErrors.push({ row, field, key, params });
    if (data.__notObject) {
      err("_row", "postings.import.error.notObject");
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
    const clusterId = clusterIds.get(slug);
    if (!slug) err("cluster", "error.required");
    else if (!clusterId) err("cluster", "postings.import.error.cluster", { value: slug.slice(0, 60) });
    const status = typeof data.status === "string" && data.status.trim() ? data.status.trim().toLowerCase() : "open";
    if (!IMPORT_STATUSES.includes(status as PostingStatus)) err("status", "postings.import.error.status");
    // Region labels are accepted as well as slugs.
    if (typeof data.region === "string" && data.region.trim()) data.region = REGION_BY_LABEL.get(foldForSearch(data.region)) ?? data.region.trim();
    // Everything else: the posting rules.
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
    const result = validatePosting(raw, "import");
    if (!result.ok) for (const i of result.issues) err(i.field.replace(/^attributes\./, ""), i.key, i.params);
    if (rowErrors.length === 0 && result.ok && clusterId) valid.push({ row, clusterId, status: status as "open" | "draft", input: result.data });
    errors.push(...rowErrors);
  }
  preview.errorCount = errors.length;
  preview.rowErrors = errors.slice(0, ROW_ERRORS_SHOWN);
  preview.sample = records.slice(0, 20).map(({ row, data }) => ({
    row,
    cluster: String(data.cluster ?? ""),
    kind: String(data.kind ?? ""),
    category: String(data.category ?? ""),
    title: String(data.title ?? "").slice(0, 140),
  }));
  if (errors.length === 0) {
    const [batch] = await db
      .insert(postingImports)
      .values({ createdBy: actor.id, format, fileName: preview.fileName, rowCount: valid.length, rows: valid })
      .returning({ id: postingImports.id });
    preview.importId = batch.id;
  }
  return preview;
}

export type ConfirmResult = { ok: true; count: number } | { ok: false; reason: "not_found" | "done" };

/** Insert a previewed batch: all its postings in one transaction, once. */
export async function confirmImport(actor: Actor, importId: string, now = new Date()): Promise<ConfirmResult> {
  if (!isUuid(importId)) return { ok: false, reason: "not_found" };
  return getDb().transaction(async (tx) => {
    const [batch] = await tx
      .select()
      .from(postingImports)
      .where(and(eq(postingImports.id, importId), eq(postingImports.createdBy, actor.id)))
      .for("update");
    if (!batch) return { ok: false, reason: "not_found" };
    if (batch.status !== "pending") return { ok: false, reason: "done" };
    const names = new Map((await tx.select({ id: clusters.id, name: clusters.name }).from(clusters)).map((c) => [c.id, c.name]));
    const expiryMonths = await getExpiryMonths(tx);
    const rows = (batch.rows as BatchRow[]).map((r) =>
      newPostingRow(r.input, { clusterId: r.clusterId, clusterName: names.get(r.clusterId) ?? "", createdBy: actor.id, contactUserId: null, status: r.status, now, expiryMonths }),
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
    return { ok: true, count };
  });
}

export async function cancelImport(actor: Actor, importId: string): Promise<void> {
  if (!isUuid(importId)) return;
  await getDb()
    .update(postingImports)
    .set({ status: "cancelled", completedAt: new Date(), rows: [] })
    .where(and(eq(postingImports.id, importId), eq(postingImports.createdBy, actor.id), eq(postingImports.status, "pending")));
}

/** The CSV template: the header and two example rows (one need, one offer). */
export function importTemplateCsv(): string {
  const example: Record<string, string>[] = [
    {
      cluster: "numana", kind: "need", category: "it_support", title: "Soutien informatique partagé pour 3 grappes",
      description: "Nous cherchons un service d'assistance (helpdesk) pour une vingtaine de postes, en français.", tags: "helpdesk, TI",
      language: "fr", region: "montreal", startDate: "2027-01-01", endDate: "2027-12-31", quantity: "20", unit: "seats", budgetMax: "45",
      visibility: "network", status: "open", sdAxes: "governance", service: "helpdesk",
    },
    {
      cluster: "aero-montreal", kind: "offer", category: "office_space", title: "Four desks available near Berri-UQAM",
      description: "Furnished desks in our Montréal office, meeting room included. $400 per desk per month.", tags: "desks, coworking",
      language: "en", region: "montreal", startDate: "2027-02-01", endDate: "2027-08-31", quantity: "4", unit: "desks", budgetMax: "400",
      visibility: "network", status: "open", amenities: "meeting_room, furnished, internet",
    },
  ];
  return toCsv(TEMPLATE_COLUMNS, example.map((e) => TEMPLATE_COLUMNS.map((c) => e[c] ?? "")));
}
