import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/require-user.server";
import { importTemplateCsv } from "~/modules/postings/import.server";

/** GET /postings/import-template.csv: the CSV template of the import (header and two examples). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "postings:view", hide: true });
  await requireUser(request, { permission: "postings:import" });
  return new Response(importTemplateCsv(), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="maillage-import-template.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
