import type { LoaderFunctionArgs } from "@remix-run/node";
import { isCoordination } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/require-user.server";
import { getClusterById } from "~/modules/clusters/clusters.server";
import { importTemplateCsv } from "~/modules/postings/import.server";

/** GET /postings/import-template.csv: the CSV template of the import (header and two examples, in the importer's own cluster). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "postings:view", hide: true });
  const user = await requireUser(request, { permission: "postings:import" });
  const own = !isCoordination(user) && user.clusterId ? await getClusterById(user.clusterId) : null;
  return new Response(importTemplateCsv(own?.slug), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="maillage-import-template.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
