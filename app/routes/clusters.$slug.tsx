import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { PostingCard } from "~/components/posting-card";
import { can } from "~/modules/auth/permissions";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { getClusterBySlug } from "~/modules/clusters/clusters.server";
import type { MessageKey } from "~/modules/i18n";
import { browsePostings, parseBrowseFilters } from "~/modules/postings/browse.server";
import { pageTitle } from "~/modules/i18n/meta";
import { readQuery, readParam } from "~/modules/validation/form.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.cluster.name);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "clusters:view" });
  const cluster = await getClusterBySlug(readParam(params, "slug"));
  if (!cluster) throw notFound();
  // The cluster's open postings this viewer may see (confidential ones only for the cluster and the coordination).
  const open = await browsePostings(user, { ...parseBrowseFilters(new URLSearchParams()), cluster: cluster.slug }, { pageSize: 50 });
  return json({
    cluster,
    postings: open.items,
    postingCount: open.total,
    canEdit: can(user, "cluster:edit", { clusterId: cluster.id }),
    canManageTeam: can(user, "team:manage", { clusterId: cluster.id }),
    saved: readQuery(request).get("notice") === "saved",
  });
}

export default function ClusterProfile() {
  const { t, locale } = useI18n();
  const { cluster, postings, postingCount, canEdit, canManageTeam, saved } = useLoaderData<typeof loader>();
  return (
    <article className="profile">
      <p>
        <Link to="/clusters">← {t("clusters.backToDirectory")}</Link>
      </p>
      {saved ? <Notice>{t("clusterProfile.saved")}</Notice> : null}
      <div className="section-head">
        <h1>{cluster.name}</h1>
        {canEdit || canManageTeam ? (
          <p className="actions">
            {canEdit ? (
              <Link className="button secondary" to={`/clusters/${cluster.slug}/edit`}>
                {t("clusterProfile.edit")}
              </Link>
            ) : null}
            {canManageTeam ? (
              <Link className="button secondary" to={`/clusters/${cluster.slug}/team`}>
                {t("team.manage")}
              </Link>
            ) : null}
          </p>
        ) : null}
      </div>
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
        <p lang={locale} className="prose">
          {(locale === "fr" ? cluster.descriptionFr : cluster.descriptionEn) || (locale === "fr" ? cluster.descriptionEn : cluster.descriptionFr)}
        </p>
      </section>
      <section aria-labelledby="postings-title" className="section">
        <div className="section-head">
          <h2 id="postings-title">
            {t("clusterProfile.openPostings")} <span className="count">({postingCount})</span>
          </h2>
          {postingCount > 0 ? <Link to={`/postings?cluster=${cluster.slug}`}>{t("clusterProfile.allPostings")}</Link> : null}
        </div>
        {postings.length === 0 ? (
          <p className="muted">{t("clusterProfile.noPostings")}</p>
        ) : (
          <ul className="posting-list">
            {postings.map((p) => (
              <li key={p.id}>
                <PostingCard posting={p} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
