/**
 * Load benchmark of the pages people load (not a test: it prints figures and asserts nothing).
 *
 *   npx tsx tests/bench/load.ts
 *
 * 1. creates the scratch database `maillage_bench_load` next to BENCH_DATABASE_URL (default
 *    postgres://postgres@127.0.0.1:5432/test), migrates it, seeds the demo data, then
 *    BENCH_POSTINGS (default 10 000) synthetic postings (tests/bench/generate.ts), runs the full
 *    matching batch, and turns part of the matches into decisions, introductions and outcomes, plus
 *    joint applications through every stage;
 * 2. starts the built app as `npm start` does (`tsx scripts/start.ts`, NODE_ENV=production, one
 *    process per core unless WEB_CONCURRENCY says otherwise) on BENCH_PORT (default 3149);
 * 3. signs in a mix of roles (members, cluster admins, the coordinator and the administrator,
 *    funders) and measures, at ONE connection, every page against the framework's floor (a
 *    signed-out GET /login), then drives BENCH_USERS (default 50) concurrent users for
 *    BENCH_SECONDS (default 60) over a realistic mix of home, browse, search, posting page,
 *    coordinator's queue, match page, impact dashboard and funder's pipeline;
 * 4. grows the postings to BENCH_BIG_POSTINGS (default 100 000) and times the whole browse page
 *    and a search at one connection (target p95 ≤ 150 ms);
 * 5. prints requests/s, p50/p95/p99 per page, errors, the ratios, a markdown table ready for the
 *    README, and drops the database (BENCH_KEEP=1 keeps it; BENCH_DB_NAME names it).
 *
 * BENCH_BASE_URL=http://127.0.0.1:3140 with DATABASE_URL=… measures an app already running on that
 * database instead (no seeding, no start): used to profile a running app with `node --cpu-prof`.
 * BENCH_PHASES=single,load,browse100k picks the phases.
 */
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createDb, rowsOf, setDbHandle, type Db } from "@db/client.server";
import { clusters, postings } from "@db/schema";
import { seedDemo } from "@db/demo/seed";
import { DEMO_PASSWORD } from "@db/demo/clusters";
import { runBatch } from "~/modules/matching/store.server";
import { generatePostings, postingRow } from "./generate";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const DB_NAME = process.env.BENCH_DB_NAME ?? "maillage_bench_load";
const N = Number(process.env.BENCH_POSTINGS ?? 10_000);
const USERS = Number(process.env.BENCH_USERS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const SINGLE_RUNS = Number(process.env.BENCH_SINGLE_RUNS ?? 40);
const PORT = Number(process.env.BENCH_PORT ?? 3149);
const ATTACH = process.env.BENCH_BASE_URL;
const PHASES = new Set((process.env.BENCH_PHASES ?? "single,load,browse100k").split(","));
/** Size of the second browse figure (the whole page at 100 000 postings; 0 skips it). */
const BIG = Number(process.env.BENCH_BIG_POSTINGS ?? 100_000);

/** What the run measured, printed at the end as a markdown table ready for the README. */
const report = {
  single: new Map<string, { median: number; ratio: number }>(),
  load: new Map<string, { n: number; p50: number; p95: number; p99: number }>(),
  rps: NaN,
  errors: 0,
  big: new Map<string, { median: number; p95: number }>(),
};
const KEEP = process.env.BENCH_KEEP === "1";

type Role = "member" | "cluster_admin" | "coordinator" | "funder";
type PageName = "home" | "browse" | "search" | "posting" | "queue" | "match" | "impact" | "pipeline";
const PAGES: PageName[] = ["home", "browse", "search", "posting", "queue", "match", "impact", "pipeline"];
const TARGET_P95: Record<PageName, number | null> = { home: null, browse: 300, search: 300, posting: 300, queue: 500, match: null, impact: 500, pipeline: 500 };

/** What each role does, with weights (how often, relative). */
const MIX: Record<Role, [PageName, number][]> = {
  member: [["home", 2], ["browse", 3], ["search", 3], ["posting", 3]],
  cluster_admin: [["home", 2], ["browse", 3], ["search", 3], ["posting", 3]],
  coordinator: [["queue", 4], ["match", 3], ["impact", 2], ["browse", 1], ["search", 1], ["posting", 1]],
  funder: [["pipeline", 3], ["home", 1]],
};

const ACCOUNTS: Record<Role, string[]> = {
  member: ["membre@numana.example", "membre@aero-montreal.example", "membre@ecotech-quebec.example", "membre@mmode.example", "membre@propulsion-quebec.example", "membre@montreal-invivo.example"],
  cluster_admin: ["admin@numana.example", "admin@aero-montreal.example", "admin@cargo-m.example", "admin@bctq.example", "admin@aluquebec.example", "admin@finance-montreal.example"],
  coordinator: ["coordination@maillage.example", "admin@maillage.example"],
  funder: ["bailleur@meie.example", "funder@dec.example"],
};
/** Share of the concurrent users per role. */
const SHARE: [Role, number][] = [["member", 0.4], ["cluster_admin", 0.28], ["coordinator", 0.16], ["funder", 0.16]];

const SEARCHES = ["soutien informatique", "IT support", "bureau", "formation", "ordinateurs portables", "économie circulaire", "subvention", "laptops", "infonuagique", "Sherbroke"];
const FILTERS = ["", "&kind=need", "&kind=offer", "&region=montreal", "&category=it_support"];

const rand = (() => {
  let a = 20261202;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

// ------------------------------------------------------------------ seeding

async function seed(db: Db) {
  let t = performance.now();
  await seedDemo(db);
  const clusterIds = new Map((await db.select({ id: clusters.id, slug: clusters.slug }).from(clusters)).map((c) => [c.slug, c.id]));
  const generated = generatePostings(N, 42);
  for (let i = 0; i < generated.length; i += 2000) await db.insert(postings).values(generated.slice(i, i + 2000).map((p) => postingRow(p, clusterIds)));
  await db.execute(sql`vacuum analyze postings`);
  console.log(`seeded the demo data and ${N.toLocaleString("en-CA")} postings in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const report = await runBatch({ db });
  console.log(`full matching batch: ${report.matches} matches in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  // Decisions on part of the matches (by score order, so every status has a spread of scores):
  // 10 % approved, 8 % introduced, 4 % accepted, 3 % concluded with outcomes, 2 % abandoned, 8 % rejected.
  await db.execute(sql`
    with coord as (select id from users where role = 'coordinator' limit 1),
    ranked as (select id, row_number() over (order by md5(id::text)) as r, count(*) over () as n from matches where status = 'proposed')
    update matches m set
      status = case when r <= n * 0.10 then 'approved' when r <= n * 0.18 then 'introduced' when r <= n * 0.22 then 'accepted'
                    when r <= n * 0.25 then 'concluded' when r <= n * 0.27 then 'abandoned' else 'rejected' end,
      decided_by = (select id from coord), decided_at = now() - (r % 300) * interval '1 day',
      decision_note = 'Décision du banc d''essai', updated_at = now() - (r % 300) * interval '1 day'
    from ranked where ranked.id = m.id and r <= n * 0.35`);
  // Introductions: every member posting of an introduced-or-later match, to its cluster's contact.
  await db.execute(sql`
    insert into introductions (match_id, posting_id, user_id, name, email, locale, sent_at)
    select mm.match_id, mm.posting_id, u.id, u.name, u.email, u.locale, m.decided_at
    from match_members mm join matches m on m.id = mm.match_id join postings p on p.id = mm.posting_id
    join lateral (select id, name, email, locale from users where cluster_id = p.cluster_id order by role, email limit 1) u on true
    where m.status in ('introduced', 'accepted', 'concluded', 'abandoned')
    on conflict do nothing`);
  await db.execute(sql`update match_members mm set response = 'accepted', responded_at = m.decided_at + interval '2 days'
    from matches m where m.id = mm.match_id and m.status in ('accepted', 'concluded')`);
  await db.execute(sql`
    insert into match_outcomes (match_id, outcome, savings_cad, ghg_avoided_kg, participants, summary, abandon_reason, recorded_by, recorded_at)
    select m.id, case when m.status = 'concluded' then 'concluded' else 'abandoned' end,
      case when m.status = 'concluded' then (abs(hashtext(m.id::text)) % 50000) + 500 end,
      case when m.status = 'concluded' then (abs(hashtext(m.id::text)) % 9000) end,
      2 + abs(hashtext(m.id::text)) % 6,
      case when m.status = 'concluded' then 'Entente conclue (banc d''essai)' end,
      case when m.status = 'abandoned' then 'Calendriers incompatibles (banc d''essai)' end,
      m.decided_by, m.decided_at + interval '30 days'
    from matches m where m.status in ('concluded', 'abandoned')`);
  // Joint applications: 2 000 over the demo programmes, every stage, 2–4 member clusters, a stage history.
  await db.execute(sql`
    with progs as (select id, row_number() over (order by id) - 1 as k, count(*) over () as n from programmes),
    cl as (select id, row_number() over (order by slug) - 1 as k from clusters),
    stages as (select s, k - 1 as k from unnest(array['idea','consortium_formed','drafting','submitted','under_review','awarded','declined','closed']) with ordinality as t(s, k)),
    apps as (
      insert into joint_applications (programme_id, title, summary, lead_cluster_id, amount_requested, amount_awarded, stage, stage_changed_at, deadline, created_at)
      select p.id, 'Projet conjoint n° ' || g, 'Demande générée par le banc d''essai', c.id, 50000 + (g * 7919) % 450000,
        case when st.s = 'awarded' then 40000 + (g * 7919) % 300000 end, st.s,
        now() - (g % 200) * interval '1 day', (current_date + ((g % 400) - 100))::date, now() - (g % 500) * interval '1 day'
      from generate_series(1, 2000) g
      join progs p on p.k = g % p.n
      join cl c on c.k = g % 10
      join stages st on st.k = (g * 31) % 8
      returning id, lead_cluster_id, stage, created_at, stage_changed_at)
    , members as (
      insert into application_members (application_id, cluster_id, role)
      select a.id, c.id, case when c.id = a.lead_cluster_id then 'Chef de file' else 'Partenaire' end
      from apps a join cl c on c.id = a.lead_cluster_id or (abs(hashtext(a.id::text || c.k::text)) % 4 = 0)
      returning 1)
    insert into application_stage_changes (application_id, from_stage, to_stage, at)
    select id, null, 'idea', created_at from apps
    union all select id, 'idea', stage, stage_changed_at from apps where stage <> 'idea'`);
  await db.execute(sql`vacuum analyze`);
  console.log(`decisions, introductions, outcomes and 2 000 joint applications in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

// ------------------------------------------------------------------ HTTP

interface Sample {
  page: PageName | "floor";
  ms: number;
  ok: boolean;
  status: number;
}

const workersSeen = new Set<string>();

async function timedGet(base: string, path: string, cookie: string | null, page: PageName | "floor"): Promise<Sample> {
  const t0 = performance.now();
  try {
    const res = await fetch(base + path, { redirect: "manual", headers: cookie ? { cookie } : {} });
    await res.arrayBuffer();
    const w = res.headers.get("x-worker");
    if (w) workersSeen.add(w);
    return { page, ms: performance.now() - t0, ok: res.status === 200, status: res.status };
  } catch {
    return { page, ms: performance.now() - t0, ok: false, status: 0 };
  }
}

async function signIn(base: string, email: string): Promise<string> {
  const body = new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "/" });
  for (let attempt = 0; attempt < 5; attempt++) {
    const res = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
      body,
    });
    await res.arrayBuffer();
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("maillage_session="));
    if (res.status === 302 && cookie) return cookie.split(";")[0];
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`could not sign in as ${email}`);
}

interface Ids {
  postings: string[];
  matches: string[];
}

async function loadIds(db: Db): Promise<Ids> {
  const ps = rowsOf<{ id: string }>(await db.execute(sql`select id from postings where status = 'open' and visibility = 'network' order by md5(id::text) limit 500`));
  const ms = rowsOf<{ id: string }>(await db.execute(sql`select id from matches order by md5(id::text) limit 500`));
  return { postings: ps.map((r) => r.id), matches: ms.map((r) => r.id) };
}

function pathOf(page: PageName, ids: Ids): string {
  switch (page) {
    case "home":
      return "/";
    case "browse":
      return rand() < 0.7 ? "/postings" : `/postings?page=${1 + Math.floor(rand() * 5)}${pick(FILTERS)}`;
    case "search":
      return `/postings?q=${encodeURIComponent(pick(SEARCHES))}${pick(FILTERS)}`;
    case "posting":
      return `/postings/${pick(ids.postings)}`;
    case "queue":
      return rand() < 0.7 ? "/coordination/matches" : `/coordination/matches?page=${1 + Math.floor(rand() * 5)}`;
    case "match":
      return `/coordination/matches/${pick(ids.matches)}`;
    case "impact":
      return "/impact";
    case "pipeline":
      return "/pipeline";
  }
}

function weighted(mix: [PageName, number][]): PageName {
  const total = mix.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [p, w] of mix) if ((r -= w) < 0) return p;
  return mix[mix.length - 1][0];
}

const q = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] : NaN);
const ms = (x: number) => (Number.isNaN(x) ? "—" : `${x.toFixed(1)}`);

/** Who does a page at one connection: a role that has it in its mix. */
const roleFor = (page: PageName): Role => (["queue", "match", "impact"].includes(page) ? "coordinator" : page === "pipeline" ? "funder" : "member");

async function singleConnection(base: string, ids: Ids) {
  const cookies: Record<Role, string> = {
    member: await signIn(base, ACCOUNTS.member[0]),
    cluster_admin: await signIn(base, ACCOUNTS.cluster_admin[0]),
    coordinator: await signIn(base, ACCOUNTS.coordinator[0]),
    funder: await signIn(base, ACCOUNTS.funder[0]),
  };
  // warm-up (JIT, connection pools, every worker process)
  for (let i = 0; i < 8; i++) {
    await timedGet(base, "/login", null, "floor");
    for (const p of PAGES) await timedGet(base, pathOf(p, ids), cookies[roleFor(p)], p);
  }
  const samples = new Map<PageName | "floor", number[]>();
  const errors = new Map<string, number>();
  // Interleaved, so the machine's ups and downs fall on every page alike.
  for (let i = 0; i < SINGLE_RUNS; i++) {
    for (const p of ["floor", ...PAGES] as const) {
      const s = p === "floor" ? await timedGet(base, "/login", null, "floor") : await timedGet(base, pathOf(p, ids), cookies[roleFor(p)], p);
      if (!s.ok) errors.set(p, (errors.get(p) ?? 0) + 1);
      samples.set(p, [...(samples.get(p) ?? []), s.ms]);
    }
  }
  const floor = q([...samples.get("floor")!].sort((a, b) => a - b), 0.5);
  console.log(`\nOne connection, ${SINGLE_RUNS} requests per page (interleaved, after warm-up); load average ${loadavg()}`);
  console.log(`  ${"page".padEnd(10)} ${"median".padStart(8)} ${"p95".padStart(8)}  ratio to floor  errors`);
  for (const [p, xs] of samples) {
    const sorted = [...xs].sort((a, b) => a - b);
    const med = q(sorted, 0.5);
    const ratio = med / floor;
    report.single.set(p, { median: med, ratio });
    const verdict = p === "floor" ? "" : ratio <= 2 ? "(≤ 2×: met)" : "(≤ 2×: NOT met)";
    console.log(`  ${p.padEnd(10)} ${ms(med).padStart(8)} ${ms(q(sorted, 0.95)).padStart(8)}  ${(p === "floor" ? "1.0" : ratio.toFixed(1)).padStart(5)}× ${verdict.padEnd(16)} ${errors.get(p) ?? 0}`);
  }
}

async function load(base: string, ids: Ids) {
  const roles: Role[] = [];
  for (const [role, share] of SHARE) for (let i = 0; i < Math.round(share * USERS); i++) roles.push(role);
  while (roles.length < USERS) roles.push("member");
  roles.length = USERS;
  const t0 = performance.now();
  const users = await Promise.all(roles.map(async (role, i) => ({ role, cookie: await signIn(base, ACCOUNTS[role][i % ACCOUNTS[role].length]) })));
  console.log(`\nsigned in ${USERS} users (${SHARE.map(([r]) => `${roles.filter((x) => x === r).length} ${r}`).join(", ")}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const samples: Sample[] = [];
  const end = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    users.map(async (u) => {
      while (performance.now() < end) {
        const page = weighted(MIX[u.role]);
        samples.push(await timedGet(base, pathOf(page, ids), u.cookie, page));
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const errors = samples.filter((s) => !s.ok);
  report.rps = samples.length / elapsed;
  report.errors = errors.length;
  console.log(`\n${USERS} concurrent users for ${elapsed.toFixed(0)} s (no think time): ${samples.length} requests, ${(samples.length / elapsed).toFixed(1)} requests/s, ${errors.length} errors; load average ${loadavg()}`);
  if (errors.length) {
    const byKind: Record<string, number> = {};
    for (const e of errors) byKind[`${e.page} ${e.status}`] = (byKind[`${e.page} ${e.status}`] ?? 0) + 1;
    console.log(`  error statuses: ${JSON.stringify(byKind)}`);
  }
  console.log(`  ${"page".padEnd(10)} ${"requests".padStart(8)} ${"p50".padStart(8)} ${"p95".padStart(8)} ${"p99".padStart(8)}  target p95`);
  const all = samples.map((s) => s.ms).sort((a, b) => a - b);
  for (const p of PAGES) {
    const xs = samples.filter((s) => s.page === p).map((s) => s.ms).sort((a, b) => a - b);
    const target = TARGET_P95[p];
    report.load.set(p, { n: xs.length, p50: q(xs, 0.5), p95: q(xs, 0.95), p99: q(xs, 0.99) });
    const verdict = target === null ? "" : `≤ ${target} ms: ${q(xs, 0.95) <= target ? "met" : "NOT met"}`;
    console.log(`  ${p.padEnd(10)} ${String(xs.length).padStart(8)} ${ms(q(xs, 0.5)).padStart(8)} ${ms(q(xs, 0.95)).padStart(8)} ${ms(q(xs, 0.99)).padStart(8)}  ${verdict}`);
  }
  console.log(`  ${"all".padEnd(10)} ${String(all.length).padStart(8)} ${ms(q(all, 0.5)).padStart(8)} ${ms(q(all, 0.95)).padStart(8)} ${ms(q(all, 0.99)).padStart(8)}`);
}

/** Grows the postings to BIG and times the whole browse page (and a search) at one connection. */
async function bigBrowse(base: string, dbUrl: string) {
  const handle = createDb(dbUrl);
  const t = performance.now();
  const clusterIds = new Map((await handle.db.select({ id: clusters.id, slug: clusters.slug }).from(clusters)).map((c) => [c.slug, c.id]));
  const extra = generatePostings(BIG - N, 4242);
  for (let i = 0; i < extra.length; i += 2000) await handle.db.insert(postings).values(extra.slice(i, i + 2000).map((p) => postingRow(p, clusterIds)));
  await handle.db.execute(sql`vacuum analyze postings`);
  await handle.close();
  console.log(`\nadded ${(BIG - N).toLocaleString("en-CA")} postings (${BIG.toLocaleString("en-CA")} in all) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const cookie = await signIn(base, ACCOUNTS.member[0]);
  const cases: [string, () => string][] = [
    ["browse", () => (rand() < 0.7 ? "/postings" : `/postings?page=${1 + Math.floor(rand() * 5)}${pick(FILTERS)}`)],
    ["search", () => `/postings?q=${encodeURIComponent(pick(SEARCHES))}${pick(FILTERS)}`],
  ];
  for (let i = 0; i < 8; i++) for (const [, path] of cases) await timedGet(base, path(), cookie, "browse");
  console.log(`One connection at ${BIG.toLocaleString("en-CA")} postings, ${SINGLE_RUNS * 2} requests each (the whole page); load average ${loadavg()}`);
  for (const [name, path] of cases) {
    const xs: number[] = [];
    let errors = 0;
    for (let i = 0; i < SINGLE_RUNS * 2; i++) {
      const s = await timedGet(base, path(), cookie, "browse");
      if (!s.ok) errors++;
      xs.push(s.ms);
    }
    xs.sort((a, b) => a - b);
    report.big.set(name, { median: q(xs, 0.5), p95: q(xs, 0.95) });
    console.log(`  ${name.padEnd(10)} median ${ms(q(xs, 0.5))} ms, p95 ${ms(q(xs, 0.95))} ms (target p95 ≤ 150 ms: ${q(xs, 0.95) <= 150 ? "met" : "NOT met"}), ${errors} errors`);
  }
}

/** The run as a markdown table (README "Benchmarks"): paste it as is. */
function markdown(processes: number) {
  const day = new Date().toISOString().slice(0, 10);
  const lines = [
    `\nMarkdown (${day}, ${N.toLocaleString("en-CA")} postings, ${processes} app process(es), ${os.cpus().length} CPUs, load average at the end ${loadavg()}):\n`,
    `| page | median at 1 connection (ms) | ratio to floor | p50 at ${USERS} users (ms) | p95 (ms) | p99 (ms) | requests |`,
    "|---|---|---|---|---|---|---|",
  ];
  const f = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "—" : x.toFixed(x < 10 ? 1 : 0));
  const floor = report.single.get("floor");
  if (floor) lines.push(`| floor (signed-out /login) | ${f(floor.median)} | 1.0× | | | | |`);
  for (const p of PAGES) {
    const s = report.single.get(p);
    const l = report.load.get(p);
    lines.push(`| ${p} | ${f(s?.median)} | ${s ? `${s.ratio.toFixed(1)}×` : "—"} | ${f(l?.p50)} | ${f(l?.p95)} | ${f(l?.p99)} | ${l?.n ?? "—"} |`);
  }
  if (report.load.size) lines.push(`\n${USERS} users for ${SECONDS} s: **${report.rps.toFixed(1)} requests/s, ${report.errors} errors**.`);
  for (const [name, b] of report.big) lines.push(`At ${BIG.toLocaleString("en-CA")} postings, ${name} (whole page, 1 connection): median ${f(b.median)} ms, p95 ${f(b.p95)} ms.`);
  console.log(lines.join("\n"));
}

const loadavg = () => `${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`;

function startApp(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: url, PORT: String(PORT), HOST: "127.0.0.1", APP_URL: `http://127.0.0.1:${PORT}`, SIGNIN_MAX_FAILURES: "1000" },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      process.stdout.write(d.toString().replace(/^/gm, "  app| "));
      if (/listening on/.test(out)) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`the app exited (${code})`)));
  });
}

async function waitReady(base: string, processes: number) {
  // every worker process answers before measuring
  const seen = new Set<string>();
  for (let i = 0; i < 400 && seen.size < processes; i++) {
    const res = await fetch(`${base}/healthz`).catch(() => null);
    const w = res?.headers.get("x-worker");
    if (res?.ok && w) seen.add(w);
    else await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  console.log(`Load benchmark — ${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} CPUs, load average ${loadavg()}`);
  if (ATTACH) {
    const handle = createDb(process.env.DATABASE_URL);
    const ids = await loadIds(handle.db);
    await handle.close();
    if (PHASES.has("single")) await singleConnection(ATTACH, ids);
    if (PHASES.has("load")) await load(ATTACH, ids);
    markdown(0);
    return;
  }
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE "${DB_NAME}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  const handle = createDb(url.toString());
  setDbHandle(handle);
  let app: ChildProcess | undefined;
  try {
    await handle.migrate();
    await seed(handle.db);
    const ids = await loadIds(handle.db);
    await handle.close();
    setDbHandle(undefined);
    app = await startApp(url.toString());
    const base = `http://127.0.0.1:${PORT}`;
    const processes = Number(process.env.WEB_CONCURRENCY) || os.cpus().length;
    await waitReady(base, processes);
    if (PHASES.has("single")) await singleConnection(base, ids);
    if (PHASES.has("load")) await load(base, ids);
    if (PHASES.has("browse100k") && BIG > N) await bigBrowse(base, url.toString());
    markdown(processes);
    console.log(`\nresponses came from ${workersSeen.size} app process(es) (X-Worker)`);
  } finally {
    if (app?.pid) {
      try {
        process.kill(-app.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      await new Promise((r) => setTimeout(r, 1500));
    }
    if (!KEEP) await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
