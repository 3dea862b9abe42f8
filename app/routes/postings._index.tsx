import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { PostingCard } from "~/components/posting-card";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/require-user.server";
import { listClusters } from "~/modules/clusters/clusters.server";
import type { MessageKey } from "~/modules/i18n";
import { browsePostings } from "~/modules/postings/browse.server";
import { filtersToSearchParams, parseBrowseFilters, SORTS, STATUS_FILTERS } from "~/modules/postings/filters";
import { CATEGORIES, POSTING_KINDS, REGIONS } from "~/modules/postings/constants";

export const meta: MetaFunction = () => [{ title: "Besoins et offres / Needs and offers — Maillage" }];

const NOTICES: Record<string, MessageKey> = { deleted: "postings.notice.deleted" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "postings:view", hide: true });
  const url = new URL(request.url);
  const filters = parseBrowseFilters(url.searchParams);
  // Empty fields of the filter form are dropped from the address, so shared links stay short.
  if ([...url.searchParams.values()].some((v) => v === "")) {
    const canonical = filtersToSearchParams(filters).toString();
    throw redirect(`/postings${canonical ? `?${canonical}` : ""}`);
  }
  const [result, clusters] = await Promise.all([browsePostings(user, filters), listClusters()]);
  return json({
    filters,
    result,
    clusters: clusters.map((c) => ({ slug: c.slug, name: c.name })),
    canCreate: can(user, "postings:manage"),
    canImport: can(user, "postings:import"),
    hasCluster: !!user.clusterId && can(user, "postings:manage"),
    exportQuery: filtersToSearchParams(filters, { page: 1 }).toString(),
    notice: NOTICES[url.searchParams.get("notice") ?? ""] ?? null,
  });
}

export default function Browse() {
  const { t } = useI18n();
  const { filters, result, clusters, canCreate, canImport, hasCluster, exportQuery, notice } = useLoaderData<typeof loader>();
  const pageLink = (n: number) => {
    const p = new URLSearchParams(exportQuery);
    if (n > 1) p.set("page", String(n));
    const query = p.toString();
    return `/postings${query ? `?${query}` : ""}`;
  };
  const pages = Array.from({ length: result.pageCount }, (_, i) => i + 1).filter((n) => Math.abs(n - result.page) <= 3 || n === 1 || n === result.pageCount);
  const busy = useNavigation().state === "loading";
  const opts = (values: readonly string[], prefix: string) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as MessageKey) }));
  const page = result.page;
  const first = (page - 1) * result.pageSize + 1;
  const last = first + result.items.length - 1;
  return (
    <>
      <div className="section-head">
        <h1>{t("postings.browse.title")}</h1>
        <p className="actions">
          {canCreate ? (
            <>
              <Link className="button" to="/postings/new?kind=need">
                {t("postings.browse.newNeed")}
              </Link>
              <Link className="button secondary" to="/postings/new?kind=offer">
                {t("postings.browse.newOffer")}
              </Link>
            </>
          ) : null}
          {canImport ? (
            <Link className="button secondary" to="/postings/import">
              {t("postings.import.title")}
            </Link>
          ) : null}
        </p>
      </div>
      <p className="lead">{t("postings.browse.lead")}</p>
      {notice ? <Notice>{t(notice)}</Notice> : null}

      <Form method="get" role="search" className="filters" aria-label={t("postings.browse.filters")}>
        <div className="field search-field">
          <label htmlFor="f-q">{t("postings.browse.search")}</label>
          <input id="f-q" name="q" type="search" defaultValue={filters.q} aria-describedby="f-q-hint" />
          <p id="f-q-hint" className="hint">
            {t("postings.browse.searchHint")}
          </p>
        </div>
        <div className="filter-grid">
          <FilterSelect name="kind" label={t("postings.field.kind")} all={t("postings.browse.any")} options={opts(POSTING_KINDS, "kind")} value={filters.kind} />
          <FilterSelect name="category" label={t("postings.field.category")} all={t("postings.browse.any")} options={opts(CATEGORIES, "category")} value={filters.category} />
          <FilterSelect name="cluster" label={t("postings.browse.cluster")} all={t("postings.browse.any")} options={clusters.map((c) => ({ value: c.slug, label: c.name }))} value={filters.cluster} />
          <FilterSelect name="region" label={t("postings.field.region")} all={t("postings.browse.any")} options={opts(REGIONS, "region")} value={filters.region} />
          <FilterSelect
            name="status"
            label={t("postings.field.status")}
            options={STATUS_FILTERS.filter((s) => hasCluster || canImport || (s !== "draft" && s !== "expired")).map((s) => ({ value: s, label: t(`postings.browse.status.${s}` as MessageKey) }))}
            value={filters.status}
          />
          <div className="field">
            <label htmlFor="f-from">{t("postings.browse.from")}</label>
            <input id="f-from" name="from" type="date" defaultValue={filters.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="f-to">{t("postings.browse.to")}</label>
            <input id="f-to" name="to" type="date" defaultValue={filters.to ?? ""} />
          </div>
          <FilterSelect
            name="sort"
            label={t("postings.browse.sort")}
            all={t("postings.browse.sort.default")}
            options={SORTS.filter((s) => s !== "relevance").map((s) => ({ value: s, label: t(`postings.browse.sort.${s}` as MessageKey) }))}
            value={filters.sort === (filters.q ? "relevance" : "newest") ? "" : filters.sort}
          />
        </div>
        {hasCluster ? (
          <label className="choice">
            <input type="checkbox" name="mine" value="1" defaultChecked={filters.mine} />
            <span>{t("postings.browse.mine")}</span>
          </label>
        ) : null}
        <div className="actions">
          <button type="submit" className="button">
            {t("postings.browse.apply")}
          </button>
          <Link to="/postings">{t("postings.browse.reset")}</Link>
          <a href={`/postings/export.csv${exportQuery ? `?${exportQuery}` : ""}`} download>
            {t("postings.browse.export")}
          </a>
        </div>
      </Form>

      <section aria-labelledby="results-title" aria-busy={busy}>
        <h2 id="results-title" className="visually-hidden">
          {t("postings.browse.results")}
        </h2>
        <p className="muted" aria-live="polite">
          {result.total === 0 ? t("postings.browse.none") : t("postings.browse.count", { count: result.total, first, last })}
        </p>
        {result.items.length ? (
          <ul className="posting-list">
            {result.items.map((p) => (
              <li key={p.id}>
                <PostingCard posting={p} />
              </li>
            ))}
          </ul>
        ) : null}
        {result.pageCount > 1 ? (
          <nav aria-label={t("postings.browse.pagination")} className="pagination">
            <ul>
              {page > 1 ? (
                <li>
                  <Link to={pageLink(page - 1)} rel="prev">
                    ← {t("postings.browse.previous")}
                  </Link>
                </li>
              ) : null}
              {pages.map((n, i) => (
                <li key={n}>
                  {i > 0 && n - pages[i - 1] > 1 ? <span aria-hidden="true">… </span> : null}
                  <Link to={pageLink(n)} aria-current={n === page ? "page" : undefined} aria-label={t("postings.browse.page", { page: n })}>
                    {n}
                  </Link>
                </li>
              ))}
              {page < result.pageCount ? (
                <li>
                  <Link to={pageLink(page + 1)} rel="next">
                    {t("postings.browse.next")} →
                  </Link>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </section>
    </>
  );
}

function FilterSelect({ name, label, options, value, all }: { name: string; label: string; options: { value: string; label: string }[]; value?: string; all?: string }) {
  return (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={value ?? ""}>
        {all !== undefined ? <option value="">{all}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
