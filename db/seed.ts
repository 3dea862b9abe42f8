/**
 * Demo data: the ten clusters, three funders and invented people (see README for the accounts).
 * `seedDemo` is idempotent: it only inserts what is missing.
 */
import { and, count, eq, isNull } from "drizzle-orm";
import { hash } from "@node-rs/argon2";
import type { Db } from "./client.server";
import { clusters, funders, users } from "./schema";
import { DEMO_CLUSTERS, DEMO_FUNDERS, DEMO_PASSWORD, DEMO_USERS } from "./demo-clusters";

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [c] = await db.select({ n: count() }).from(clusters);
  const [u] = await db.select({ n: count() }).from(users);
  return c.n === 0 && u.n === 0;
}

export async function seedDemo(db: Db, log: (msg: string) => void = () => {}): Promise<void> {
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
  log(`seeded ${DEMO_CLUSTERS.length} clusters, ${DEMO_FUNDERS.length} funders, ${DEMO_USERS.length} demo accounts`);
}
