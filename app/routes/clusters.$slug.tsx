import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { getClusterBySlug } from "~/modules/clusters/clusters.server";
import type { MessageKey } from "~/modules/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.cluster.name ?? ""} — Maillage` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "clusters:view" });
  const cluster = await getClusterBySlug(params.slug ?? "");
  if (!cluster) throw notFound();
  return json({ cluster });
}

export default function ClusterProfile() {
  const { t, locale } = useI18n();
  const { cluster } = useLoaderData<typeof loader>();
  return (
    <article className="profile">
      <p>
        <Link to="/clusters">← {t("clusters.backToDirectory")}</Link>
      </p>
      <h1>{cluster.name}</h1>
      <dl className="facts">
        <div>
          <dt>{t("clusters.sector")}</dt>
          <dd>{locale === "fr" ? cluster.sectorFr : cluster.sectorEn}</dd>
        </div>
        <div>
          <dt>{t("clusters.region")}</dt>
          <dd>{t(`region.${cluster.region}` as MessageKey)}</dd>
        </div>
        {cluster.website ? (
          <div>
            <dt>{t("clusters.website")}</dt>
            <dd>
              <a href={cluster.website} rel="noopener noreferrer" target="_blank">
                {cluster.website.replace(/^https?:\/\//, "").replace(/\/$/, "")}
              </a>
            </dd>
          </div>
        ) : null}
        {cluster.contactName ? (
          <div>
            <dt>{t("clusters.contact")}</dt>
            <dd>
              {cluster.contactName}
              {cluster.contactEmail ? (
                <>
                  {" — "}
                  <a href={`mailto:${cluster.contactEmail}`}>{cluster.contactEmail}</a>
                </>
              ) : null}
            </dd>
          </div>
        ) : null}
      </dl>
      <section aria-labelledby="desc-title">
        <h2 id="desc-title">{t("clusters.description")}</h2>
        <p lang={locale}>{locale === "fr" ? cluster.descriptionFr : cluster.descriptionEn}</p>
      </section>
    </article>
  );
}
