import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/require-user.server";
import { translator } from "~/modules/i18n";
import { negotiateLocale } from "~/modules/i18n/negotiate";
import { parseBrowseFilters } from "~/modules/postings/browse.server";
import { filterErrors } from "~/modules/postings/filters";
import { exportPostingsCsv } from "~/modules/postings/export.server";
import { readQuery } from "~/modules/validation/form.server";

/** GET /postings/export.csv?<the list's filters>: the list as filtered, as CSV for a spreadsheet. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "postings:view", hide: true });
  const filters = parseBrowseFilters(readQuery(request));
  const locale = negotiateLocale(request, user.locale);
  const errors = filterErrors(filters);
  if (errors) return new Response(translator(locale)(errors.to!.key), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const { csv } = await exportPostingsCsv(user, filters, locale);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="maillage-postings-${day}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
