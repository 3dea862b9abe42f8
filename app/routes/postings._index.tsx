import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { CheckboxField, SelectField, TextField } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { PostingCard } from "~/components/posting-card";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/require-user.server";
import { listClusters } from "~/modules/clusters/clusters.server";
import type { MessageKey } from "~/modules/i18n";
import { browsePostings, type BrowseResult } from "~/modules/postings/browse.server";
import { activeFilterCount, filterErrors, filtersToSearchParams, parseBrowseFilters, SORTS, STATUS_FILTERS } from "~/modules/postings/filters";
import { CATEGORIES, POSTING_KINDS, REGIONS } from "~/modules/postings/constants";
import { pageTitle } from "~/modules/i18n/meta";
import { readQuery } from "~/modules/validation/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "postings.browse.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "postings:view", hide: true });
  const query = readQuery(request);
  const filters = parseBrowseFilters(query);
  // Empty fields of the filter form are dropped from the address, so shared links stay short.
  if ([...query.values()].some((v) => v === "")) {
    const canonical = filtersToSearchParams(filters).toString();
    throw redirect(`/postings${canonical ? `?${canonical}` : ""}`);
  }
  // Contradictory filters are refused next to the filter (400), with no list rather than a wrong one.
  const errors = filterErrors(filters);
  const empty: BrowseResult = { items: [], total: 0, page: 1, pageCount: 1, pageSize: 0 };
  const [result, clusters] = await Promise.all([errors ? empty : browsePostings(user, filters), listClusters()]);
  // A page past the last one shows the last page, under its own address.
  if (!errors && result.page !== filters.page) {
    const canonical = filtersToSearchParams({ ...filters, page: result.page }).toString();
    throw redirect(`/postings${canonical ? `?${canonical}` : ""}`);
  }
  return json(
    {
      filters,
      errors,
      result,
      clusters: clusters.map((c) => ({ slug: c.slug, name: c.name })),
      canCreate: can(user, "postings:manage"),
      canImport: can(user, "postings:import"),
      hasCluster: !!user.clusterId && can(user, "postings:manage"),
      exportQuery: filtersToSearchParams(filters, { page: 1 }).toString(),
      activeFilters: activeFilterCount(filters),
    },
    { status: errors ? 400 : 200 },
  );
}

export default function Browse() {
  const { t } = useI18n();
  const { filters, errors, result, clusters, canCreate, canImport, hasCluster, exportQuery, activeFilters } = useLoaderData<typeof loader>();
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
        </p>
      </div>
      <p className="lead browse-lead">{t("postings.browse.lead")}</p>

      <Form method="get" role="search" className="filters" aria-label={t("postings.browse.filters")}>
        <div className="search-row">
          <TextField className="search-field" name="q" type="search" label={t("postings.browse.search")} hint={t("postings.browse.searchHint")} defaultValue={filters.q} />
          <button type="submit" className="button">
            {t("postings.browse.apply")}
          </button>
        </div>
        {errors ? (
          <p role="alert" className="field-error">
            {t("postings.browse.error.filters")}
          </p>
        ) : null}
        {/* The other filters fold away (open when one is in use), so the first result fits a phone's first screen. */}
        <details className="more-filters" open={activeFilters > 0 || !!errors}>
          <summary>
            {t("postings.browse.moreFilters")}
            {activeFilters > 0 ? ` (${t("postings.browse.activeFilters", { count: activeFilters })})` : ""}
          </summary>
        <div className="filter-grid">
          <SelectField name="kind" label={t("postings.field.kind")} placeholder={t("postings.browse.any")} options={opts(POSTING_KINDS, "kind")} defaultValue={filters.kind} />
          <SelectField name="category" label={t("postings.field.category")} placeholder={t("postings.browse.any")} options={opts(CATEGORIES, "category")} defaultValue={filters.category} />
          <SelectField name="cluster" label={t("postings.browse.cluster")} placeholder={t("postings.browse.any")} options={clusters.map((c) => ({ value: c.slug, label: c.name }))} defaultValue={filters.cluster} />
          <SelectField name="region" label={t("postings.field.region")} placeholder={t("postings.browse.any")} options={opts(REGIONS, "region")} defaultValue={filters.region} />
          <SelectField             name="status"
            label={t("postings.field.status")}
            options={STATUS_FILTERS.filter((s) => hasCluster || canImport || (s !== "draft" && s !== "expired")).map((s) => ({ value: s, label: t(`postings.browse.status.${s}` as MessageKey) }))}
            defaultValue={filters.status}
          />
          <TextField name="from" type="date" label={t("postings.browse.from")} defaultValue={filters.from} />
          <TextField name="to" type="date" label={t("postings.browse.to")} defaultValue={filters.to} error={errors?.to} />
          <SelectField name="sort" label={t("postings.browse.sort")} placeholder={t("postings.browse.sort.default")}
            options={SORTS.filter((s) => s !== "relevance").map((s) => ({ value: s, label: t(`postings.browse.sort.${s}` as MessageKey) }))}
            defaultValue={filters.sort === (filters.q ? "relevance" : "newest") ? "" : filters.sort}
          />
        </div>
        {hasCluster ? (
          <CheckboxField name="mine" value="1" label={t("postings.browse.mine")} defaultChecked={filters.mine} />
        ) : null}
        <div className="actions">
          <button type="submit" className="button secondary">
            {t("postings.browse.filter")}
          </button>
        </div>
        </details>
        <div className="actions small">
          <Link to="/postings">{t("postings.browse.reset")}</Link>
          <a href={`/postings/export.csv${exportQuery ? `?${exportQuery}` : ""}`} download>
            {t("postings.browse.export")}
          </a>
          {canImport ? <Link to="/postings/import">{t("postings.import.title")}</Link> : null}
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
