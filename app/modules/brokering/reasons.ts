/**
 * The engine's reasons in words. Each code has a dictionary key `reason.<code>`; its raw detail
 * (region slugs, categories, resource modes, ratios) is turned into display values first, so the
 * same text serves the coordinator's queue, the party's page and the introduction email.
 */
import { formatNumber, isMessageKey, type Locale, type MessageKey, type Params, type Translate } from "~/modules/i18n";
import { conceptLabel } from "~/modules/matching/concept-labels";
import { isCategory, isUnit } from "~/modules/postings/constants";

export interface ReasonLike {
  code: string;
  weight: number;
  detail?: Record<string, string | number>;
}

/** Hard rules: a pair the engine would exclude (a hand-made match can still be made of it). */
export { isExclusionCode } from "~/modules/interchange";

const MODES = new Set(["grant", "office", "training", "it_support", "goods", "access", "service", "research", "event", "other"]);

const has = (_t: Translate, key: string): key is MessageKey => isMessageKey(key);

/** A value that might be a region, category, mode, unit or language, in words. */
function label(t: Translate, kind: "region" | "category" | "mode" | "unit" | "lang", raw: string | number | undefined): string {
  const v = raw === undefined ? "" : String(raw);
  if (!v) return t("reason.value.unspecified");
  switch (kind) {
    case "region":
      return has(t, `region.${v}`) ? t(`region.${v}` as MessageKey) : v;
    case "category":
      return isCategory(v) ? t(`category.${v}` as MessageKey) : v;
    case "mode":
      return MODES.has(v) ? t(`brokering.mode.${v}` as MessageKey) : v;
    case "unit":
      return isUnit(v) ? t(`postings.unit.${v}` as MessageKey) : v;
    case "lang":
      return v === "fr" || v === "en" ? t(`brokering.lang.${v}` as MessageKey) : v;
  }
}

const percent = (locale: Locale, v: string | number | undefined) =>
  typeof v === "number" ? formatNumber(locale, v, { style: "percent", maximumFractionDigits: 0 }) : "";

/**
 * Concept ids ("office_space", "it_support") in the reader's language ("espace de bureau"); words
 * the lexicon does not know ("w:gourdes") are shown as the postings wrote them.
 */
function concepts(locale: Locale, v: string | number | undefined): string {
  return String(v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((id) => conceptLabel(id, locale) ?? id.replace(/^w:/, "").replace(/^amb:/, "").replace(/_/g, " "))
    .join(", ");
}

/** What the reasons may need to know about the postings (the engine keeps no detail the postings already say). */
export interface ReasonPosting {
  kind: string;
  category: string;
  region?: string | null;
  language?: string | null;
  unit?: string | null;
  quantity?: number | null;
  budgetMax?: number | null;
  startDate?: string | null;
  endDate?: string | null;
}

export interface ReasonContext {
  /** The need (or a pool's first member). */
  a?: ReasonPosting;
  /** The offer (or a pool's second member). */
  b?: ReasonPosting;
}

/** The context of a match from its postings: need and offer, or the first two members of a pool. */
export function reasonContext(postings: readonly ReasonPosting[]): ReasonContext {
  const offer = postings.find((p) => p.kind === "offer");
  const need = postings.find((p) => p.kind === "need");
  if (offer) return { a: need, b: offer };
  return { a: postings[0], b: postings[1] };
}

const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000);

/** Share of the need's period the offer covers, when both give their dates. */
function coverageOf(ctx: ReasonContext): number | undefined {
  const { a, b } = ctx;
  if (!a?.startDate || !a.endDate || !b?.startDate || !b.endDate) return undefined;
  const lo = Math.max(dayNumber(a.startDate), dayNumber(b.startDate));
  const hi = Math.min(dayNumber(a.endDate), dayNumber(b.endDate));
  const span = dayNumber(a.endDate) - dayNumber(a.startDate) + 1;
  return span > 0 && hi >= lo ? Math.min(1, (hi - lo + 1) / span) : undefined;
}

const ratioOf = (x?: number | null, y?: number | null) => (x !== null && x !== undefined && y ? Number(x) / Number(y) : undefined);

