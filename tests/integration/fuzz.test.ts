/**
 * Zero 5xx for any input (issue 11, section 4; decision record 115). Every route module in app/routes,
 * enumerated from the filesystem, is called through its real loader and action, as each role
 * (anonymous, member, cluster admin, coordinator, admin, funder), with generated malformed inputs:
 * missing, empty, huge (100 kB), NUL, invalid UTF-8, lone surrogates, wrong types, impossible dates,
 * out-of-range numbers, duplicated fields, unknown intents, garbage ids in the path and the query.
 * Every answer must be below 500, a form's 4xx must carry a message, and nothing may be written
 * (a checksum of every table's rows, sessions aside, is compared around each group of cases and,
 * when it moved, around each case of the group to name the culprit).
 *
 * Field names come from the route's own source (the `name="…"` of its forms, `form.get("…")`, its
 * query reads, its intents), so a new field or route is fuzzed without editing this file; the few
 * base forms below make the malformed value the only defect, so it reaches the module and the database.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getDb, rowsOf } from "@db/client.server";
import { ORIGIN, cookieFor, officeNeedForm, seed } from "../helpers";

const ROUTES_DIR = path.resolve(__dirname, "../../app/routes");
const ROLES = {
  anonymous: null,
  member: "membre@numana.example",
  clusterAdmin: "admin@numana.example",
  coordinator: "coordination@maillage.example",
  admin: "admin@maillage.example",
  funder: "bailleur@meie.example",
} as const;
type Role = keyof typeof ROLES;

// ------------------------------------------------------------------ routes from the filesystem

type RouteFn = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;
interface RouteModule {
  loader?: RouteFn;
  action?: RouteFn;
}

/** The URL pattern of a flat-routes file name (Remix v2): `clusters.$slug_.edit` → `/clusters/:slug/edit`. */
export function routePattern(file: string): { segments: string[]; params: string[] } {
  const base = file.replace(/\.(tsx|ts)$/, "");
  const segments: string[] = [];
  let cur = "";
  let bracket = false;
  for (const ch of base) {
    if (ch === "[") bracket = true;
    else if (ch === "]") bracket = false;
    else if (ch === "." && !bracket) {
      segments.push(cur);
      cur = "";
    } else cur += ch;
  }
  segments.push(cur);
  const out = segments.filter((s) => s !== "_index").map((s) => s.replace(/_$/, ""));
  return { segments: out, params: out.filter((s) => s.startsWith("$")).map((s) => (s === "$" ? "*" : s.slice(1))) };
}

function pathFor(file: string, params: Record<string, string>): string {
  const { segments } = routePattern(file);
  return "/" + segments.map((s) => (s.startsWith("$") ? encodeURIComponent(params[s === "$" ? "*" : s.slice(1)] ?? "") : s)).join("/");
}

