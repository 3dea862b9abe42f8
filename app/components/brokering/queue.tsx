/**
 * The coordinator's queue as a work list: each proposal decided where it stands (approve, reject with
 * a reason, defer until a date), several at once, and by keyboard (j/k to move, a/r/d to decide, ? for
 * help). With JavaScript a decision is a fetcher: the list keeps its order, the decided proposal folds
 * into its result and the focus moves to the next one. Without it, each form posts and the page comes
 * back with the result.
 */
import type { SerializeFrom } from "@remix-run/node";
import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from "react";
import { REJECTION_CODES } from "@db/schema";
import { ACTIVE_STATUSES, DEFER_CHOICES, DEFER_DEFAULT_DAYS } from "~/modules/brokering/constants";
import type { DecisionLine } from "~/modules/brokering/queue-decisions.server";
import type { QueueItem } from "~/modules/brokering/queue.server";
import type { MessageKey, Params } from "~/modules/i18n";
import { FieldScope, SelectField, TextAreaField, type FieldErrors } from "../form";
import { useI18n } from "../i18n";
import { MatchStatusBadge, PartyCard, ReasonList, ScoreMeter, SideBySide } from "./match-pieces";

export type Item = SerializeFrom<QueueItem>;

/** What the queue's action answers for one match (decided, or refused with its reason). */
export type Decided = Omit<DecisionLine, "httpStatus">;

export interface QueueAnswer {
  ok: boolean;
  results?: Decided[];
  errors?: FieldErrors;
  values?: Record<string, string>;
  id?: string;
}

export type Panel = "approve" | "reject" | "defer";

/** False on the server and until React has hydrated: the page then offers its plain forms. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

const DAY = 86_400_000;

/** "today", "3 days ago" */
export function useAge() {
  const { t } = useI18n();
  return (d: string | Date, now = Date.now()) => t("coordination.age", { days: Math.max(0, Math.floor((now - new Date(d).getTime()) / DAY)) });
}

