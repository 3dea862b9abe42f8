import { Link } from "@remix-run/react";
import type { MessageKey } from "~/modules/i18n";
import { budgetText } from "~/modules/postings/budget";
import { useI18n } from "./i18n";

export interface PostingSummary {
  id: string;
  /** Null on a draft not completed yet. */
  kind: string | null;
  category: string | null;
  title: string;
  description: string;
  tags: string[];
  language: string;
  region: string | null;
  startDate: string | null;
  endDate: string | null;
  deadline: string | null;
  status: string;
  visibility: string;
  clusterName: string;
  clusterSlug: string;
  budgetMax?: number | null;
  budgetBasis?: string | null;
}

/** Calendar days (ISO "YYYY-MM-DD") formatted as that same day everywhere (noon UTC is the same date in Québec). */
export function useDayFormat() {
  const { date } = useI18n();
  return (iso: string) => date(`${iso.slice(0, 10)}T12:00:00Z`);
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return <span className={`badge pstatus-${status}`}>{t(`postings.status.${status}` as MessageKey)}</span>;
}

export function KindBadge({ kind }: { kind: string | null }) {
  const { t } = useI18n();
  return kind ? <span className={`badge pkind-${kind}`}>{t(`kind.${kind}` as MessageKey)}</span> : <span className="badge">{t("postings.draft.noKind")}</span>;
}

export function CategoryBadge({ category }: { category: string | null }) {
  const { t } = useI18n();
  return <span className="badge">{t((category ? `category.${category}` : "postings.draft.noCategory") as MessageKey)}</span>;
}

/** "Budget maximal : 450 $ par poste par mois" — the amount always with its basis (budget.ts). */
export function BudgetLine({ kind, amount, basis, className }: { kind: string | null; amount: number | null | undefined; basis: string | null | undefined; className?: string }) {
  const { t, money } = useI18n();
  if (amount === null || amount === undefined) return null;
  return (
    <p className={className}>
      {t("postings.card.budget", { label: t(kind === "offer" ? "postings.page.budgetOffer" : "postings.page.budgetNeed"), amount: budgetText(t, money, amount, basis) })}
    </p>
  );
}

/** One posting in a list: what, who, where and when, at a glance. */
export function PostingCard({ posting, headingLevel = 3 }: { posting: PostingSummary; headingLevel?: 2 | 3 }) {
  const { t } = useI18n();
  const date = useDayFormat();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const excerpt = posting.description.length > 220 ? `${posting.description.slice(0, 220).trimEnd()}…` : posting.description;
  return (
    <article className="card posting-card">
      <p className="posting-badges">
        <KindBadge kind={posting.kind} />
        <CategoryBadge category={posting.category} />
        {posting.status !== "open" ? <StatusBadge status={posting.status} /> : null}
        {posting.visibility === "coordinator" ? <span className="badge confidential">{t("postings.visibility.coordinator")}</span> : null}
      </p>
      <Heading>
        <Link to={`/postings/${posting.id}`} lang={posting.language}>
          {posting.title}
        </Link>
      </Heading>
      <p className="muted small">
        {posting.clusterName}
        {posting.region ? ` · ${t(`region.${posting.region}` as MessageKey)}` : ""}
        {posting.startDate || posting.endDate
          ? ` · ${posting.startDate ? date(posting.startDate) : "…"} – ${posting.endDate ? date(posting.endDate) : "…"}`
          : ""}
        {posting.deadline ? ` · ${t("postings.deadlineOn", { date: date(posting.deadline) })}` : ""}
      </p>
      <BudgetLine className="muted small" kind={posting.kind} amount={posting.budgetMax} basis={posting.budgetBasis} />
      <p className="excerpt" lang={posting.language}>
        {excerpt}
      </p>
      {posting.tags.length ? (
        <ul className="tags" aria-label={t("postings.field.tags")}>
          {posting.tags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
