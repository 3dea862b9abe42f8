import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ClusterCard } from "~/components/cluster-card";
import { useI18n } from "~/components/i18n";
import { InvitationTable } from "~/components/invitation-table";
import { listPendingInvitations } from "~/modules/auth/invitations.server";
import { isCoordination } from "~/modules/auth/permissions";
import { getUser } from "~/modules/auth/require-user.server";
import { getClusterById, getFunderById, listClusters } from "~/modules/clusters/clusters.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "home.pageTitle");

/** The landing page when signed out; otherwise the home of the user's role. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (!user) return json({ view: "landing" as const });
  if (isCoordination(user)) {
    const [clusters, pending] = await Promise.all([listClusters(), listPendingInvitations(user)]);
    return json({ view: "coordinator" as const, name: user.name, clusters, pending });
  }
  if (user.role === "funder") {
    const funder = user.funderId ? await getFunderById(user.funderId) : null;
    return json({ view: "funder" as const, name: user.name, funder: funder ? { nameFr: funder.nameFr, nameEn: funder.nameEn, website: funder.website } : null });
  }
  const cluster = user.clusterId ? await getClusterById(user.clusterId) : null;
  const pending = user.role === "cluster_admin" ? await listPendingInvitations(user) : [];
  return json({ view: "member" as const, name: user.name, isAdmin: user.role === "cluster_admin", cluster, pending });
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  switch (data.view) {
    case "landing":
      return (
        <section className="hero" aria-labelledby="landing-title">
          <h1 id="landing-title">{t("landing.title")}</h1>
          <p className="lead">{t("landing.lead")}</p>
          <ul className="checklist">
            <li>{t("landing.point1")}</li>
            <li>{t("landing.point2")}</li>
            <li>{t("landing.point3")}</li>
          </ul>
          <p>
            <Link className="button" to="/login">
              {t("landing.signIn")}
            </Link>
          </p>
        </section>
      );
    case "coordinator":
      return (
        <>
          <h1>{t("home.welcome", { name: data.name })}</h1>
          <section aria-labelledby="funding-home-title" className="section">
            <div className="section-head">
              <h2 id="funding-home-title">{t("funding.home.coordinator")}</h2>
              <span>
                <Link to="/funding">{t("funding.home.coordinatorLink")}</Link> · <Link to="/funding/programmes">{t("funding.nav.programmes")}</Link> ·{" "}
                <Link to="/pipeline">{t("funding.nav.pipeline")}</Link>
              </span>
            </div>
          </section>
          <section aria-labelledby="pending-title" className="section">
            <div className="section-head">
              <h2 id="pending-title">{t("home.coordinator.pendingInvitations")}</h2>
              <Link className="button secondary" to="/invitations">
                {t("home.coordinator.invite")}
              </Link>
            </div>
            <InvitationTable invitations={data.pending} />
          </section>
          <section aria-labelledby="clusters-title" className="section">
            <h2 id="clusters-title">
              {t("home.coordinator.clusters")} <span className="count">({t("clusters.count", { count: data.clusters.length })})</span>
            </h2>
            <ul className="card-grid">
              {data.clusters.map((c) => (
                <li key={c.id}>
                  <ClusterCard cluster={c} />
                </li>
              ))}
            </ul>
          </section>
        </>
      );
    case "funder":
      return (
        <>
          <h1>{t("home.welcome", { name: data.name })}</h1>
          <section className="card">
            <h2>{t("home.funder.title")}</h2>
            {data.funder ? (
              <>
                <p className="big">{locale === "fr" ? data.funder.nameFr : data.funder.nameEn}</p>
                <p>{t("funding.home.funder")}</p>
                <p>
                  <Link className="button" to="/pipeline">
                    {t("funding.home.funderLink")}
                  </Link>
                </p>
              </>
            ) : (
              <p>{t("home.funder.noFunder")}</p>
            )}
          </section>
        </>
      );
    case "member":
      return (
        <>
          <h1>{t("home.welcome", { name: data.name })}</h1>
          <section aria-labelledby="cluster-title" className="card">
            <h2 id="cluster-title">{t("home.member.yourCluster")}</h2>
            {data.cluster ? (
              <>
                <p className="big">{data.cluster.name}</p>
                <p className="muted">{locale === "fr" ? data.cluster.sectorFr : data.cluster.sectorEn}</p>
                <p>{locale === "fr" ? data.cluster.descriptionFr : data.cluster.descriptionEn}</p>
                <Link to={`/clusters/${data.cluster.slug}`}>{t("home.member.viewProfile")}</Link> · <Link to="/funding">{t("funding.home.member")}</Link>
              </>
            ) : (
              <p>{t("home.member.noCluster")}</p>
            )}
          </section>
          {data.isAdmin ? (
            <section aria-labelledby="pending-title" className="section">
              <div className="section-head">
                <h2 id="pending-title">{t("home.coordinator.pendingInvitations")}</h2>
                <Link className="button secondary" to="/invitations">
                  {t("home.clusterAdmin.invite")}
                </Link>
              </div>
              <InvitationTable invitations={data.pending} />
            </section>
          ) : null}
        </>
      );
  }
}
