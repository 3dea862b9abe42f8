/**
 * The form to create or edit a posting. Category-specific fields appear only for their category
 * (the server validates them with the same rules whatever the browser shows). Fields required to
 * publish carry the required mark; a draft needs only its title. The budget's basis is always
 * chosen and shown with the amount. While a posting is written, the matching engine says whether it
 * already exists elsewhere (a debounced fetcher to /postings/similar; without JavaScript, the
 * "check" button asks the page itself).
 */
import { Form, useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { MessageKey } from "~/modules/i18n";
import {
  AMENITIES,
  BUDGET_BASIS,
  CATEGORIES,
  CATEGORY_UNITS,
  DESCRIPTION_MAX,
  EQUIPMENT_ACCESS,
  EVENT_TYPES,
  GRANT_ROLES,
  IT_SERVICES,
  POSTING_KINDS,
  REGIONS,
  RESEARCH_DELIVERABLES,
  SD_AXES,
  TITLE_MAX,
  TRAINING_FORMATS,
  VISIBILITIES,
  type BudgetBasis,
  type Category,
  type Unit,
} from "~/modules/postings/constants";
import type { SimilarPostings } from "~/modules/postings/similar.server";
import { CheckboxField, ChoiceGroup, ErrorSummary, FieldScope, MoneyField, SelectField, TextAreaField, TextField, type FieldErrors } from "./form";
import { useI18n } from "./i18n";

export type PostingFormValues = Record<string, string | string[] | undefined>;

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v) ?? "";
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

interface PostingFormProps {
  mode: "create" | "edit";
  values: PostingFormValues;
  errors?: FieldErrors;
  contacts: { id: string; name: string }[];
  version?: number;
  programmes?: string[];
  /** Editing a draft: it can be saved again as a draft, or published. */
  draft?: boolean;
  /** Similar postings found by a "check" submit (without JavaScript). */
  similar?: SimilarPostings | null;
}

/** The bases a budget may have for these units: a total first, then each unit's own (deduplicated). */
function basesFor(units: readonly Unit[]): BudgetBasis[] {
  return ["total", ...new Set(units.map((u) => BUDGET_BASIS[u]))];
}

