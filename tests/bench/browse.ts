/**
 * Benchmark of the postings list (not a test): seeds 10 000 then 100 000 realistic FR/EN postings in a
 * scratch PostgreSQL database and times `browsePostings` — the function the browse page's loader
 * calls — with a search term and two filters. Prints the median and p95 per scenario and overall.
 * Targets (issue 3): p95 ≤ 50 ms at 10 000 postings, ≤ 150 ms at 100 000.
 *
 *   npx tsx tests/bench/browse.ts
 *   BENCH_DATABASE_URL=postgres://user@host:5432/db BENCH_RUNS=100 npx tsx tests/bench/browse.ts
 *
 * The scratch database `maillage_bench_browse` is created next to the given database, migrated,
 * and dropped at the end.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { createDb, setDbHandle, type Db } from "@db/client.server";
import { seedDemo } from "@db/demo/seed";
import { clusters, postings, users, type NewPosting } from "@db/schema";
import type { Actor } from "~/modules/auth/permissions";
import { browsePostings, parseBrowseFilters } from "~/modules/postings/browse.server";
import { CATEGORIES, REGIONS, type Category } from "~/modules/postings/constants";
import { newPostingRow } from "~/modules/postings/postings.server";
import type { PostingInput } from "~/modules/postings/validation";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const DB_NAME = "maillage_bench_browse";
const RUNS = Math.max(50, Number(process.env.BENCH_RUNS ?? 60));
const SIZES = (process.env.BENCH_SIZES ?? "10000,100000").split(",").map(Number);
/** Keep the scratch database afterwards (to EXPLAIN queries). */
const KEEP = process.env.BENCH_KEEP === "1";

// ------------------------------------------------------------------ realistic postings