/** The other proposals a match's postings are in; live introductions first, as a warning. */
export function CrossRefs({ refs, justApproved = [], headingLevel = 3 }: { refs: Item["crossRefs"]; justApproved?: string[]; headingLevel?: 2 | 3 }) {
  const { t } = useI18n();
  if (!refs.length) return null;
  const H = `h${headingLevel}` as "h2" | "h3";
  return (
    <div className="bk-xref">
      <H className="bk-xref-title">{t("coordination.xref.title")}</H>
      <ul className="bk-xref-list">
        {refs.map((r) => {
          const live = r.others.filter((o) => ACTIVE_STATUSES.includes(o.status as never) || justApproved.includes(o.matchId));
          return (
            <li key={r.postingId} className={live.length ? "bk-xref-live" : undefined}>
              <span>
                {t(live.length ? "coordination.xref.postingLive" : "coordination.xref.posting", { title: r.title, count: r.others.length, live: live.length })}
              </span>
              <ul>
                {r.others.slice(0, 6).map((o) => (
                  <li key={o.matchId}>
                    <Link to={`/coordination/matches/${o.matchId}`}>{o.title || t("coordination.xref.untitled")}</Link>{" "}
                    <MatchStatusBadge status={justApproved.includes(o.matchId) ? "introduced" : o.status} /> <span className="small muted">{t("brokering.score", { score: o.score })}</span>
                  </li>
                ))}
                {r.others.length > 6 ? <li className="small muted">{t("coordination.xref.more", { count: r.others.length - 6 })}</li> : null}
              </ul>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

interface ItemProps {
  item: Item;
  /** The queue's filters, carried to the match page ("decide and next", the way back). */
  q: string;
  active: boolean;
  panel: Panel | null;
  decided?: Decided;
  selected: boolean;
  justApproved: string[];
  onSelect(id: string, on: boolean): void;
  onPanel(id: string, panel: Panel | null): void;
  onDecided(result: Decided): void;
  onFocusItem(id: string): void;
  itemRef(el: HTMLElement | null): void;
}

/** One proposal in the list, with its decisions. */
export function QueueCard({ item: m, q, active, panel, decided, selected, justApproved, onSelect, onPanel, onDecided, onFocusItem, itemRef }: ItemProps) {
  const { t, date } = useI18n();
  const age = useAge();
  const fetcher = useFetcher<QueueAnswer>();
  const title = m.parties.map((p) => p.posting.title).join(" ↔ ");
  const decidable = m.status === "proposed" || m.status === "deferred";
  const busy = fetcher.state !== "idle";
  const answer = fetcher.data;
  const reported = useRef<unknown>(null);
  useEffect(() => {
    if (fetcher.state !== "idle" || !answer || reported.current === answer) return;
    reported.current = answer;
    const mine = answer.results?.find((r) => r.id === m.id);
    if (mine) onDecided(mine);
  }, [fetcher.state, answer, m.id, onDecided]);
  const fieldErrors = answer && !answer.ok && answer.id === m.id ? answer.errors : undefined;
  const refused = answer?.results?.find((r) => r.id === m.id && !r.ok);
  const live = m.crossRefs.flatMap((r) => r.others.filter((o) => ACTIVE_STATUSES.includes(o.status as never) || justApproved.includes(o.matchId)));
  const headId = `m-${m.id}`;
  const hydrated = useHydrated();
  const href = `/coordination/matches/${m.id}${q ? `?q=${encodeURIComponent(q)}` : ""}`;

  if (decided?.ok) {
    return (
      <li className="card bk-item bk-item-done" ref={itemRef} tabIndex={-1} aria-labelledby={headId} data-id={m.id} data-decided="true">
        <p className="bk-item-title" id={headId}>
          <Link to={href}>{title}</Link>
        </p>
        <p className="bk-done-line">
          {decided.status ? <MatchStatusBadge status={decided.status} /> : null} {t(decided.message.key, decided.message.params)}
        </p>
        {decided.shared?.length ? (
          <p className="small">
            {t("coordination.decided.shared", { count: decided.shared.length })}{" "}
            {decided.shared.map((s, i) => (
              <span key={s.matchId}>
                {i ? ", " : ""}
                <Link to={`/coordination/matches/${s.matchId}`}>{s.title}</Link>
              </span>
            ))}
          </p>
        ) : null}
      </li>
    );
  }

  return (
    <li
      className={`card bk-item${active ? " bk-item-active" : ""}`}
      ref={itemRef}
      tabIndex={-1}
      aria-labelledby={headId}
      aria-current={active ? "true" : undefined}
      data-id={m.id}
      onFocus={() => onFocusItem(m.id)}
    >
      <div className="bk-item-head">
        {decidable ? (
          <input
            type="checkbox"
            className="bk-select"
            form="bulk"
            name="ids[]"
            value={`${m.id}:${m.version}`}
            checked={selected}
            onChange={(e) => onSelect(m.id, e.currentTarget.checked)}
            aria-label={t("coordination.select", { title })}
          />
        ) : null}
        <ScoreMeter score={m.score} />
        <div>
          <h2 id={headId} className="bk-item-title">
            <Link to={href}>{title}</Link>
          </h2>
          <p className="posting-badges">
            <span className="badge">{t(`brokering.type.${m.type}`)}</span>
            {m.source !== "engine" ? <span className={`badge bk-source-${m.source}`}>{t(`coordination.source.${m.source}` as MessageKey)}</span> : null}
            {m.status !== "proposed" ? <MatchStatusBadge status={m.status} /> : null}
            {live.length ? <span className="badge bk-overlap-badge">{t("coordination.overlap.badge")}</span> : null}
          </p>
          <p className="small muted">
            {t("coordination.created", { age: age(m.createdAt), date: date(m.createdAt) })}
            {m.status === "deferred" && m.deferredUntil ? ` · ${t("coordination.deferredUntil", { date: date(m.deferredUntil) })}` : ""}
            {m.waiting ? ` · ${t("coordination.waiting.summary", { answered: m.waiting.answered, total: m.waiting.total })}` : ""}
            {m.waiting?.silent.length ? ` · ${t("coordination.waiting.silent", { clusters: m.waiting.silent.join(", "), days: m.waiting.waitingDays ?? 0 })}` : ""}
            {m.delivery === "failed" ? ` · ${t("coordination.delivery.summary.failed")}` : ""}
            {m.recordedBy ? ` · ${recordedLine(t, m.status, m.recordedBy, date)}` : ""}
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
      <CrossRefs refs={m.crossRefs} justApproved={justApproved} />
      {refused ? (
        <p className="field-error bk-refused" role="alert">
          {t(refused.message.key, refused.message.params)}{" "}
          {refused.overlaps?.length ? <Link to={href}>{t("coordination.overlap.open")}</Link> : null}
        </p>
      ) : null}
      <div className="actions bk-decide">
        {decidable && hydrated ? (
          <>
            <button type="button" className="button" aria-expanded={panel === "approve"} aria-keyshortcuts="a" onClick={() => onPanel(m.id, panel === "approve" ? null : "approve")}>
              {t("coordination.quick.approve")}
            </button>
            <button type="button" className="button danger" aria-expanded={panel === "reject"} aria-keyshortcuts="r" onClick={() => onPanel(m.id, panel === "reject" ? null : "reject")}>
              {t("coordination.quick.reject")}
            </button>
            {m.status === "proposed" ? (
              <button type="button" className="button secondary" aria-expanded={panel === "defer"} aria-keyshortcuts="d" onClick={() => onPanel(m.id, panel === "defer" ? null : "defer")}>
                {t("coordination.quick.defer")}
              </button>
            ) : null}
          </>
        ) : null}
        <Link to={href}>{decidable ? t("brokering.queue.examine") : t("brokering.queue.open")}</Link>
      </div>
      {decidable && panel ? (
        <DecisionPanel panel={panel} item={m} title={title} busy={busy} fetcher={fetcher} errors={fieldErrors} onClose={() => onPanel(m.id, null)} />
      ) : null}
      {/* Until hydrated (or without JavaScript) the same decisions as plain forms. */}
      {decidable && !hydrated ? <PlainForms item={m} /> : null}
    </li>
  );
}

/** "Concluded by Hugo Bélanger, Numana, on 3 March" (or "expired without an answer"). */
export function recordedLine(t: (k: MessageKey, p?: Params) => string, status: string, r: { name: string | null; clusterName: string | null; at: string | Date }, date: (d: string | Date) => string) {
  if (!r.name) return t("coordination.recorded.system", { status: t(`brokering.status.${status}` as MessageKey), date: date(r.at) });
  if (r.clusterName) return t("coordination.recorded.byMember", { status: t(`brokering.status.${status}` as MessageKey), name: r.name, cluster: r.clusterName, date: date(r.at) });
  return t("coordination.recorded.byCoordination", { status: t(`brokering.status.${status}` as MessageKey), name: r.name, date: date(r.at) });
}

function Hidden({ item, intent }: { item: Item; intent: string }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={item.id} />
      <input type="hidden" name="version" value={item.version} />
    </>
  );
}

function DecisionPanel({
  panel,
  item,
  title,
  busy,
  fetcher,
  errors,
  onClose,
}: {
  panel: Panel;
  item: Item;
  title: string;
  busy: boolean;
  fetcher: ReturnType<typeof useFetcher<QueueAnswer>>;
  errors?: FieldErrors;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState("");
  useEffect(() => {
    const el = document.getElementById(`panel-${item.id}`)?.querySelector<HTMLElement>("[data-autofocus]");
    el?.focus();
  }, [panel, item.id]);
  const escape = (e: ReactKeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  };
  // Enter in the select submits (a select alone does not)
  const submitOnEnter = (e: ReactKeyboardEvent<HTMLSelectElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      e.currentTarget.form?.requestSubmit();
    }
  };
  return (
    <div className="bk-panel" id={`panel-${item.id}`} role="group" aria-label={t(`coordination.panel.${panel}`, { title })} onKeyDown={escape}>
      {panel === "approve" ? (
        <fetcher.Form method="post" className="bk-panel-form">
          <Hidden item={item} intent="approve" />
          <p>{t("coordination.panel.approveConfirm", { title })}</p>
          <PanelActions label={t("coordination.panel.approveSubmit")} className="button" busy={busy} onClose={onClose} autoFocus />
        </fetcher.Form>
      ) : null}
      {panel === "reject" ? (
        <fetcher.Form method="post" className="bk-panel-form" noValidate>
          <FieldScope>
            <Hidden item={item} intent="reject" />
            <SelectField
              name="code"
              label={t("brokering.reject.code")}
              placeholder={t("brokering.reject.codePlaceholder")}
              options={REJECTION_CODES.map((c) => ({ value: c, label: t(`brokering.rejection.${c}`) }))}
              error={errors?.code}
              required
              data-autofocus
              onKeyDown={submitOnEnter}
              onChange={(e) => setCode(e.currentTarget.value)}
            />
            <TextAreaField name="reason" label={code === "other" ? t("coordination.panel.reasonRequired") : t("coordination.panel.reasonOptional")} rows={2} error={errors?.reason} required={code === "other"} />
            <PanelActions label={t("brokering.reject.submit")} className="button danger" busy={busy} onClose={onClose} />
          </FieldScope>
        </fetcher.Form>
      ) : null}
      {panel === "defer" ? (
        <fetcher.Form method="post" className="bk-panel-form" noValidate>
          <FieldScope>
            <Hidden item={item} intent="defer" />
            <SelectField
              name="days"
              label={t("coordination.defer.until")}
              options={DEFER_CHOICES.map((d) => ({ value: String(d), label: t("coordination.defer.in", { days: d }) }))}
              defaultValue={String(DEFER_DEFAULT_DAYS)}
              error={errors?.days}
              data-autofocus
              onKeyDown={submitOnEnter}
            />
            <PanelActions label={t("brokering.defer.submit")} className="button secondary" busy={busy} onClose={onClose} />
          </FieldScope>
        </fetcher.Form>
      ) : null}
    </div>
  );
}

/** A panel's submit and cancel buttons. */
function PanelActions({ label, className, busy, onClose, autoFocus }: { label: string; className: string; busy: boolean; onClose(): void; autoFocus?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <button type="submit" className={className} disabled={busy} data-autofocus={autoFocus || undefined}>
        {label}
      </button>
      <button type="button" className="link-button" onClick={onClose}>
        {t("coordination.panel.cancel")}
      </button>
    </div>
  );
}

/** The list's decisions as plain forms, for browsers without JavaScript. */
function PlainForms({ item }: { item: Item }) {
  const { t } = useI18n();
  return (
    <div className="bk-noscript">
      <form method="post">
        <Hidden item={item} intent="approve" />
        <button type="submit" className="button">
          {t("coordination.quick.approve")}
        </button>
      </form>
      <form method="post">
        <Hidden item={item} intent="reject" />
        <label>
          {t("brokering.reject.code")}{" "}
          <select name="code" required>
            {REJECTION_CODES.filter((c) => c !== "other").map((c) => (
              <option key={c} value={c}>
                {t(`brokering.rejection.${c}`)}
              </option>
            ))}
          </select>
        </label>{" "}
        <button type="submit" className="button danger">
          {t("brokering.reject.submit")}
        </button>
      </form>
      {item.status === "proposed" ? (
        <form method="post">
          <Hidden item={item} intent="defer" />
          <input type="hidden" name="days" value={DEFER_DEFAULT_DAYS} />
          <button type="submit" className="button secondary">
            {t("coordination.defer.by", { days: DEFER_DEFAULT_DAYS })}
          </button>
        </form>
      ) : null}
    </div>
  );
}

const TYPING = new Set(["text", "search", "email", "number", "date", "datetime-local", "month", "week", "time", "url", "tel", "password"]);

/** Is this key press someone typing in a field (where shortcuts must not fire)? */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
  if (el.tagName === "INPUT") return TYPING.has(((el as HTMLInputElement).type || "text").toLowerCase());
  return false;
}

export interface ShortcutHandlers {
  next(): void;
  previous(): void;
  open(panel: Panel): void;
  help(): void;
}

/** j/k, a/r/d and ? on the page, except while typing in a field or with a modifier key held. */
export function useQueueShortcuts(handlers: ShortcutHandlers) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector("dialog[open]") && e.key !== "?") return;
      const h = ref.current;
      const map: Record<string, () => void> = {
        j: h.next,
        k: h.previous,
        a: () => h.open("approve"),
        r: () => h.open("reject"),
        d: () => h.open("defer"),
        "?": h.help,
      };
      const run = map[e.key];
      if (!run) return;
      e.preventDefault();
      run();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}

/** The shortcuts, in a dialog (? or the toolbar's button). */
export function ShortcutHelp({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const rows: Array<[string, MessageKey]> = [
    ["j", "coordination.keys.next"],
    ["k", "coordination.keys.previous"],
    ["a", "coordination.keys.approve"],
    ["r", "coordination.keys.reject"],
    ["d", "coordination.keys.defer"],
    [t("coordination.keys.escKey"), "coordination.keys.escape"],
    ["?", "coordination.keys.help"],
  ];
  return (
    <dialog ref={ref} className="bk-keys" aria-labelledby="keys-title" onClose={onClose}>
      <h2 id="keys-title">{t("coordination.keys.title")}</h2>
      <p className="hint">{t("coordination.keys.lead")}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("coordination.keys.key")}</th>
            <th scope="col">{t("coordination.keys.action")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([k, label]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{t(label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" className="button">
          {t("coordination.keys.close")}
        </button>
      </form>
    </dialog>
  );
}

export function Live({ children }: { children: ReactNode }) {
  return (
    <p className="visually-hidden" role="status" aria-live="polite">
      {children}
    </p>
  );
}
