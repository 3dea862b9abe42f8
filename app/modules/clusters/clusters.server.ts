import { asc, count, eq } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { clusters, funders, users } from "@db/schema";

export async function listClusters() {
  const db = getDb();
  const counts = db.select({ clusterId: users.clusterId, n: count().as("n") }).from(users).groupBy(users.clusterId).as("counts");
  return db
    .select({
      id: clusters.id,
      slug: clusters.slug,
      name: clusters.name,
      sectorFr: clusters.sectorFr,
      sectorEn: clusters.sectorEn,
      region: clusters.region,
      website: clusters.website,
      descriptionFr: clusters.descriptionFr,
      descriptionEn: clusters.descriptionEn,
      userCount: counts.n,
    })
    .from(clusters)
    .leftJoin(counts, eq(counts.clusterId, clusters.id))
    .orderBy(asc(clusters.name));
}

export async function getClusterBySlug(slug: string) {
  const [c] = await getDb().select().from(clusters).where(eq(clusters.slug, slug)).limit(1);
  return c ?? null;
}

export async function getClusterById(id: string) {
  const [c] = await getDb().select().from(clusters).where(eq(clusters.id, id)).limit(1);
  return c ?? null;
}

export async function getFunderById(id: string) {
  const [f] = await getDb().select().from(funders).where(eq(funders.id, id)).limit(1);
  return f ?? null;
}

export async function listFunders() {
  return getDb().select().from(funders).orderBy(asc(funders.nameFr));
}
