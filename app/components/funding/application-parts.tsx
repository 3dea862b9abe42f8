/** Pieces of an application page shared by the consortium's view and the funder's read-only view. */
import { useI18n } from "~/components/i18n";
import { daysBetween, todayIso } from "~/modules/funding/metrics";
import type { ApplicationStage } from "~/modules/funding/stages";
import { percent } from "./charts";
import { StageBadge, useCalendarDate } from "./pipeline-views";

interface Named {
  nameFr: string;
  nameEn: string;
}

export interface FactsApplication {
  stage: ApplicationStage;
  deadline: string | null;
  amountRequested: number | null;
  amountAwarded: number | null;
  cofinancingPublic: number | null;
  cofinancingClusters: number | null;
  cofinancingFirms: number | null;
  programmeText: string | null;
  programme: (Named & { maxPerProject: number | null; minPartners: number }) | null;
  funder: Named | null;
  call: { labelFr: string; labelEn: string } | null;
}

export function ApplicationFacts({ app }: { app: FactsApplication }) {
  const { t, locale, money } = useI18n();
  const calendar = useCalendarDate();
  const name = (n: Named) => (locale === "fr" ? n.nameFr : n.nameEn);
  const split = [
    { key: "public", label: t("funding.cofinancing.public"), value: app.cofinancingPublic ?? 0 },
    { key: "clusters", label: t("funding.cofinancing.clusters"), value: app.cofinancingClusters ?? 0 },
    { key: "firms", label: t("funding.cofinancing.firms"), value: app.cofinancingFirms ?? 0 },
  ];
  const budget = split.reduce((a, s) => a + s.value, 0);
  const left = app.deadline ? daysBetween(todayIso(), app.deadline) : null;
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t("funding.field.programme")}</dt>
          <dd>
            {app.programme ? name(app.programme) : app.programmeText}
            {!app.programme ? <span className="fd-tag">{t("funding.programme.unlisted")}</span> : null}
          </dd>
        </div>
        {app.funder ? (
          <div>
            <dt>{t("funding.field.funder")}</dt>
            <dd>{name(app.funder)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("funding.field.deadline")}</dt>
          <dd>
            {calendar(app.deadline)}
            {app.call ? <span className="muted"> — {locale === "fr" ? app.call.labelFr : app.call.labelEn}</span> : null}
            {left !== null && left >= 0 && ["idea", "consortium_formed", "drafting"].includes(app.stage) ? (
              <span className={`fd-days${left <= 14 ? " soon" : ""}`}>{t("funding.deadlines.daysLeft", { count: left })}</span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t("funding.field.amountRequested")}</dt>
          <dd>
            {app.amountRequested !== null ? money(app.amountRequested) : "—"}
            {app.programme?.maxPerProject ? <span className="small muted"> ({t("funding.programme.maxShort", { amount: money(app.programme.maxPerProject) })})</span> : null}
          </dd>
        </div>
        <div>
          <dt>{t("funding.field.amountAwarded")}</dt>
          <dd>{app.amountAwarded !== null ? money(app.amountAwarded) : "—"}</dd>
        </div>
        <div>
          <dt>{t("funding.field.budget")}</dt>
          <dd>{budget > 0 ? money(budget) : "—"}</dd>
        </div>
      </dl>
      {budget > 0 ? (
        <figure className="fd-split" aria-labelledby="fd-split-caption">
          <figcaption id="fd-split-caption">{t("funding.cofinancing.title")}</figcaption>
          <div className="fd-split-bar" aria-hidden="true">
            {split.map((s) =>
              s.value > 0 ? <span key={s.key} className={`fd-split-${s.key}`} style={{ width: `${(s.value / budget) * 100}%` }} /> : null,
            )}
          </div>
          <ul className="fd-split-legend">
            {split.map((s) => (
              <li key={s.key}>
                <span className={`fd-swatch fd-split-${s.key}`} aria-hidden="true" /> {t("funding.item", { label: s.label, value: `${money(s.value)} (${percent(locale, s.value / budget)})` })}
              </li>
            ))}
          </ul>
        </figure>
      ) : null}
    </>
  );
}

export interface HistoryRow {
  id: number;
  fromStage: ApplicationStage | null;
  toStage: ApplicationStage;
  at: string;
  byName?: string | null;
  note?: string | null;
}

export function StageHistory({ changes }: { changes: HistoryRow[] }) {
  const { t, dateTime } = useI18n();
  return (
    <ol className="fd-history">
      {[...changes].reverse().map((c) => (
        <li key={c.id}>
          <p>
            {c.fromStage ? (
              <>
                <StageBadge stage={c.fromStage} /> <span aria-hidden="true">→</span>
                <span className="visually-hidden">{t("funding.history.to")}</span> <StageBadge stage={c.toStage} />
              </>
            ) : (
              <>
                {t("funding.history.created")} <StageBadge stage={c.toStage} />
              </>
            )}
          </p>
          <p className="small muted">
            <time dateTime={c.at}>{dateTime(c.at)}</time>
            {c.byName ? ` · ${c.byName}` : ""}
          </p>
          {c.note ? <p className="fd-note">{c.note}</p> : null}
        </li>
      ))}
    </ol>
  );
}
