import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ClusterCard } from "~/components/cluster-card";
import { TextField } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { requireUser } from "~/modules/auth/require-user.server";
import { listClusters } from "~/modules/clusters/clusters.server";
import { foldText } from "~/modules/i18n/text";
import { pageTitle } from "~/modules/i18n/meta";
import { readQuery } from "~/modules/validation/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "clusters.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "clusters:view" });
  const q = (readQuery(request).get("q") ?? "").slice(0, 100);
  const needle = foldText(q);
  const clusters = (await listClusters()).filter(
    (c) => !needle || [c.name, c.sectorFr, c.sectorEn, c.slug].some((s) => foldText(s).includes(needle)),
  );
  return json({ clusters, q });
}

export default function ClusterDirectory() {
  const { t } = useI18n();
  const { clusters, q } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("clusters.title")}</h1>
      <p className="lead">{t("clusters.lead")}</p>
      <Form method="get" role="search" className="search-row">
        <TextField name="q" type="search" label={t("clusters.search")} defaultValue={q} />
        <button type="submit" className="button secondary">
          {t("clusters.search")}
        </button>
      </Form>
      <p className="muted" aria-live="polite">
        {t("clusters.count", { count: clusters.length })}
      </p>
      {clusters.length === 0 ? (
        <p>{t("clusters.empty")}</p>
      ) : (
        <ul className="card-grid">
          {clusters.map((c) => (
            <li key={c.id}>
              <ClusterCard cluster={c} level={2} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
