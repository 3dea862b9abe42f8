/** A posting's facts (shared and category-specific fields) and its history. */
import type { MessageKey } from "~/modules/i18n";
import { budgetText } from "~/modules/postings/budget";
import { useI18n } from "./i18n";
import { useDayFormat } from "./posting-card";

export interface PostingDetailsData {
  kind: string | null;
  category: string | null;
  description: string;
  tags: string[];
  language: string;
  region: string | null;
  startDate: string | null;
  endDate: string | null;
  quantity: number | null;
  unit: string | null;
  budgetMax: number | null;
  budgetBasis: string | null;
  programme: string | null;
  deadline: string | null;
  attributes: Record<string, unknown>;
  sdAxes: string[];
  visibility: string;
}

const CHOICE_ATTRIBUTES = new Set(["service", "deliverable", "role", "format", "access", "eventType", "amenities"]);

export function PostingDetails({ posting }: { posting: PostingDetailsData }) {
  const { t, number, money } = useI18n();
  const day = useDayFormat();
  const label = (key: string) => t(key as MessageKey);
  const unitLabel = posting.unit ? label(`postings.unit.${posting.unit}`) : "";
  const attributes = Object.entries(posting.attributes ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0));
  const attributeValue = (name: string, v: unknown): string => {
    if (Array.isArray(v)) return v.map((x) => attributeValue(name, x)).join(", ");
    if (typeof v === "boolean") return t(v ? "postings.yes" : "postings.no");
    if (typeof v === "number") return name === "amountSought" ? money(v) : number(v);
    if (CHOICE_ATTRIBUTES.has(name)) return label(`postings.attr.${name}.${String(v)}`);
    return String(v);
  };
  return (
    <>
      <section aria-labelledby="desc-title" className="section">
        <h2 id="desc-title">{t("postings.field.description")}</h2>
        <p className="prose" lang={posting.language}>
          {posting.description}
        </p>
        {posting.tags.length ? (
          <ul className="tags" aria-label={t("postings.field.tags")}>
            {posting.tags.map((tag) => (
              <li key={tag}>{tag}</li>
            ))}
          </ul>
        ) : null}
      </section>
      <section aria-labelledby="facts-title" className="section">
        <h2 id="facts-title">{t("postings.page.facts")}</h2>
        <dl className="facts">
          <Fact term={t("postings.field.region")} value={posting.region ? label(`region.${posting.region}`) : t("postings.page.anyRegion")} />
          {posting.startDate || posting.endDate ? (
            <Fact term={t("postings.page.period")} value={`${posting.startDate ? day(posting.startDate) : "…"} – ${posting.endDate ? day(posting.endDate) : "…"}`} />
          ) : null}
          {posting.quantity !== null ? <Fact term={t("postings.field.quantity")} value={`${number(posting.quantity)} ${unitLabel}`.trim()} /> : null}
          {posting.budgetMax !== null ? (
            <Fact
              term={t(posting.kind === "need" ? "postings.page.budgetNeed" : "postings.page.budgetOffer")}
              value={budgetText(t, money, posting.budgetMax, posting.budgetBasis)}
            />
          ) : null}
          {posting.programme ? <Fact term={t("postings.field.programme")} value={posting.programme} /> : null}
          {posting.deadline ? <Fact term={t("postings.field.deadline")} value={day(posting.deadline)} /> : null}
          {attributes.map(([name, v]) => (
            <Fact key={name} term={label(`postings.attr.${name}`)} value={attributeValue(name, v)} />
          ))}
          {posting.sdAxes.length ? <Fact term={t("postings.field.sdAxes")} value={posting.sdAxes.map((a) => label(`postings.sdAxis.${a}`)).join(", ")} /> : null}
          <Fact term={t("postings.field.visibility")} value={label(`postings.visibility.${posting.visibility}.long`)} />
          <Fact term={t("postings.field.language")} value={label(`lang.${posting.language}`)} />
        </dl>
      </section>
    </>
  );
}

function Fact({ term, value }: { term: string; value: string }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}

export interface HistoryEntryData {
  id: number;
  action: string;
  at: string;
  actorName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const FIELD_LABELS: Record<string, MessageKey> = {
  kind: "postings.field.kind",
  category: "postings.field.category",
  title: "postings.field.title",
  description: "postings.field.description",
  tags: "postings.field.tags",
  language: "postings.field.language",
  region: "postings.field.region",
  startDate: "postings.field.startDate",
  endDate: "postings.field.endDate",
  quantity: "postings.field.quantity",
  unit: "postings.field.unit",
  budgetMax: "postings.field.budgetMax",
  budgetBasis: "postings.field.budgetBasis",
  closeReason: "postings.close.reason",
  programme: "postings.field.programme",
  deadline: "postings.field.deadline",
  attributes: "postings.history.attributes",
  sdAxes: "postings.field.sdAxes",
  visibility: "postings.field.visibility",
  status: "postings.field.status",
  expiresAt: "postings.history.expiresAt",
  contactUserId: "postings.field.contactUserId",
};

export function PostingHistory({ entries }: { entries: HistoryEntryData[] }) {
  const { t, dateTime } = useI18n();
  const status = (v: unknown) => t(`postings.status.${String(v)}` as MessageKey);
  return (
    <section aria-labelledby="history-title" className="section">
      <h2 id="history-title">{t("postings.history.title")}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t("postings.history.empty")}</p>
      ) : (
        <ol className="history">
          {entries.map((e) => {
            const actionKey = `postings.history.${e.action.replace("posting.", "")}` as MessageKey;
            let detail = "";
            if (e.action === "posting.update" && e.after) detail = Object.keys(e.after).map((f) => (FIELD_LABELS[f] ? t(FIELD_LABELS[f]) : f)).join(", ");
            else if ((e.action === "posting.status" || e.action === "posting.expire" || e.action === "posting.renew") && e.before?.status && e.after?.status)
              detail = `${status(e.before.status)} → ${status(e.after.status)}${e.after.closeReason ? ` — ${t(`postings.close.reason.${String(e.after.closeReason)}` as MessageKey)}` : ""}`;
            return (
              <li key={e.id}>
                <time dateTime={e.at}>{dateTime(e.at)}</time> — <strong>{t(actionKey)}</strong>
                {detail ? <span> ({detail})</span> : null}
                <span className="muted"> · {e.actorName ?? t("postings.history.system")}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