export function PostingForm({ mode, values, errors, contacts, version, programmes = [], draft = false, similar = null }: PostingFormProps) {
  const { t } = useI18n();
  // A category the list doesn't have (a hand-made request) shows as none chosen, with its error.
  const [category, setCategory] = useState<Category | "">(CATEGORIES.find((c) => c === str(values.category)) ?? "");
  const [unit, setUnit] = useState(str(values.unit));
  const busy = useNavigation().state === "submitting";
  const e = (name: string) => errors?.[name];
  const opts = (values: readonly string[], prefix: string) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as MessageKey) }));
  const attr = (name: string) => `attributes.${name}`;
  const units = category ? CATEGORY_UNITS[category] : [];
  // The unit the amount would be per: the chosen one, the category's only one; else every possible one (no JavaScript yet).
  const knownUnit = units.length === 1 ? units[0] : units.includes(unit as Unit) ? (unit as Unit) : null;
  const bases = knownUnit ? basesFor([knownUnit]) : basesFor(units);
  const publishing = mode === "create" || draft;
  const similarCheck = useSimilarCheck(similar);

  return (
    <Form method="post" className="posting-form" noValidate onChange={similarCheck.onChange} ref={similarCheck.formRef}>
      <FieldScope>
        <ErrorSummary errors={errors} />
        <p className="hint">{t("postings.form.requiredNote")}</p>
        {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}

        <fieldset className="form-section">
          <legend>{t("postings.form.what")}</legend>
          <ChoiceGroup name="kind" legend={t("postings.field.kind")} options={opts(POSTING_KINDS, "kind")} selected={[str(values.kind)]} error={e("kind")} required />
          <SelectField
            name="category"
            label={t("postings.field.category")}
            required
            value={category}
            onChange={(ev) => setCategory(ev.target.value as Category)}
            placeholder={t("postings.form.choose")}
            options={opts(CATEGORIES, "category")}
            error={e("category")}
          />
          <TextField name="title" label={t("postings.field.title")} hint={t("postings.hint.title", { max: TITLE_MAX })} maxLength={TITLE_MAX} required defaultValue={str(values.title)} error={e("title")} />
          <TextAreaField name="description" label={t("postings.field.description")} hint={t("postings.hint.description")} maxLength={DESCRIPTION_MAX} required defaultValue={str(values.description)} error={e("description")} />
          <TextField name="tags" label={t("postings.field.tags")} hint={t("postings.hint.tags")} defaultValue={str(values.tags)} error={e("tags")} />
          <ChoiceGroup name="language" legend={t("postings.field.language")} options={[{ value: "fr", label: t("lang.fr") }, { value: "en", label: t("lang.en") }]} selected={[str(values.language)]} error={e("language")} required />
        </fieldset>

        <SimilarPanel result={similarCheck.result} checking={similarCheck.checking} />

        {category ? (
          <fieldset className="form-section" aria-live="polite">
            <legend>{t("postings.form.details", { category: t(`category.${category}` as MessageKey) })}</legend>
            {category === "office_space" ? (
              <ChoiceGroup name={`${attr("amenities")}[]`} type="checkbox" legend={t("postings.attr.amenities")} options={opts(AMENITIES, "postings.attr.amenities")} selected={list(values[attr("amenities")])} error={e(attr("amenities"))} />
            ) : null}
            {category === "it_support" ? (
              <SelectField name={attr("service")} label={t("postings.attr.service")} required placeholder={t("postings.form.choose")} options={opts(IT_SERVICES, "postings.attr.service")} defaultValue={str(values[attr("service")])} error={e(attr("service"))} />
            ) : null}
            {category === "research" || category === "training" ? (
              <TextField name={attr("topic")} label={t("postings.attr.topic")} required maxLength={200} defaultValue={str(values[attr("topic")])} error={e(attr("topic"))} />
            ) : null}
            {category === "research" ? (
              <SelectField name={attr("deliverable")} label={t("postings.attr.deliverable")} required placeholder={t("postings.form.choose")} options={opts(RESEARCH_DELIVERABLES, "postings.attr.deliverable")} defaultValue={str(values[attr("deliverable")])} error={e(attr("deliverable"))} />
            ) : null}
            {category === "training" ? (
              <ChoiceGroup name={attr("format")} legend={t("postings.attr.format")} required options={opts(TRAINING_FORMATS, "postings.attr.format")} selected={[str(values[attr("format")])]} error={e(attr("format"))} />
            ) : null}
            {category === "joint_grant" ? (
              <>
                <TextField name="programme" label={t("postings.field.programme")} required hint={t("postings.hint.programme")} maxLength={200} defaultValue={str(values.programme)} error={e("programme")} list="programme-options" />
                <datalist id="programme-options">
                  {programmes.map((p) => (
                    <option key={p} value={p} />
                  ))}
                </datalist>
                <TextField name="deadline" type="date" label={t("postings.field.deadline")} required defaultValue={str(values.deadline)} error={e("deadline")} />
                <MoneyField name={attr("amountSought")} label={t("postings.attr.amountSought")} hint={t("postings.hint.money")} defaultValue={str(values[attr("amountSought")])} error={e(attr("amountSought"))} />
                <ChoiceGroup name={attr("role")} legend={t("postings.attr.role")} required options={opts(GRANT_ROLES, "postings.attr.role")} selected={[str(values[attr("role")])]} error={e(attr("role"))} />
              </>
            ) : null}
            {category === "expertise" ? (
              <TextField name={attr("domain")} label={t("postings.attr.domain")} required maxLength={200} defaultValue={str(values[attr("domain")])} error={e(attr("domain"))} />
            ) : null}
            {category === "equipment" || category === "group_purchasing" ? (
              <TextField name={attr("item")} label={t("postings.attr.item")} required maxLength={200} defaultValue={str(values[attr("item")])} error={e(attr("item"))} />
            ) : null}
            {category === "equipment" ? (
              <ChoiceGroup name={attr("access")} legend={t("postings.attr.access")} required options={opts(EQUIPMENT_ACCESS, "postings.attr.access")} selected={[str(values[attr("access")])]} error={e(attr("access"))} />
            ) : null}
            {category === "events" ? (
              <>
                <SelectField name={attr("eventType")} label={t("postings.attr.eventType")} required placeholder={t("postings.form.choose")} options={opts(EVENT_TYPES, "postings.attr.eventType")} defaultValue={str(values[attr("eventType")])} error={e(attr("eventType"))} />
                <CheckboxField name={attr("ecoResponsible")} label={t("postings.attr.ecoResponsible")} defaultChecked={str(values[attr("ecoResponsible")]) === "true"} error={e(attr("ecoResponsible"))} />
              </>
            ) : null}
            {units.length ? (
              <div className="field-row">
                <TextField
                  name="quantity"
                  inputMode="decimal"
                  label={category === "office_space" ? t("postings.field.space") : t("postings.field.quantity")}
                  required={category === "office_space"}
                  hint={category === "office_space" ? t("postings.hint.space") : undefined}
                  defaultValue={str(values.quantity)}
                  error={e("quantity")}
                />
                {units.length === 1 ? (
                  <>
                    <input type="hidden" name="unit" value={units[0]} />
                    <p className="unit-label">{t(`postings.unit.${units[0]}` as MessageKey)}</p>
                  </>
                ) : (
                  <SelectField
                    name="unit"
                    label={t("postings.field.unit")}
                    value={unit}
                    onChange={(ev) => setUnit(ev.target.value)}
                    placeholder={t("postings.form.choose")}
                    options={units.map((u) => ({ value: u, label: t(`postings.unit.${u}` as MessageKey) }))}
                    error={e("unit")}
                  />
                )}
              </div>
            ) : null}
          </fieldset>
        ) : null}

        <fieldset className="form-section">
          <legend>{t("postings.form.whereWhen")}</legend>
          <SelectField
            name="region"
            label={t("postings.field.region")}
            required={category === "office_space"}
            placeholder={t("postings.form.noRegion")}
            options={opts(REGIONS, "region")}
            defaultValue={str(values.region)}
            error={e("region")}
          />
          <div className="field-row">
            <TextField name="startDate" type="date" label={t("postings.field.startDate")} required={category === "office_space"} defaultValue={str(values.startDate)} error={e("startDate")} />
            <TextField name="endDate" type="date" label={t("postings.field.endDate")} defaultValue={str(values.endDate)} error={e("endDate")} />
          </div>
          <MoneyField name="budgetMax" label={t("postings.field.budgetMax")} hint={t("postings.hint.budgetAmount")} defaultValue={str(values.budgetMax)} error={e("budgetMax")} />
          {bases.length > 1 ? (
            <ChoiceGroup
              key={bases.join()}
              name="budgetBasis"
              legend={t("postings.field.budgetBasis")}
              options={bases.map((b) => ({ value: b, label: t(`postings.basisOption.${b}` as MessageKey) }))}
              selected={[str(values.budgetBasis)]}
              error={e("budgetBasis")}
            />
          ) : (
            <>
              <input type="hidden" name="budgetBasis" value="total" />
              <p className="hint">{t("postings.hint.basisTotalOnly")}</p>
              {e("budgetBasis") ? <p className="field-error">{t(e("budgetBasis")!.key, e("budgetBasis")!.params)}</p> : null}
            </>
          )}
        </fieldset>

        <fieldset className="form-section">
          <legend>{t("postings.form.more")}</legend>
          <ChoiceGroup name="sdAxes[]" type="checkbox" legend={t("postings.field.sdAxes")} hint={t("postings.hint.sdAxes")} options={opts(SD_AXES, "postings.sdAxis")} selected={list(values.sdAxes)} error={e("sdAxes")} />
          <ChoiceGroup
            name="visibility"
            legend={t("postings.field.visibility")}
            options={VISIBILITIES.map((v) => ({ value: v, label: t(`postings.visibility.${v}.long` as MessageKey) }))}
            selected={[str(values.visibility) || "network"]}
            error={e("visibility")}
          />
          <SelectField name="contactUserId" label={t("postings.field.contactUserId")} options={contacts.map((c) => ({ value: c.id, label: c.name }))} defaultValue={str(values.contactUserId)} error={e("contactUserId")} />
        </fieldset>

        <div className="actions">
          {publishing ? (
            <>
              <button type="submit" name="intent" value="publish" className="button" disabled={busy}>
                {t("postings.form.publish")}
              </button>
              <button type="submit" name="intent" value="draft" className="button secondary" disabled={busy}>
                {mode === "create" ? t("postings.form.saveDraft") : t("postings.form.saveDraftAgain")}
              </button>
            </>
          ) : (
            <button type="submit" name="intent" value="save" className="button" disabled={busy}>
              {t("postings.form.save")}
            </button>
          )}
          <button type="submit" name="intent" value="check" className="button secondary" disabled={busy}>
            {t("postings.similar.check")}
          </button>
        </div>
      </FieldScope>
    </Form>
  );
}