/** A small deterministic PRNG, so every run seeds the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20261122);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

const CITIES = ["Montréal", "Laval", "Longueuil", "Québec", "Sherbrooke", "Trois-Rivières", "Gatineau", "Saint-Laurent", "Brossard", "Terrebonne"];
const TOPICS_FR = ["décarbonation", "économie circulaire", "électrification des transports", "cybersécurité", "intelligence artificielle", "écoconception", "chaîne d'approvisionnement", "santé numérique", "recyclage de l'aluminium", "finance durable"];
const TOPICS_EN = ["decarbonisation", "circular economy", "transport electrification", "cybersecurity", "artificial intelligence", "eco-design", "supply chain", "digital health", "aluminium recycling", "sustainable finance"];

type Template = { fr: [string, string][]; en: [string, string][] };
const T: Record<Category, Template> = {
  research: {
    fr: [["Étude sur la {topic} pour nos membres", "Nous voulons commander une étude sur la {topic} dans la région de {city}, livrée en {n} mois."], ["Projet de recherche appliquée – {topic}", "Un partenariat avec un centre de recherche sur la {topic}, pour {n} entreprises membres."]],
    en: [["Study on {topic} for member firms", "We would like to commission a study on {topic} around {city}, delivered within {n} months."], ["Applied research project – {topic}", "A partnership with a research centre on {topic} for {n} member companies."]],
  },
  office_space: {
    fr: [["Espace de bureau pour {n} personnes à {city}", "Nous cherchons des bureaux partagés pour {n} personnes à {city}, avec salle de réunion."], ["Postes de travail disponibles à {city}", "{n} postes de travail meublés à partager dans nos locaux de {city}."]],
    en: [["Office space for {n} people in {city}", "We need shared office space for {n} people in {city}, with a meeting room."], ["Coworking desks available in {city}", "{n} furnished desks to share in our {city} office."]],
  },
  it_support: {
    fr: [["Soutien informatique pour {n} postes", "Nous cherchons un soutien informatique (dépannage, comptes, sauvegardes) pour {n} postes à {city}."], ["Infogérance et soutien TI mutualisés", "Un service d'infogérance partagé entre grappes pour environ {n} utilisateurs."]],
    en: [["IT support for a team of {n}", "We are looking for IT support and a helpdesk for {n} seats in {city}."], ["Shared helpdesk for {n} users", "A managed IT service shared between clusters, about {n} users."]],
  },
  joint_grant: {
    fr: [["Demande conjointe – {topic}", "Nous cherchons des grappes partenaires pour une demande de subvention conjointe sur la {topic}."], ["Consortium pour un appel de projets", "Montage d'un consortium de {n} grappes sur la {topic}."]],
    en: [["Joint grant application – {topic}", "We are looking for partner clusters for a joint grant application on {topic}."], ["Consortium for a call for projects", "Building a consortium of {n} clusters on {topic}."]],
  },
  expertise: {
    fr: [["Bilan GES de notre secrétariat", "Nous cherchons une firme pour réaliser notre bilan de gaz à effet de serre à {city}."], ["Accompagnement en {topic}", "Un expert-conseil pour accompagner {n} entreprises en {topic}."]],
    en: [["GHG inventory for our secretariat", "We need consultants to prepare our greenhouse-gas inventory in {city}."], ["Consulting on {topic}", "An advisor to support {n} companies on {topic}."]],
  },
  training: {
    fr: [["Formation en {topic} pour {n} personnes", "Une formation de deux jours en {topic}, à {city} ou en ligne."], ["Atelier de {topic}", "Atelier pratique sur la {topic} pour {n} participants."]],
    en: [["Training on {topic} for {n} people", "A two-day course on {topic}, in {city} or online."], ["Workshop on {topic}", "Hands-on workshop on {topic} for {n} participants."]],
  },
  equipment: {
    fr: [["Imprimante 3D à partager", "Temps machine disponible sur une imprimante 3D métal à {city}, {n} heures."], ["Achat d'ordinateurs portables", "Nous devons remplacer {n} ordinateurs portables ; achat groupé souhaité."]],
    en: [["3D printer time to share", "Machine time available on a metal 3D printer in {city}, {n} hours."], ["Laptop purchase", "We have to replace {n} laptops and would like to buy them together."]],
  },
  events: {
    fr: [["Salle pour un événement de {n} personnes", "Une salle et un traiteur écoresponsable pour {n} personnes à {city}."], ["Colloque sur la {topic}", "Organisation conjointe d'un colloque sur la {topic} à {city}."]],
    en: [["Venue for a {n}-guest event", "A venue with eco-responsible catering for {n} guests in {city}."], ["Conference on {topic}", "Jointly organising a conference on {topic} in {city}."]],
  },
  group_purchasing: {
    fr: [["Achat regroupé de licences logicielles", "Achat groupé de {n} licences Microsoft 365 avec d'autres grappes."], ["Achat commun de mobilier de bureau", "Achat regroupé de {n} bureaux ergonomiques."]],
    en: [["Group purchase of software licences", "Buying {n} Microsoft 365 licences together with other clusters."], ["Joint purchase of office furniture", "Pooled purchase of {n} ergonomic desks."]],
  },
  other: {
    fr: [["Partage de places de stationnement", "{n} places de stationnement à partager à {city}."], ["Abonnement de veille partagé", "Partage d'un abonnement de veille sur la {topic}."]],
    en: [["Parking spaces to share", "{n} parking spaces to share in {city}."], ["Shared market-watch subscription", "Sharing a market-watch subscription on {topic}."]],
  },
};

function fill(s: string, lang: "fr" | "en", n: number, city: string, topic: number) {
  return s.replace(/\{n\}/g, String(n)).replace(/\{city\}/g, city).replace(/\{topic\}/g, lang === "fr" ? TOPICS_FR[topic] : TOPICS_EN[topic]);
}

function randomInput(): { input: PostingInput; status: "open" | "draft" | "paused" | "closed" | "matched" } {
  const category = pick(CATEGORIES);
  const language = rand() < 0.6 ? "fr" : "en";
  const [title, description] = pick(T[category][language]);
  const n = int(2, 60);
  const city = pick(CITIES);
  const topic = int(0, TOPICS_FR.length - 1);
  const start = new Date(Date.UTC(2026, int(0, 23), int(1, 28)));
  const end = new Date(start.getTime() + int(30, 400) * 86_400_000);
  const r = rand();
  return {
    status: r < 0.7 ? "open" : r < 0.8 ? "paused" : r < 0.88 ? "closed" : r < 0.94 ? "matched" : "draft",
    input: {
      kind: rand() < 0.55 ? "need" : "offer",
      category,
      title: fill(title, language, n, city, topic),
      description: `${fill(description, language, n, city, topic)} ${fill(description, language, int(2, 60), pick(CITIES), topic)}`,
      tags: [],
      language,
      region: rand() < 0.15 ? "remote" : pick(REGIONS.slice(0, 8)),
      startDate: start.toISOString().slice(0, 10),
      endDate: end.toISOString().slice(0, 10),
      quantity: category === "office_space" ? n : undefined,
      unit: category === "office_space" ? "desks" : undefined,
      budgetMax: int(1, 500) * 100,
      programme: category === "joint_grant" ? "MEIE – Économie circulaire 2027" : undefined,
      deadline: category === "joint_grant" ? "2027-02-15" : undefined,
      attributes: {},
      sdAxes: [],
      visibility: rand() < 0.9 ? "network" : "coordinator",
    },
  };
}

async function insertPostings(db: Db, count: number, clusterRows: { id: string; name: string }[], authors: string[]) {
  const now = Date.now();
  const batch: NewPosting[] = [];
  const flush = async () => {
    if (batch.length) await db.insert(postings).values(batch);
    batch.length = 0;
  };
  for (let i = 0; i < count; i++) {
    const { input, status } = randomInput();
    const c = pick(clusterRows);
    const createdAt = new Date(now - int(0, 700) * 86_400_000 - int(0, 86_400_000));
    const row = newPostingRow(input, { clusterId: c.id, clusterName: c.name, createdBy: pick(authors), status: status === "draft" ? "draft" : "open", now: createdAt, expiryMonths: 6 });
    row.status = status;
    batch.push(row);
    if (batch.length === 1000) await flush();
  }
  await flush();
}

// ------------------------------------------------------------------ measuring

const SCENARIOS = [
  { name: 'q="soutien informatique" kind=need region=montreal', params: "q=soutien+informatique&kind=need&region=montreal" },
  { name: 'q="bureua" (typo) category=office_space kind=offer', params: "q=bureua&category=office_space&kind=offer" },
  { name: 'q="IT support" kind=need category=it_support', params: "q=IT+support&kind=need&category=it_support" },
  { name: 'q="économie circulaire" category=joint_grant region=montreal', params: "q=%C3%A9conomie+circulaire&category=joint_grant&region=montreal" },
  { name: 'q="formation" kind=offer region=laval, page 2', params: "q=formation&kind=offer&region=laval&page=2" },
  { name: 'q="Sherbroke" (typo, trigrams) category=training kind=need', params: "q=Sherbroke&category=training&kind=need" },
  { name: 'q="recyclage aluminium" kind=need region=montreal', params: "q=recyclage+aluminium&kind=need&region=montreal" },
];

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function measure(db: Db, actor: Actor, size: number) {
  // Warm the caches and the JIT on every scenario first.
  for (let i = 0; i < 10; i++) for (const s of SCENARIOS) await browsePostings(actor, parseBrowseFilters(new URLSearchParams(s.params)), { db });
  const load = os.loadavg().map((l) => l.toFixed(1)).join(" ");
  console.log(`\n${size.toLocaleString("en-CA")} postings — ${RUNS} runs per scenario (after warm-up); load average ${load} on ${os.cpus().length} CPUs`);
  const all: number[] = [];
  for (const s of SCENARIOS) {
    const filters = parseBrowseFilters(new URLSearchParams(s.params));
    let total = 0;
    for (let i = 0; i < 5; i++) total = (await browsePostings(actor, filters, { db })).total;
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await browsePostings(actor, filters, { db });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    console.log(`  ${s.name.padEnd(60)} matches ${String(total).padStart(6)}  median ${fmt(quantile(times, 0.5)).padStart(9)}  p95 ${fmt(quantile(times, 0.95)).padStart(9)}`);
  }
  all.sort((a, b) => a - b);
  const p95 = quantile(all, 0.95);
  const target = size <= 10_000 ? 50 : 150;
  console.log(`  ${"all scenarios".padEnd(60)} ${"".padStart(14)}  median ${fmt(quantile(all, 0.5)).padStart(9)}  p95 ${fmt(p95).padStart(9)}  (target p95 ≤ ${target} ms: ${p95 <= target ? "met" : "NOT met"})`);
}

async function main() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE "${DB_NAME}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  const handle = createDb(url.toString());
  setDbHandle(handle);
  try {
    await handle.migrate();
    const db = handle.db;
    await seedDemo(db, () => {}, { postings: false });
    const clusterRows = await db.select({ id: clusters.id, name: clusters.name }).from(clusters);
    const authors = (await db.select({ id: users.id }).from(users)).map((u) => u.id);
    const [member] = await db.select().from(users).where(eq(users.email, "membre@aero-montreal.example"));
    const actor: Actor = { id: member.id, role: member.role, clusterId: member.clusterId, funderId: member.funderId };
    let seeded = 0;
    for (const size of SIZES) {
      const t0 = performance.now();
      await insertPostings(db, size - seeded, clusterRows, authors);
      seeded = size;
      await db.execute(sql`vacuum analyze postings`);
      console.log(`\nseeded ${size.toLocaleString("en-CA")} postings in ${((performance.now() - t0) / 1000).toFixed(1)} s (${handle.describe})`);
      await measure(db, actor, size);
    }
  } finally {
    await handle.close();
    setDbHandle(undefined);
    if (!KEEP) await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