/** Parameters of `reason.<code>`: the reason's own detail first, else what the postings say. */
export function reasonParams(t: Translate, locale: Locale, r: ReasonLike, ctx: ReasonContext = {}): Params {
  const d = r.detail ?? {};
  const num = (v: unknown) => (typeof v === "number" ? v : undefined);
  const pair = (kind: "region" | "category" | "mode" | "lang", field: "region" | "category" | "language") => ({
    a: label(t, kind, d.need ?? d.a ?? ctx.a?.[field] ?? undefined),
    b: label(t, kind, d.offer ?? d.b ?? ctx.b?.[field] ?? undefined),
  });
  const unitCode = d.unit ?? ctx.a?.unit ?? undefined;
  const unit = unitCode ? t("reason.suffix.unit", { value: label(t, "unit", unitCode) }) : "";
  const priceRatio = num(d.ratio) ?? ratioOf(ctx.b?.budgetMax, ctx.a?.budgetMax);
  switch (r.code) {
    case "same_cluster":
      return { cluster: String(d.cluster ?? "") };
    case "deadline_passed":
      return { deadline: String(d.deadline ?? "") };
    case "different_programme":
      return { a: String(d.a ?? ""), b: String(d.b ?? "") };
    case "different_resource":
      // need/offer resource modes, or the need's resources, or two needs' resources (pools)
      if (d.offer !== undefined) return { a: label(t, "mode", d.need), b: label(t, "mode", d.offer) };
      if (d.a !== undefined && MODES.has(String(d.a))) return { a: label(t, "mode", d.a), b: label(t, "mode", d.b) };
      return { a: concepts(locale, d.need ?? d.a) || t("reason.value.unspecified"), b: concepts(locale, d.b) || t("reason.value.unspecified") };
    case "text_exclusion":
      // "no textiles" (excludes) or "metal only" when the other names another material (only/other)
      if (d.only !== undefined) return { what: t("reason.value.only", { only: concepts(locale, d.only), other: concepts(locale, d.other) }) };
      return { what: concepts(locale, d.excludes) || t("reason.value.unspecified") };
    case "not_poolable":
      return { mode: label(t, "mode", d.mode) };
    case "no_date_overlap": {
      const span = (p?: ReasonPosting) => (p ? `${p.startDate ?? "…"} – ${p.endDate ?? "…"}` : "");
      return { a: d.need !== undefined || d.a !== undefined ? String(d.need ?? d.a).replace("..", " – ") : span(ctx.a), b: d.offer !== undefined || d.b !== undefined ? String(d.offer ?? d.b).replace("..", " – ") : span(ctx.b) };
    }
    case "region_incompatible":
    case "same_region":
    case "adjacent_region":
    case "remote":
    case "region_unspecified":
      return pair("region", "region");
    case "insufficient_quantity":
      return { need: formatNumber(locale, Number(d.need ?? ctx.a?.quantity ?? 0)), offer: formatNumber(locale, Number(d.offer ?? ctx.b?.quantity ?? 0)), unit };
    case "over_budget": {
      const money = (v: unknown) => formatNumber(locale, Number(v ?? 0), { style: "currency", currency: "CAD", maximumFractionDigits: 0 });
      return { need: money(d.need ?? ctx.a?.budgetMax), offer: money(d.offer ?? ctx.b?.budgetMax) };
    }
    case "shared_resource":
      return { concepts: concepts(locale, d.concepts) || t("reason.value.unspecified"), similarity: percent(locale, d.similarity) || "—" };
    case "same_programme":
      return { programme: String(d.programme ?? "") };
    case "same_category":
      return { category: label(t, "category", d.category ?? ctx.a?.category) };
    case "compatible_category":
      return pair("category", "category");
    case "date_overlap": {
      const c = num(d.coverage) ?? coverageOf(ctx);
      return { coverage: c === undefined ? "" : t("reason.suffix.coverage", { value: percent(locale, c) }) };
    }
    case "capacity_fit":
      return { unit };
    case "capacity_partial": {
      const share = num(d.ratio) ?? ratioOf(ctx.b?.quantity, ctx.a?.quantity);
      return { ratio: share === undefined ? "" : t("reason.suffix.share", { value: percent(locale, share) }), unit };
    }
    case "budget_fit":
    case "budget_stretch":
      return { ratio: priceRatio === undefined ? "" : t("reason.suffix.price", { value: percent(locale, priceRatio) }) };
    case "cross_language":
      return pair("lang", "language");
    case "pool_kind":
      return { mode: label(t, "mode", d.kind), size: Number(d.size ?? 0) };
    default:
      return {};
  }
}

/** One reason as a sentence in the reader's language (an unknown code is named, never hidden). */
export function reasonText(t: Translate, locale: Locale, r: ReasonLike, ctx: ReasonContext = {}): string {
  const key = `reason.${r.code}`;
  if (!has(t, key)) return t("reason.unknown", { code: r.code });
  return t(key as MessageKey, reasonParams(t, locale, r, ctx));
}

/** Points a reason adds to the 0–100 score. */
export const reasonPoints = (r: ReasonLike) => Math.round(r.weight * 100);

/** The reasons worth showing: by weight, zero-weight context (language, pool size) last. */
export function sortedReasons<T extends ReasonLike>(reasons: readonly T[]): T[] {
  return [...reasons].sort((a, b) => b.weight - a.weight || a.code.localeCompare(b.code));
}