const CHECK_DELAY_MS = 700;

/**
 * Ask /postings/similar about the form as it stands, a moment after the person stops typing (one
 * request at a time: the fetcher drops a stale answer). Starts from a check the page itself answered.
 */
function useSimilarCheck(initial: SimilarPostings | null) {
  const fetcher = useFetcher<SimilarPostings>();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const submit = fetcher.submit;
  const check = () => {
    const form = formRef.current;
    if (form) submit(new FormData(form), { method: "post", action: "/postings/similar" });
  };
  const onChange = (_ev: FormEvent<HTMLFormElement>) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(check, CHECK_DELAY_MS);
  };
  // An edit form opens with a posting to check: check it once.
  useEffect(() => {
    const form = formRef.current;
    if (form && !initial && (form.elements.namedItem("title") as HTMLInputElement | null)?.value) check();
    return () => clearTimeout(timer.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on mount
  }, []);
  return { formRef, onChange, result: fetcher.data ?? initial, checking: fetcher.state !== "idle" };
}

/** What the engine found: other clusters' needs (a pool may form) and offers, or why nothing yet. */
function SimilarPanel({ result, checking }: { result: SimilarPostings | null; checking: boolean }) {
  const { t } = useI18n();
  return (
    <section className="similar card" aria-labelledby="similar-title">
      <h2 id="similar-title">{t("postings.similar.title")}</h2>
      <div aria-live="polite" aria-busy={checking}>
        {!result || result.status === "incomplete" ? (
          <p className="muted">{checking ? t("postings.similar.checking") : t("postings.similar.tooShort")}</p>
        ) : result.needs.length === 0 && result.offers.length === 0 ? (
          <p className="muted">{t("postings.similar.none")}</p>
        ) : (
          <>
            {result.kind === "need" && result.poolClusters > 0 ? <p className="similar-headline">{t("postings.similar.pool", { count: result.poolClusters })}</p> : null}
            {result.kind === "offer" && result.needs.length ? <p className="similar-headline">{t("postings.similar.needsForOffer", { count: result.needs.length })}</p> : null}
            {result.needs.length ? <SimilarList title={t("postings.similar.needsTitle")} items={result.needs} /> : null}
            {result.offers.length ? (
              <>
                <p className="similar-headline">{t("postings.similar.offers", { count: result.offers.length })}</p>
                <SimilarList title={t("postings.similar.offersTitle")} items={result.offers} />
              </>
            ) : null}
          </>
        )}
      </div>
      <p className="hint">{t("postings.similar.hint")}</p>
    </section>
  );
}

function SimilarList({ title, items }: { title: string; items: { id: string; title: string; language: string; clusterName: string }[] }) {
  const { t } = useI18n();
  return (
    <ul className="similar-list" aria-label={title}>
      {items.map((i) => (
        <li key={i.id}>
          <a href={`/postings/${i.id}`} target="_blank" rel="noopener">
            <span lang={i.language}>{i.title}</span>
            <span className="visually-hidden"> {t("postings.similar.newTab")}</span>
          </a>{" "}
          <span className="muted small">— {i.clusterName}</span>
        </li>
      ))}
    </ul>
  );
}