/** Names the route reads: its forms' fields, `get("…")`/`getAll("…")`, zod object keys of its schemas. */
function namesIn(source: string): { fields: string[]; query: string[]; intents: string[] } {
  const fields = new Set<string>();
  const query = new Set<string>();
  for (const m of source.matchAll(/\bname="([\w.[\]-]+)"/g)) fields.add(m[1]);
  for (const m of source.matchAll(/\bname=\{`([\w.-]+)\$\{/g)) fields.add(m[1]);
  for (const m of source.matchAll(/form\.(?:get|getAll|has)\("([\w.[\]-]+)"\)/g)) fields.add(m[1]);
  for (const m of source.matchAll(/(?:query|params|q|searchParams)\.(?:get|getAll|has)\("([\w.[\]-]+)"\)/g)) query.add(m[1]);
  const intents = new Set<string>();
  for (const m of source.matchAll(/intent(?:"\))? === "(\w+)"|z\.literal\("(\w+)"\)|value="(\w+)"[^>]*name="intent"|name="intent"[^>]*value="(\w+)"/g)) intents.add(m[1] ?? m[2] ?? m[3] ?? m[4]);
  for (const m of source.matchAll(/intent: z\.enum\(\[([^\]]+)\]\)/g)) for (const v of m[1].matchAll(/"(\w+)"/g)) intents.add(v[1]);
  return { fields: [...fields], query: [...query], intents: [...intents] };
}

// ------------------------------------------------------------------ malformed values

const HUGE = "x".repeat(100_000);
/** Raw (already percent-encoded) malformed text: sent as bytes, not re-encoded. */
const RAW = {
  nul: "a%00b",
  invalidUtf8: "%FF%FEab%C3",
  loneSurrogate: "%ED%A0%80x", // U+D800 written as CESU-8: invalid UTF-8, decodes to U+FFFD
  replacement: "%EF%BF%BD", // a literal U+FFFD, what a lost encoding leaves
  huge: HUGE,
} as const;
const enc = (s: string) => encodeURIComponent(s);
const BAD_DATES = ["2026-02-30", "2026-02-31", "0000-01-01", "99999-01-01", "2026-13-01", "2026-1-1"];
const BAD_NUMBERS = ["99999999999999999999999", "1e308", "-1e308", "NaN", "abc", "0x10", "Infinity"];
const BAD_IDS = ["99999999999999999999999", "not-a-uuid", "00000000-0000-0000-0000-00000000000g", "-1", "1e308", "%00"];
const BAD_PARAMS = ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "%00", "a%00b", "%ED%A0%80", HUGE.slice(0, 2000), "99999999999999999999999", "..%2F..%2Fetc"];

type FieldKind = "date" | "number" | "id" | "choice" | "text";
function kindOf(name: string): FieldKind {
  const n = name.replace(/\[\]$/, "");
  if (/(^|\.)(from|to|until)$|date$|Date$|deadline$|On$/.test(n)) return "date";
  if (/(^id|Id|ids)$/.test(n) || n === "target" || n === "importId" || n === "reassignTo") return "id";
  if (/quantity|budget|amount|count|Months|Days|days|version|minPartners|page|max|min/i.test(n)) return "number";
  if (/^(intent|kind|category|status|role|locale|language|region|visibility|unit|budgetBasis|stage|view|sort|preset|type|source|age|then|decision|outcome|reason|mode)$/.test(n)) return "choice";
  return "text";
}

/** Malformed values for a field of this kind that no schema may accept (raw, percent-encoded). */
function badValuesFor(kind: FieldKind, i: number): string[] {
  const boundary = [RAW.nul, RAW.invalidUtf8, RAW.loneSurrogate, RAW.replacement, RAW.huge];
  const rotate = (list: readonly string[], n: number) => list.filter((_, j) => (j + i) % list.length < n);
  switch (kind) {
    case "date":
      return [...BAD_DATES.map(enc), RAW.nul];
    case "number":
      return [...BAD_NUMBERS.map(enc), RAW.nul];
    case "id":
      return [...BAD_IDS.map((v) => (v.includes("%") ? v : enc(v))), RAW.invalidUtf8];
    case "choice":
      return [enc("__bogus__"), enc("[object Object]"), ...rotate(boundary, 1)];
    case "text":
      return rotate(boundary, 2);
  }
}

// ------------------------------------------------------------------ requests

type Pairs = [string, string][]; // raw (percent-encoded) name/value pairs
const encodePairs = (o: Record<string, string | string[]>): Pairs => Object.entries(o).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [enc(k), enc(x)]));
const bodyOf = (pairs: Pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&");

interface Case {
  label: string;
  method: "GET" | "POST";
  path: string;
  params: Record<string, string>;
  query?: string;
  body?: string | BodyInit;
  contentType?: string;
  isForm?: boolean;
}

async function run(mod: RouteModule, c: Case, cookie: string | null): Promise<Response> {
  const headers = new Headers({ Origin: ORIGIN });
  if (cookie) headers.set("Cookie", cookie);
  if (c.body !== undefined) headers.set("Content-Type", c.contentType ?? "application/x-www-form-urlencoded");
  let url: string;
  try {
    url = `${ORIGIN}${c.path}${c.query ? `?${c.query}` : ""}`;
    new URL(url);
  } catch {
    url = `${ORIGIN}/`;
  }
  const request = new Request(url, { method: c.method, headers, body: c.method === "POST" ? (c.body ?? "") : undefined });
  const fn = c.method === "GET" ? mod.loader! : mod.action!;
  // Route params arrive decoded, as Remix gives them.
  const params = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, safeDecode(v)]));
  try {
    const res = await fn({ request, params, context: { clientIp: "203.0.113.77", cspNonce: "" } });
    return res instanceof Response ? res : Response.json(res ?? null);
  } catch (e) {
    if (e instanceof Response) return e;
    return new Response(`threw: ${e instanceof Error ? `${e.message}\n${e.stack?.split("\n").slice(1, 4).join("\n")}` : String(e)}`, { status: 599 });
  }
}
function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** A 4xx answer of a form carries something to show: errors, an error or a message key. */
async function hasMessage(res: Response): Promise<boolean> {
  if (!(res.headers.get("Content-Type") ?? "").includes("json")) return true; // thrown 4xx: the error page explains
  const body = await res.clone().json().catch(() => null);
  if (!body || typeof body !== "object") return false;
  return ["errors", "error", "message", "fileErrors", "preview"].some((k) => (body as Record<string, unknown>)[k]);
}

// ------------------------------------------------------------------ nothing written

let tables: string[] = [];
async function checksum(): Promise<string> {
  const parts = tables.map((t) => `select '${t}' as t, count(*)::text as n, coalesce(sum(hashtext(x::text)::bigint), 0)::text as h from "${t}" x`);
  const rows = rowsOf<{ t: string; n: string; h: string }>(await getDb().execute(sql.raw(parts.join(" union all "))));
  return rows.map((r) => `${r.t}:${r.n}:${r.h}`).join("|");
}
function diff(a: string, b: string): string {
  const x = new Set(a.split("|"));
  return b.split("|").filter((p) => !x.has(p)).map((p) => p.split(":")[0]).join(", ");
}

// ------------------------------------------------------------------ fixtures and per-route knowledge

interface Fixtures {
  posting: string;
  match: string;
  introduction: string;
  application: string;
  funder: string;
  programme: string;
  memberId: string;
  cluster: string;
  cluster2: string;
}
let fx: Fixtures;

/** Valid path params, so the action gets as far as reading its form. */
function validParams(file: string): Record<string, string> {
  const p: Record<string, string> = {};
  for (const name of routePattern(file).params) {
    if (name === "slug") p.slug = "numana";
    else if (name === "token") p.token = "no-such-token";
    else if (name === "dataset") p.dataset = "postings-by-category";
    else if (name === "*") p["*"] = "no/such/page";
    else if (file.startsWith("postings.")) p.id = fx.posting;
    else if (file.startsWith("coordination.matches")) p.id = fx.match;
    else if (file.startsWith("introductions")) p.id = fx.introduction;
    else if (file.startsWith("funding.applications") || file.startsWith("pipeline.applications")) p.id = fx.application;
    else if (file.startsWith("funding.funders")) p.id = fx.funder;
    else if (file.startsWith("funding.programmes")) p.id = fx.programme;
    else p[name] = "00000000-0000-0000-0000-000000000000";
  }
  return p;
}

/**
 * Base forms that are valid but for the one field a case spoils, for the actions the probe found
 * failing: NUL reaching the database through an otherwise good form, huge ids, a bad contact.
 */
function baseForms(file: string): Record<string, string | string[]>[] {
  switch (file) {
    case "account.tsx":
      return [{ intent: "profile", name: "Hugo Bélanger", locale: "fr" }];
    case "clusters.$slug_.edit.tsx":
      return [{ name: "Numana", description: "Grappe des technologies numériques.", website: "https://numana.tech", email: "info@numana.example", phone: "514 555-0100", region: "montreal" }];
    case "clusters.$slug_.team.tsx":
      return [
        { intent: "invite", email: "new-person@numana.example", role: "member", locale: "fr" },
        { intent: "deactivate", userId: fx.memberId, reassignTo: "not-a-uuid" },
      ];
    case "postings.new.tsx":
    case "postings.similar.tsx":
      return [officeNeedForm(), officeNeedForm({ intent: "draft" })];
    case "postings.$id.edit.tsx":
      return [officeNeedForm({ intent: "save", version: "1", contactUserId: fx.memberId })];
    case "notifications.tsx":
      return [{ intent: "read", id: "1" }];
    case "coordination.outbox.tsx":
      return [{ intent: "retry", id: "1" }];
    case "settings.tsx":
      return [{ expiryMonths: "6" }];
    case "funding.programmes._index.tsx":
      return [{ intent: "createFunder", nameFr: "Fonds d'essai", nameEn: "Test fund", website: "https://example.org" }];
    case "funding.funders.$id.tsx":
      return [{ nameFr: "Fonds d'essai", nameEn: "Test fund", website: "https://example.org" }];
    case "funding.new.tsx":
      return [{ title: "Demande conjointe d'essai", summary: "Un résumé.", programmeText: "Programme d'essai", leadClusterId: fx.cluster, "clusterIds[]": [fx.cluster, fx.cluster2], deadline: "2027-06-01" }];
    case "funding.applications.$id.tsx":
      return [
        { intent: "comment", body: "Un commentaire." },
        { intent: "addDocument", label: "Budget", url: "https://example.org/budget.pdf" },
        { intent: "update", title: "Titre", version: "1" },
      ];
    case "coordination.matches.$id.tsx":
      return [
        { intent: "reject", reason: "duplicate", note: "Une raison.", version: "1" },
        { intent: "defer", until: "2027-01-01", note: "Plus tard.", version: "1" },
      ];
    case "coordination.matches.new.tsx":
      return [{ ids: [fx.posting, fx.posting], note: "Une note." }];
    case "login.tsx":
      return [{ email: "membre@numana.example", password: "not the password 1234", redirectTo: "/postings" }];
    case "locale.tsx":
      return [{ locale: "fr", redirectTo: "/postings" }];
    default:
      return [];
  }
}

/** Routes that cannot keep the no-write rule for a reason unrelated to input, and what they may do. */
const ROLES_FOR: Partial<Record<string, Role[]>> = {
  // Signing out ends the caller's session whatever it sends (that is its only job): anonymous only,
  // so the other roles' sessions survive the run.
  "logout.tsx": ["anonymous"],
};

// ------------------------------------------------------------------ the run

const files = fs.readdirSync(ROUTES_DIR).filter((f) => /\.(tsx|ts)$/.test(f)).sort();
const failures: string[] = [];
let caseCount = 0;

beforeAll(async () => {
  await seed();
  const db = getDb();
  const one = async (q: ReturnType<typeof sql>) => (rowsOf<{ id: string }>(await db.execute(q))[0]?.id ?? "00000000-0000-0000-0000-000000000000");
  fx = {
    posting: await one(sql`select p.id from postings p join users u on u.id = p.created_by where u.email = 'membre@numana.example' order by p.created_at limit 1`),
    match: await one(sql`select id from matches order by created_at limit 1`),
    introduction: await one(sql`select id from matches where status in ('introduced', 'in_progress', 'concluded') order by created_at limit 1`),
    application: await one(sql`select id from joint_applications order by created_at limit 1`),
    funder: await one(sql`select id from funders order by id limit 1`),
    programme: await one(sql`select id from programmes order by id limit 1`),
    memberId: await one(sql`select id from users where email = 'membre@numana.example'`),
    cluster: await one(sql`select id from clusters where slug = 'numana'`),
    cluster2: await one(sql`select id from clusters where slug = 'aero-montreal'`),
  };
  const t = rowsOf<{ table_name: string }>(await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`));
  // Sessions are the roles' own sign-ins (created for this test, renewed on use); everything else must hold still.
  tables = t.map((r) => r.table_name).filter((n) => n !== "sessions" && !n.startsWith("__drizzle"));
});

