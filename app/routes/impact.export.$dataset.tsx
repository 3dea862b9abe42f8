import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { DATASETS, datasetCsv, parsePeriod } from "~/modules/brokering/impact";
import { loadImpact } from "~/modules/brokering/impact.server";
import { translator } from "~/modules/i18n";
import { negotiateLocale } from "~/modules/i18n/negotiate";

/** GET /impact/export/<dataset>?<period>: one chart's data as CSV (UTF-8 with BOM, for spreadsheets). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "brokering:impact", hide: true });
  const id = DATASETS.find((d) => d === params.dataset);
  if (!id) throw notFound();
  const locale = negotiateLocale(request, user.locale);
  const { period } = parsePeriod(new URL(request.url).searchParams);
  const report = await loadImpact(period);
  const csv = datasetCsv(translator(locale), locale, report.datasets[id]);
  const span = period.from || period.to ? `-${period.from ?? "debut"}_${period.to ?? "aujourdhui"}` : "";
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="maillage-impact-${id}${span}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
