import { Link } from "@remix-run/react";
import { useI18n } from "./i18n";

export interface ClusterSummary {
  slug: string;
  name: string;
  sectorFr: string;
  sectorEn: string;
  userCount?: number | null;
}

export function ClusterCard({ cluster }: { cluster: ClusterSummary }) {
  const { t, locale } = useI18n();
  return (
    <article className="card cluster-card">
      <h3>
        <Link to={`/clusters/${cluster.slug}`}>{cluster.name}</Link>
      </h3>
      <p className="muted">{locale === "fr" ? cluster.sectorFr : cluster.sectorEn}</p>
      {cluster.userCount !== undefined ? <p className="small">{t("home.users", { count: cluster.userCount ?? 0 })}</p> : null}
    </article>
  );
}
