import { Link } from "@remix-run/react";
import { useI18n } from "./i18n";

export interface ClusterSummary {
  slug: string;
  name: string;
  sectorFr: string;
  sectorEn: string;
  userCount?: number | null;
}

/** `level`: the card's heading level, one below the heading of the list it sits in. */
export function ClusterCard({ cluster, level = 3 }: { cluster: ClusterSummary; level?: 2 | 3 }) {
  const { t, locale } = useI18n();
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <article className="card cluster-card">
      <Heading>
        <Link to={`/clusters/${cluster.slug}`}>{cluster.name}</Link>
      </Heading>
      <p className="muted">{locale === "fr" ? cluster.sectorFr : cluster.sectorEn}</p>
      {cluster.userCount !== undefined ? <p className="small">{t("home.users", { count: cluster.userCount ?? 0 })}</p> : null}
    </article>
  );
}
