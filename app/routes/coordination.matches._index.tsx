import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { MATCH_TYPES, REJECTION_CODES } from "@db/schema";
import { RunProgressCard } from "~/components/brokering/engine";
import { Live, QueueCard, ShortcutHelp, useHydrated, useQueueShortcuts, type Decided, type Panel, type QueueAnswer } from "~/components/brokering/queue";
import { ErrorSummary, FieldScope, Notice, SelectField, TextAreaField } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { requireUser } from "~/modules/auth/require-user.server";
import { AGES, DEFER_CHOICES, DEFER_DEFAULT_DAYS, MATCH_SOURCES, QUEUE_PAGE_SIZE, QUEUE_SORTS, QUEUE_TABS, type QueueTab } from "~/modules/brokering/constants";
import { decideMany, type BulkDecision } from "~/modules/brokering/decisions.server";
import { describeDecisions } from "~/modules/brokering/queue-decisions.server";
import { getBrokeringSettings } from "~/modules/brokering/settings.server";
import { bulkSchema, quickDecisionSchema } from "~/modules/brokering/validation";
import { clusterOptions, listQueue, parseQueueFilters } from "~/modules/brokering/queue.server";
import { getMatchingStatus } from "~/modules/matching/store.server";
import { CATEGORIES } from "~/modules/postings/constants";
import { negotiateLocale } from "~/modules/i18n/negotiate";
import { pageTitle } from "~/modules/i18n/meta";
import { invalid, parseFormData, readForm, readQuery } from "~/modules/validation/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "brokering.queue.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "brokering:queue", hide: true });
  const filters = parseQueueFilters(readQuery(request));
  const [queue, clusters, engine] = await Promise.all([listQueue(filters), clusterOptions(), getMatchingStatus()]);
  return json({ filters, ...queue, clusters, engine });
}

const DECISIONS = new Set(["approve", "reject", "defer", "bulk"]);

