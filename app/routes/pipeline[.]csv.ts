import type { LoaderFunctionArgs } from "@remix-run/node";
import { isCoordination } from "~/modules/auth/permissions";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { getFunderById } from "~/modules/clusters/clusters.server";
import { loadPipeline, pipelineCsv } from "~/modules/funding/pipeline.server";
import { pipelineFilterSchema } from "~/modules/funding/validation";
import { negotiateLocale } from "~/modules/i18n/negotiate";
import { readQuery } from "~/modules/validation/form.server";

/** The pipeline as CSV, with the dashboard's filters (one line per application). */
export async function loader({ request }: LoaderFunctionArgs) {
  const filter = pipelineFilterSchema.parse(Object.fromEntries(readQuery(request)));
  const user = await requireUser(request, { permission: "funding:pipeline", funderId: filter.funderId, hide: true });
  const funderId = isCoordination(user) ? (filter.funderId ?? null) : user.funderId;
  const data = await loadPipeline({ funderId, programmeId: filter.programmeId, from: filter.from, to: filter.to });
  if (!data) throw notFound();
  const locale = negotiateLocale(request, user.locale);
  const slug = funderId ? ((await getFunderById(funderId))?.slug ?? "funder") : "all";
  return new Response(pipelineCsv(data, locale), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="pipeline-${slug}-${data.today}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
