/**
 * Demo data: the ten clusters, three funders and invented people (see README for the accounts).
 * `seedDemo` is idempotent: it only inserts what is missing.
 */
import { and, count, eq, inArray, isNull } from "drizzle-orm";
import { hash } from "@node-rs/argon2";
import { seedFunding } from "./funding";
import { newPostingRow, snapshot } from "~/modules/postings/postings.server";
import { getExpiryMonths } from "~/modules/postings/settings.server";
import { validatePosting } from "~/modules/postings/validation";
import type { Db } from "../client.server";
import { auditLog, clusters, funders, postings, users } from "../schema";
import { DEMO_CLUSTERS, DEMO_FUNDERS, DEMO_PASSWORD, DEMO_USERS } from "./clusters";
import { DEMO_POSTINGS } from "./postings";

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [c] = await db.select({ n: count() }).from(clusters);
  const [u] = await db.select({ n: count() }).from(users);
  return c.n === 0 && u.n === 0;
}

export async function seedDemo(db: Db, log: (msg: string) => void = () => {}, opts: { postings?: boolean } = {}): Promise<void> {
  const passwordHash = await hash(DEMO_PASSWORD, { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 });
  await db.transaction(async (tx) => {
    await tx.insert(clusters).values(DEMO_CLUSTERS.map((c) => ({ ...c }))).onConflictDoNothing({ target: clusters.slug });
    await tx.insert(funders).values(DEMO_FUNDERS.map((f) => ({ ...f }))).onConflictDoNothing({ target: funders.slug });
    const clusterIds = new Map((await tx.select({ id: clusters.id, slug: clusters.slug }).from(clusters)).map((c) => [c.slug, c.id]));
    const funderIds = new Map((await tx.select({ id: funders.id, slug: funders.slug }).from(funders)).map((f) => [f.slug, f.id]));
    const existing = new Set((await tx.select({ email: users.email }).from(users)).map((u) => u.email.toLowerCase()));
    const toInsert = DEMO_USERS.filter((u) => !existing.has(u.email)).map((u) => ({
      email: u.email,
      name: u.name,
      role: u.role,
      locale: u.locale,
      passwordHash,
      clusterId: u.cluster ? clusterIds.get(u.cluster) : undefined,
      funderId: u.funder ? funderIds.get(u.funder) : undefined,
    }));
    if (toInsert.length) await tx.insert(users).values(toInsert);
    // Each cluster's contact is its demo administrator (unless someone already set one).
    for (const u of DEMO_USERS.filter((x) => x.role === "cluster_admin")) {
      const id = clusterIds.get(u.cluster!);
      if (id) await tx.update(clusters).set({ contactName: u.name, contactEmail: u.email }).where(and(eq(clusters.id, id), isNull(clusters.contactEmail)));
    }
  });
  const added = opts.postings === false ? 0 : await seedDemoPostings(db);
  log(`seeded ${DEMO_CLUSTERS.length} clusters, ${DEMO_FUNDERS.length} funders, ${DEMO_USERS.length} demo accounts, ${added} demo postings`);
  if (opts.postings !== false) {
    const funding = await seedFunding(db);
    log(`seeded ${funding.programmes} programmes and ${funding.applications} joint applications`);
  }
}

/** The demo needs and offers (db/demo/postings.ts), each once (keyed by `external_ref`), with their audit entries. */
export async function seedDemoPostings(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const existing = new Set(
      (await tx.select({ ref: postings.externalRef }).from(postings).where(inArray(postings.externalRef, DEMO_POSTINGS.map((p) => p.ref)))).map((r) => r.ref),
    );
    const missing = DEMO_POSTINGS.filter((p) => !existing.has(p.ref));
    if (!missing.length) return 0;
    const clusterRows = new Map((await tx.select({ id: clusters.id, slug: clusters.slug, name: clusters.name }).from(clusters)).map((c) => [c.slug, c]));
    const userIds = new Map((await tx.select({ id: users.id, email: users.email }).from(users)).map((u) => [u.email.toLowerCase(), u.id]));
    const expiryMonths = await getExpiryMonths(tx);
    let added = 0;
    for (const demo of missing) {
      const cluster = clusterRows.get(demo.cluster);
      const author = userIds.get(demo.author) ?? null;
      if (!cluster) continue;
      const result = validatePosting(demo.input, "form");
      if (!result.ok) throw new Error(`demo posting ${demo.ref} is invalid: ${JSON.stringify(result.issues)}`);
      const createdAt = new Date(now.getTime() - demo.ageDays * 86_400_000);
      const row = newPostingRow(result.data, {
        clusterId: cluster.id,
        clusterName: cluster.name,
        createdBy: author,
        status: demo.status === "draft" ? "draft" : "open",
        now: createdAt,
        expiryMonths,
        externalRef: demo.ref,
      });
      if (demo.status === "paused") row.status = "paused";
      const [p] = await tx.insert(postings).values(row).onConflictDoNothing({ target: postings.externalRef }).returning();
      if (!p) continue;
      await tx.insert(auditLog).values({ actorId: author, action: "posting.create", entity: "posting", entityId: p.id, after: snapshot(p), at: createdAt });
      added++;
    }
    return added;
  });
}