/**
 * A decision from the list stays on the list: the page keeps its order (the decided proposal folds
 * into its result) instead of reloading under the coordinator's keyboard.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, formData, currentUrl, nextUrl, defaultShouldRevalidate }) => {
  if (formMethod?.toUpperCase() === "POST" && currentUrl.pathname === nextUrl.pathname && DECISIONS.has(String(formData?.get("intent") ?? ""))) return false;
  return defaultShouldRevalidate;
};

/**
 * Decide from the list: one match (approve with the network's templates, reject with a reason code,
 * defer by some days) or several (`intent=bulk`), each answered decided or refused with its reason.
 * Answers JSON (the list shows each result where it stands; without JavaScript the page shows them).
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "brokering:queue", hide: true });
  const locale = negotiateLocale(request, user.locale);
  const form = await readForm(request);
  const bulk = form.get("intent") === "bulk";
  const parsed = bulk ? parseFormData(form, bulkSchema) : parseFormData(form, quickDecisionSchema);
  if (!parsed.ok) return invalid(parsed.errors, parsed.values, { id: String(form.get("id") ?? "") });
  const d = parsed.data;
  const templates = d.decision === "approve" ? (await getBrokeringSettings()).templates : { fr: "", en: "" };
  const decision: BulkDecision =
    d.decision === "approve" ? { kind: "approve", templates } : d.decision === "reject" ? { kind: "reject", code: d.code!, note: d.reason } : { kind: "defer", until: d.until };
  const results = await describeDecisions(await decideMany(user, d.ids, decision), locale);
  // several: the request succeeded, each match says how it went; one: its own status
  const status = bulk || results[0]?.ok ? 200 : (results[0]?.httpStatus ?? 409);
  return json({ ok: results.every((r) => r.ok), results: results.map(({ httpStatus: _s, ...r }) => r) }, { status });
}

export default function Queue() {
  const { t, number } = useI18n();
  const { filters, items, counts, total, clusters, engine } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const bulk = useFetcher<QueueAnswer>();
  // without JavaScript the forms post to the page, which answers here
  const posted = useActionData<typeof action>() as QueueAnswer | undefined;
  const [decided, setDecided] = useState<Record<string, Decided>>({});
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [active, setActive] = useState<string | null>(null);
  const [panel, setPanel] = useState<{ id: string; panel: Panel } | null>(null);
  const [help, setHelp] = useState(false);
  const [announce, setAnnounce] = useState("");
  const refs = useRef(new Map<string, HTMLElement>());
  const [bulkDecision, setBulkDecision] = useState("approve");
  const hydrated = useHydrated();

  const open = items.filter((m) => !decided[m.id]?.ok);
  const openIds = open.map((m) => m.id);
  const justApproved = Object.values(decided)
    .filter((d) => d.ok && d.status === "introduced")
    .map((d) => d.id);
  const decidable = (id: string) => {
    const m = items.find((x) => x.id === id);
    return !!m && (m.status === "proposed" || m.status === "deferred") && !decided[id]?.ok;
  };

  const focusItem = useCallback((id: string | null) => {
    setActive(id);
    if (id) requestAnimationFrame(() => refs.current.get(id)?.focus());
  }, []);

  const onDecided = useCallback(
    (r: Decided) => {
      setDecided((d) => ({ ...d, [r.id]: r }));
      setAnnounce(t(r.message.key, r.message.params));
      if (!r.ok) return;
      setSelected((s) => {
        const n = new Set(s);
        n.delete(r.id);
        return n;
      });
      setPanel((p) => (p?.id === r.id ? null : p));
      // on to the next proposal still to decide
      setActive((cur) => {
        if (cur !== r.id) return cur;
        const at = openIds.indexOf(r.id);
        const next = openIds.slice(at + 1).find((id) => id !== r.id) ?? openIds.slice(0, at).reverse().find((id) => id !== r.id) ?? null;
        if (next) requestAnimationFrame(() => refs.current.get(next)?.focus());
        return next;
      });
    },
    [openIds, t],
  );

  // the bulk answer: each match decided or refused, in place
  const bulkSeen = useRef<unknown>(null);
  useEffect(() => {
    if (bulk.state !== "idle" || !bulk.data || bulkSeen.current === bulk.data) return;
    bulkSeen.current = bulk.data;
    const results = bulk.data.results ?? [];
    setDecided((d) => ({ ...d, ...Object.fromEntries(results.map((r) => [r.id, r])) }));
    setSelected(new Set(results.filter((r) => !r.ok).map((r) => r.id)));
    const done = results.filter((r) => r.ok).length;
    setAnnounce(t("coordination.bulk.summary", { done, refused: results.length - done }));
  }, [bulk.state, bulk.data, t]);

  const move = (step: 1 | -1) => {
    if (!openIds.length) return;
    const at = active ? openIds.indexOf(active) : -1;
    const next = at < 0 ? (step === 1 ? openIds[0] : openIds[openIds.length - 1]) : openIds[Math.min(openIds.length - 1, Math.max(0, at + step))];
    setPanel(null);
    focusItem(next);
  };
  useQueueShortcuts({
    next: () => move(1),
    previous: () => move(-1),
    open: (p) => {
      const id = active ?? openIds[0];
      if (!id || !decidable(id)) return;
      const m = items.find((x) => x.id === id);
      if (p === "defer" && m?.status !== "proposed") return;
      setActive(id);
      setPanel({ id, panel: p });
    },
    help: () => setHelp((h) => !h),
  });

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
  const filtered = !!(filters.category || filters.clusterId || filters.type || filters.age || filters.source);
  const decidedHere = Object.values(decided).filter((d) => d.ok).length;
  const shownCounts = { ...counts, [filters.tab]: Math.max(0, counts[filters.tab] - decidedHere) };
  const selectable = useMemo(() => items.filter((m) => (m.status === "proposed" || m.status === "deferred") && !decided[m.id]?.ok).map((m) => m.id), [items, decided]);
  const allSelected = selectable.length > 0 && selectable.every((id) => selected.has(id));
  const bulkAnswer = bulk.data;
  const refused = (bulkAnswer?.results ?? []).filter((r) => !r.ok);
  const queueContext = (() => {
    const x = new URLSearchParams(params);
    x.delete("page");
    return x.toString();
  })();
  const running = engine.requestedAt !== null || (engine.last !== null && engine.last.finishedAt === null);

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
          <Link to="/coordination/lexicon">{t("lexicon.nav")}</Link>
          <Link to="/coordination/outbox">{t("nav.outbox")}</Link>
        </nav>
      </div>
      <p className="lead">{t("brokering.queue.lead")}</p>
      {running ? <RunProgressCard initial={engine} compact /> : null}
      {posted?.results?.length ? (
        <Notice tone={posted.ok ? "success" : "info"}>
          {posted.results.map((r) => `${r.title} — ${t(r.message.key, r.message.params)}`).join(" ")}
        </Notice>
      ) : null}
      {posted?.errors ? (
        <FieldScope>
          <ErrorSummary errors={posted.errors} />
        </FieldScope>
      ) : null}
      <Live>{announce}</Live>

      <nav aria-label={t("brokering.queue.tabs")} className="tabs">
        {QUEUE_TABS.map((tab: QueueTab) => (
          <Link key={tab} to={linkWith({ status: tab === "proposed" ? null : tab })} aria-current={filters.tab === tab ? "page" : undefined}>
            {t(`brokering.queue.tab.${tab}`)} <span className="count">({shownCounts[tab]})</span>
          </Link>
        ))}
      </nav>

      <Form method="get" className="bk-filters" aria-label={t("brokering.queue.filters")}>
        {filters.tab !== "proposed" ? <input type="hidden" name="status" value={filters.tab} /> : null}
        <SelectField name="sort" label={t("coordination.sort.label")} defaultValue={filters.sort} options={QUEUE_SORTS.map((s) => ({ value: s, label: t(`coordination.sort.${s}`) }))} />
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
          name="source"
          label={t("coordination.filter.source")}
          placeholder={t("brokering.queue.filter.all")}
          defaultValue={filters.source ?? ""}
          options={MATCH_SOURCES.map((s) => ({ value: s, label: t(`coordination.source.${s}`) }))}
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
          {filtered || filters.sort !== "score" ? <Link to={filters.tab === "proposed" ? "?" : `?status=${filters.tab}`}>{t("brokering.queue.filter.reset")}</Link> : null}
        </div>
      </Form>

      <p className="muted">{t("brokering.queue.count", { count: total })}</p>

      {selectable.length ? (
        <section className="card bk-bulk" aria-labelledby="bulk-title">
          <h2 id="bulk-title" className="bk-bulk-title">
            {t("coordination.bulk.title")}
          </h2>
          {hydrated ? (
            <>
              <p className="small muted">
                {t("coordination.keys.hint")}{" "}
                <button type="button" className="link-button" aria-keyshortcuts="?" onClick={() => setHelp(true)}>
                  {t("coordination.keys.show")}
                </button>
              </p>
              <label className="choice bk-select-all">
                <input type="checkbox" checked={allSelected} onChange={(e) => setSelected(e.currentTarget.checked ? new Set(selectable) : new Set())} />
                <span>{t("coordination.bulk.selectAll", { count: selectable.length })}</span>
              </label>
            </>
          ) : (
            <p className="small muted">{t("coordination.bulk.plainHint")}</p>
          )}
          <bulk.Form method="post" id="bulk" className="bk-bulk-form" noValidate>
            <FieldScope>
              <input type="hidden" name="intent" value="bulk" />
              <SelectField
                name="decision"
                label={t("coordination.bulk.decision")}
                value={bulkDecision}
                onChange={(e) => setBulkDecision(e.currentTarget.value)}
                options={(["approve", "reject", "defer"] as const).map((d) => ({ value: d, label: t(`coordination.bulk.decision.${d}`) }))}
              />
              {bulkDecision === "reject" || !hydrated ? (
                <>
                  <SelectField
                    name="code"
                    label={t("brokering.reject.code")}
                    placeholder={t("brokering.reject.codePlaceholder")}
                    options={REJECTION_CODES.map((c) => ({ value: c, label: t(`brokering.rejection.${c}`) }))}
                    error={bulkAnswer?.errors?.code}
                    required
                  />
                  <TextAreaField name="reason" label={t("coordination.panel.reasonOptional")} rows={2} error={bulkAnswer?.errors?.reason} />
                </>
              ) : null}
              {bulkDecision === "defer" || !hydrated ? (
                <SelectField
                  name="days"
                  label={t("coordination.defer.until")}
                  defaultValue={String(DEFER_DEFAULT_DAYS)}
                  options={DEFER_CHOICES.map((d) => ({ value: String(d), label: t("coordination.defer.in", { days: d }) }))}
                />
              ) : null}
              <button type="submit" className="button" disabled={hydrated && (bulk.state !== "idle" || selected.size === 0)}>
                {t("coordination.bulk.submit", { count: hydrated ? selected.size : 0 })}
              </button>
              {bulkAnswer?.errors?.ids ? <p className="field-error">{t(bulkAnswer.errors.ids.key, bulkAnswer.errors.ids.params)}</p> : null}
            </FieldScope>
          </bulk.Form>
          {bulkAnswer?.results ? (
            <div className="bk-bulk-report">
              <Notice tone={refused.length ? "info" : "success"}>
                {t("coordination.bulk.summary", { done: bulkAnswer.results.length - refused.length, refused: refused.length })}
              </Notice>
              {refused.length ? (
                <ul>
                  {refused.map((r) => (
                    <li key={r.id}>
                      <Link to={`/coordination/matches/${r.id}`}>{r.title}</Link> — {t(r.message.key, r.message.params)}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </section>
      ) : null}

      {items.length === 0 ? <p>{t("brokering.queue.empty")}</p> : null}
      <ol className="bk-queue" aria-label={t("coordination.list", { count: number(items.length) })}>
        {items.map((m) => (
          <QueueCard
            key={m.id}
            item={m}
            q={queueContext}
            active={active === m.id}
            panel={panel?.id === m.id ? panel.panel : null}
            decided={decided[m.id]}
            selected={selected.has(m.id)}
            justApproved={justApproved}
            onSelect={(id, on) =>
              setSelected((s) => {
                const n = new Set(s);
                if (on) n.add(id);
                else n.delete(id);
                return n;
              })
            }
            onPanel={(id, p) => {
              setActive(id);
              setPanel(p ? { id, panel: p } : null);
              if (!p) refs.current.get(id)?.focus();
            }}
            onDecided={onDecided}
            onFocusItem={(id) => setActive(id)}
            itemRef={(el) => {
              if (el) refs.current.set(m.id, el);
              else refs.current.delete(m.id);
            }}
          />
        ))}
      </ol>
      {items.length > 0 && open.length === 0 ? (
        <p className="card bk-page-done">
          {t("coordination.pageDone")} <Link to={linkWith({})}>{t("coordination.pageDoneReload")}</Link>
        </p>
      ) : null}
      {pages > 1 ? (
        <nav className="bk-pager" aria-label={t("brokering.queue.page", { page: filters.page, pages })}>
          {filters.page > 1 ? <Link to={linkWith({ page: String(filters.page - 1) })}>{t("brokering.queue.prev")}</Link> : <span />}
          <span>{t("brokering.queue.page", { page: filters.page, pages })}</span>
          {filters.page < pages ? <Link to={linkWith({ page: String(filters.page + 1) })}>{t("brokering.queue.next")}</Link> : <span />}
        </nav>
      ) : null}
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
    </>
  );
}
