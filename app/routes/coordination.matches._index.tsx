import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { MATCH_TYPES } from "@db/schema";
import { MatchStatusBadge, PartyCard, ReasonList, ScoreMeter, SideBySide } from "~/components/brokering/match-pieces";
import { Notice, SelectField } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { decisionMessage } from "~/modules/brokering/decision-messages";
import { deferMatch } from "~/modules/brokering/decisions.server";
import { AGES, QUEUE_PAGE_SIZE, QUEUE_TABS, type QueueTab } from "~/modules/brokering/constants";
import { clusterOptions, listQueue, parseQueueFilters } from "~/modules/brokering/queue.server";
import { requireUser } from "~/modules/auth/require-user.server";
import type { MessageKey } from "~/modules/i18n";
import { CATEGORIES } from "~/modules/postings/constants";
import { parseFormData, readForm } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "brokering.queue.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "brokering:queue", hide: true });
  const filters = parseQueueFilters(new URL(request.url).searchParams);
  const [queue, clusters] = await Promise.all([listQueue(filters), clusterOptions()]);
  return json({ filters, ...queue, clusters });
}

const schema = z.object({ intent: z.literal("defer"), id: z.string().uuid() });

/** Quick defer from the queue (approval and rejection need text: they are on the match's page). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "brokering:queue", hide: true });
  const parsed = parseFormData(await readForm(request), schema);
  if (!parsed.ok) return json({ ok: false, message: { key: "errorPage.400.body" as MessageKey, params: {} } }, { status: 400 });
  const result = await deferMatch(user, parsed.data.id, null);
  if (result.ok) return json({ ok: true, message: { key: "brokering.defer.done" as MessageKey, params: {} } });
  const { status, message } = decisionMessage(result, user.locale);
  return json({ ok: false, message }, { status });
}

export default function Queue() {
  const { t, date } = useI18n();
  const { filters, items, counts, total, clusters } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const linkWith = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    next.delete("page");
    if (changes.page) next.set("page", changes.page);
    const s = next.toString();
    return s ? `?${s}` : "?";
  };
  const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const filtered = !!(filters.category || filters.clusterId || filters.type || filters.age);
  return (
    <>
      <div className="section-head">
        <h1>{t("brokering.queue.title")}</h1>
        <nav aria-label={t("brokering.queue.tools")} className="bk-tools">
          <Link to="/coordination/matches/new" className="button secondary">
            {t("brokering.queue.new")}
          </Link>
          <Link to="/impact">{t("brokering.queue.impact")}</Link>
          <Link to="/coordination/matches/settings">{t("brokering.queue.settings")}</Link>
          <Link to="/coordination/outbox">{t("nav.outbox")}</Link>
        </nav>
      </div>
      <p className="lead">{t("brokering.queue.lead")}</p>
      {result ? <Notice tone={result.ok ? "success" : "error"}>{t(result.message.key, result.message.params)}</Notice> : null}

      <nav aria-label={t("brokering.queue.tabs")} className="tabs">
        {QUEUE_TABS.map((tab: QueueTab) => (
          <Link key={tab} to={linkWith({ status: tab === "proposed" ? null : tab })} aria-current={filters.tab === tab ? "page" : undefined}>
            {t(`brokering.queue.tab.${tab}`)} <span className="count">({counts[tab]})</span>
          </Link>
        ))}
      </nav>

      <Form method="get" className="bk-filters" aria-label={t("brokering.queue.filters")}>
        {filters.tab !== "proposed" ? <input type="hidden" name="status" value={filters.tab} /> : null}
        <SelectField
          name="category"
          label={t("brokering.queue.filter.category")}
          placeholder={t("brokering.queue.filter.all")}
          defaultValue={filters.category ?? ""}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        />
        <SelectField
          name="cluster"
          label={t("brokering.queue.filter.cluster")}
          placeholder={t("brokering.queue.filter.all")}
          defaultValue={filters.clusterId ?? ""}
          options={clusters.map((c) => ({ value: c.id, label: c.name }))}
        />
        <SelectField
          name="type"
          label={t("brokering.queue.filter.type")}
          placeholder={t("brokering.queue.filter.all")}
          defaultValue={filters.type ?? ""}
          options={MATCH_TYPES.map((m) => ({ value: m, label: t(`brokering.type.${m}`) }))}
        />
        <SelectField
          name="age"
          label={t("brokering.queue.filter.age")}
          placeholder={t("brokering.queue.filter.all")}
          defaultValue={filters.age ?? ""}
          options={AGES.map((a) => ({ value: a, label: t(`brokering.age.${a}`) }))}
        />
        <div className="bk-filter-actions">
          <button type="submit" className="button">
            {t("brokering.queue.filter.apply")}
          </button>
          {filtered ? <Link to={filters.tab === "proposed" ? "?" : `?status=${filters.tab}`}>{t("brokering.queue.filter.reset")}</Link> : null}
        </div>
      </Form>

      <p className="muted" aria-live="polite">
        {t("brokering.queue.count", { count: total })}
      </p>
      {items.length === 0 ? <p>{t("brokering.queue.empty")}</p> : null}
      <ol className="bk-queue">
        {items.map((m) => {
          const title = m.parties.map((p) => p.posting.title).join(" ↔ ");
          const decidable = m.status === "proposed" || m.status === "deferred";
          return (
            <li key={m.id} className="card bk-item" aria-labelledby={`m-${m.id}`}>
              <div className="bk-item-head">
                <ScoreMeter score={m.score} />
                <div>
                  <h2 id={`m-${m.id}`} className="bk-item-title">
                    <Link to={`/coordination/matches/${m.id}`}>{title}</Link>
                  </h2>
                  <p className="posting-badges">
                    <span className="badge">{t(`brokering.type.${m.type}`)}</span>
                    {m.source === "manual" ? <span className="badge bk-manual">{t("brokering.source.manual")}</span> : null}
                    {m.status !== "proposed" ? <MatchStatusBadge status={m.status} /> : null}
                  </p>
                  <p className="small muted">
                    {t("brokering.queue.created", { date: date(m.createdAt) })}
                    {m.decidedByName && m.decidedAt && m.status !== "proposed"
                      ? ` · ${t("brokering.queue.decided", { status: t(`brokering.status.${m.status}` as MessageKey), name: m.decidedByName, date: date(m.decidedAt) })}`
                      : ""}
                  </p>
                </div>
              </div>
              <SideBySide label={t("brokering.match.parties")}>
                {m.parties.map((p) => (
                  <PartyCard key={p.postingId} posting={p.posting} clusterName={p.cluster.name} />
                ))}
              </SideBySide>
              <div className="bk-why">
                <h3 id={`why-${m.id}`}>{t("brokering.reasons")}</h3>
                <ReasonList reasons={m.reasons} postings={m.parties.map((p) => p.posting)} max={4} headingId={`why-${m.id}`} />
              </div>
              <div className="actions">
                <Link to={`/coordination/matches/${m.id}`} className="button">
                  {decidable ? t("brokering.queue.examine") : t("brokering.queue.open")}
                </Link>
                {m.status === "proposed" ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="defer" />
                    <input type="hidden" name="id" value={m.id} />
                    <button type="submit" className="link-button">
                      {t("brokering.queue.quickDefer")}
                    </button>
                  </Form>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
      {pages > 1 ? (
        <nav className="bk-pager" aria-label={t("brokering.queue.page", { page: filters.page, pages })}>
          {filters.page > 1 ? <Link to={linkWith({ page: String(filters.page - 1) })}>{t("brokering.queue.prev")}</Link> : <span />}
          <span>{t("brokering.queue.page", { page: filters.page, pages })}</span>
          {filters.page < pages ? <Link to={linkWith({ page: String(filters.page + 1) })}>{t("brokering.queue.next")}</Link> : <span />}
        </nav>
      ) : null}
    </>
  );
}
