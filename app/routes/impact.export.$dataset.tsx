import type { LoaderFunctionArgs } from "@remix-run/node";
import { isCoordination } from "~/modules/auth/permissions";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { DATASETS, datasetCsv, parsePeriod } from "~/modules/brokering/impact";
import { HEALTH_DATASETS, healthCsv } from "~/modules/brokering/impact-health";
import { loadHealth } from "~/modules/brokering/impact-health.server";
import { loadImpact } from "~/modules/brokering/impact.server";
import { translator } from "~/modules/i18n";
import { negotiateLocale } from "~/modules/i18n/negotiate";
import { readQuery } from "~/modules/validation/form.server";

/**
 * GET /impact/export/<dataset>?<period>: one chart's or table's data as CSV in the reader's language
 * (French: ";" and decimal comma; English: ","), UTF-8 with BOM, money and GHG included. The impact
 * dashboard's datasets are the coordination's; the health tables also the committee's (cluster
 * administrators, without confidential postings). Bad dates or from > to: 400 and a translated message.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const impactId = DATASETS.find((d) => d === params.dataset);
  const healthId = HEALTH_DATASETS.find((d) => d === params.dataset);
  const user = await requireUser(request, { permission: healthId ? "impact:report" : "brokering:impact", hide: true });
  if (!impactId && !healthId) throw notFound();
  const locale = negotiateLocale(request, user.locale);
  const t = translator(locale);
  const parsed = parsePeriod(readQuery(request));
  if (!parsed.ok) return new Response(t(parsed.error === "brokering.impact.badOrder" ? "impact.error.badOrder" : "impact.error.badPeriod"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const { period } = parsed;
  const csv = healthId
    ? healthCsv(healthId, await loadHealth(period, { includeConfidential: isCoordination(user) }), t, locale)
    : datasetCsv(t, locale, (await loadImpact(period)).datasets[impactId!]);
  const span = period.from || period.to ? `-${period.from ?? "debut"}_${period.to ?? "aujourdhui"}` : "";
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="maillage-${healthId ? "health" : "impact"}-${params.dataset}${span}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