describe("every route answers malformed input below 500 and writes nothing", () => {
  test("all route files are enumerated and each has a loader or an action", async () => {
    expect(files.length).toBeGreaterThan(40);
    for (const f of files) {
      const mod = (await import(path.join(ROUTES_DIR, f))) as RouteModule;
      expect(mod.loader || mod.action, `${f} has neither loader nor action: add it to the fuzz test's knowledge`).toBeTruthy();
    }
  });

  for (const file of files) {
    test(`${file}`, async () => {
      const mod = (await import(path.join(ROUTES_DIR, file))) as RouteModule;
      const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
      const names = namesIn(source);
      const paramNames = routePattern(file).params;
      const roles = ROLES_FOR[file] ?? (Object.keys(ROLES) as Role[]);
      const loaderCases: Case[] = [];
      const valid = validParams(file);
      const here = pathFor(file, valid);

      // Loader: garbage path params, garbage query values for every name it reads, duplicated names.
      if (mod.loader) {
        for (const p of paramNames) for (const bad of BAD_PARAMS) loaderCases.push({ label: `GET param ${p}=${bad.slice(0, 30)}`, method: "GET", path: pathFor(file, { ...valid, [p]: bad }), params: { ...valid, [p]: bad } });
        const query = [...new Set([...names.query, "q", "page", "from", "to", "status", "category"])];
        query.forEach((q, i) => {
          for (const bad of badValuesFor(kindOf(q), i)) loaderCases.push({ label: `GET ?${q}=${bad.slice(0, 30)}`, method: "GET", path: here, params: valid, query: `${enc(q)}=${bad}` });
        });
        loaderCases.push({ label: "GET page=1e308", method: "GET", path: here, params: valid, query: "page=1e308" });
        loaderCases.push({ label: "GET duplicated", method: "GET", path: here, params: valid, query: query.map((q) => `${enc(q)}=a&${enc(q)}=${RAW.nul}`).join("&") });
        loaderCases.push({ label: "GET NUL name", method: "GET", path: here, params: valid, query: `a%00b=1` });
      }

      // Action: base forms (valid but for the spoiled field) and an intent-only form per intent.
      // A base that is a complete request by itself (running it untouched writes) has only its own
      // fields spoiled: other names are extra fields the action rightly ignores.
      const actionCases = (complete: Set<number>): Case[] => {
        const out: Case[] = [];
        if (!mod.action) return out;
        const post = (label: string, body: string | BodyInit, contentType?: string): Case => ({ label, method: "POST", path: here, params: valid, body, contentType, isForm: true });
        bases.forEach((base, bi) => {
          const pairs = encodePairs(base);
          const own = explicit.includes(base) || complete.has(bi);
          const fields = [...new Set([...Object.keys(base), ...(own ? [] : names.fields)])].filter((f) => f !== "intent" || !base.intent);
          fields.forEach((field, fi) => {
            const kind = field === "intent" ? "choice" : kindOf(field);
            for (const bad of badValuesFor(kind, fi + bi)) {
              const others = pairs.filter(([k]) => k !== enc(field));
              out.push(post(`POST ${base.intent ?? ""} ${field}=${bad.slice(0, 30)}`, bodyOf([...others, [enc(field), bad]])));
            }
          });
          // Duplicated fields: every field twice, the second copy spoiled.
          out.push(post(`POST ${base.intent ?? ""} duplicated`, bodyOf([...pairs, ...pairs.map(([k]): [string, string] => [k, RAW.nul])])));
          // A field name that is itself malformed.
          out.push(post(`POST ${base.intent ?? ""} NUL name`, bodyOf([...pairs, ["x%00y", "1"]])));
        });
        out.push(post("POST unknown intent", bodyOf([["intent", "__bogus__"]])));
        out.push(post("POST intent NUL", bodyOf([["intent", RAW.nul]])));
        out.push(post("POST huge intent", bodyOf([["intent", HUGE]])));
        out.push(post("POST wrong type (JSON body)", '{"intent":"x"}', "application/json"));
        out.push(post("POST broken multipart", "--nope\r\n", "multipart/form-data"));
        out.push(post("POST garbage bytes", "%%%\u0000=%", "application/x-www-form-urlencoded"));
        for (const p of paramNames) for (const bad of BAD_PARAMS.slice(0, 4)) out.push({ ...post(`POST param ${p}=${bad}`, bodyOf(encodePairs(bases[0]))), path: pathFor(file, { ...valid, [p]: bad }), params: { ...valid, [p]: bad } });
        return out;
      };
      const explicit = mod.action ? baseForms(file) : [];
      const bases: Record<string, string | string[]>[] = [...explicit];
      for (const intent of names.intents) if (!bases.some((b) => b.intent === intent)) bases.push({ intent });
      if (!bases.length) bases.push({});

      for (const role of roles) {
        const email = ROLES[role];
        const cookie = email ? await cookieFor(email) : null;
        const complete = new Set<number>();
        if (mod.action)
          for (const [bi, base] of bases.entries()) {
            if (explicit.includes(base)) continue;
            const start = await checksum();
            await run(mod, { label: "pristine", method: "POST", path: here, params: valid, body: bodyOf(encodePairs(base)) }, cookie);
            if ((await checksum()) !== start) complete.add(bi);
          }
        const cases = [...loaderCases, ...actionCases(complete)];
        const before = await checksum();
        const statuses: number[] = [];
        for (const c of cases) {
          const res = await run(mod, c, cookie);
          statuses.push(res.status);
          if (res.status >= 500) failures.push(`${file} [${role}] ${c.label} → ${res.status} ${(await res.text()).slice(0, 300)}`);
          else if (c.isForm && res.status >= 400 && !(await hasMessage(res))) failures.push(`${file} [${role}] ${c.label} → ${res.status} without a message`);
        }
        caseCount += cases.length;
        const after = await checksum();
        if (after !== before) {
          // Find which case wrote: run the group again, one checksum per case.
          let prev = after;
          for (const c of cases) {
            await run(mod, c, cookie);
            const now = await checksum();
            if (now !== prev) failures.push(`${file} [${role}] ${c.label} wrote to ${diff(prev, now)}`);
            prev = now;
          }
          if (prev === after) failures.push(`${file} [${role}] wrote to ${diff(before, after)} (not reproduced case by case)`);
        }
      }
      expect(failures.filter((f) => f.startsWith(`${file} `))).toEqual([]);
    }, 120_000);
  }

  afterAll(() => {
    console.log(`fuzz: ${caseCount} malformed requests over ${files.length} route modules × up to ${Object.keys(ROLES).length} roles; ${failures.length} failures`);
  });
});
