/** Editing a cluster's public profile (cluster admins of that cluster, and the coordination). */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@db/client.server";
import { clusters, type Cluster } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/auth/permissions";

const optionalText = (max: number) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(max).optional());

export const clusterProfileSchema = z.object({
  sectorFr: z.string({ required_error: "error.required" }).trim().min(1).max(120),
  sectorEn: z.string({ required_error: "error.required" }).trim().min(1).max(120),
  descriptionFr: optionalText(3000),
  descriptionEn: optionalText(3000),
  website: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.string().trim().max(300).url().refine((u) => /^https?:\/\//i.test(u), "error.url").optional(),
  ),
  contactName: optionalText(120),
  contactEmail: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(254).email().optional()),
});
export type ClusterProfileInput = z.infer<typeof clusterProfileSchema>;

const FIELDS = ["sectorFr", "sectorEn", "descriptionFr", "descriptionEn", "website", "contactName", "contactEmail"] as const;

export async function updateClusterProfile(actor: Actor, cluster: Cluster, input: ClusterProfileInput): Promise<Cluster> {
  const next = {
    sectorFr: input.sectorFr,
    sectorEn: input.sectorEn,
    descriptionFr: input.descriptionFr ?? "",
    descriptionEn: input.descriptionEn ?? "",
    website: input.website ?? null,
    contactName: input.contactName ?? null,
    contactEmail: input.contactEmail?.toLowerCase() ?? null,
  };
  return getDb().transaction(async (tx) => {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const k of FIELDS) {
      if ((cluster[k] ?? null) !== next[k]) {
        before[k] = cluster[k];
        after[k] = next[k];
      }
    }
    const [row] = await tx.update(clusters).set({ ...next, updatedAt: new Date() }).where(eq(clusters.id, cluster.id)).returning();
    if (Object.keys(after).length) await audit(tx, { actorId: actor.id, action: "cluster.update", entity: "cluster", entityId: cluster.id, before, after });
    return row;
  });
}
