/**
 * The form to create or edit a posting. Category-specific fields appear only for their category
 * (the server validates them with the same rules whatever the browser shows).
 */
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
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
  type Category,
  type Unit,
} from "~/modules/postings/constants";
import { CheckboxField, ChoiceGroup, ErrorSummary, FieldScope, RequiredNote, SelectField, TextAreaField, TextField, type FieldErrors } from "./form";
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
}

export function PostingForm({ mode, values, errors, contacts, version, programmes = [] }: PostingFormProps & { programmes?: string[] }) {
  const { t } = useI18n();
  const [category, setCategory] = useState<Category | "">((str(values.category) as Category) || "");
  const [unit, setUnit] = useState(str(values.unit));
  const busy = useNavigation().state === "submitting";
  const e = (name: string) => errors?.[name];
  const opts = (values: readonly string[], prefix: string) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as MessageKey) }));
  const attr = (name: string) => `attributes.${name}`;
  const units = category ? CATEGORY_UNITS[category] : [];
  const basis = units.includes(unit as Unit) ? BUDGET_BASIS[unit as Unit] : null;

  return (
    <Form method="post" className="posting-form" noValidate>
      <FieldScope>
      <ErrorSummary errors={errors} />
      <RequiredNote />
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

      {category ? (
        <fieldset className="form-section" aria-live="polite">
          <legend>{t("postings.form.details", { category: t(`category.${category}` as MessageKey) })}</legend>
          {category === "office_space" ? (
            <ChoiceGroup name={`${attr("amenities")}[]`} type="checkbox" legend={t("postings.attr.amenities")} options={opts(AMENITIES, "postings.attr.amenities")} selected={list(values[attr("amenities")])} error={e(attr("amenities"))} />
          ) : null}
          {category === "it_support" ? (
            <SelectField name={attr("service")} label={t("postings.attr.service")} placeholder={t("postings.form.choose")} options={opts(IT_SERVICES, "postings.attr.service")} defaultValue={str(values[attr("service")])} error={e(attr("service"))} />
          ) : null}
          {category === "research" || category === "training" ? (
            <TextField name={attr("topic")} label={t("postings.attr.topic")} maxLength={200} defaultValue={str(values[attr("topic")])} error={e(attr("topic"))} />
          ) : null}
          {category === "research" ? (
            <SelectField name={attr("deliverable")} label={t("postings.attr.deliverable")} placeholder={t("postings.form.choose")} options={opts(RESEARCH_DELIVERABLES, "postings.attr.deliverable")} defaultValue={str(values[attr("deliverable")])} error={e(attr("deliverable"))} />
          ) : null}
          {category === "training" ? (
            <ChoiceGroup name={attr("format")} legend={t("postings.attr.format")} options={opts(TRAINING_FORMATS, "postings.attr.format")} selected={[str(values[attr("format")])]} error={e(attr("format"))} />
          ) : null}
          {category === "joint_grant" ? (
            <>
              <TextField name="programme" label={t("postings.field.programme")} hint={t("postings.hint.programme")} maxLength={200} defaultValue={str(values.programme)} error={e("programme")} list="programme-options" />
              <datalist id="programme-options">
                {programmes.map((p) => (
                  <option key={p} value={p} />
                ))}
              </datalist>
              <TextField name="deadline" type="date" label={t("postings.field.deadline")} defaultValue={str(values.deadline)} error={e("deadline")} />
              <TextField name={attr("amountSought")} label={t("postings.attr.amountSought")} hint={t("postings.hint.money")} defaultValue={str(values[attr("amountSought")])} error={e(attr("amountSought"))} />
              <ChoiceGroup name={attr("role")} legend={t("postings.attr.role")} options={opts(GRANT_ROLES, "postings.attr.role")} selected={[str(values[attr("role")])]} error={e(attr("role"))} />
            </>
          ) : null}
          {category === "expertise" ? (
            <TextField name={attr("domain")} label={t("postings.attr.domain")} maxLength={200} defaultValue={str(values[attr("domain")])} error={e(attr("domain"))} />
          ) : null}
          {category === "equipment" || category === "group_purchasing" ? (
            <TextField name={attr("item")} label={t("postings.attr.item")} maxLength={200} defaultValue={str(values[attr("item")])} error={e(attr("item"))} />
          ) : null}
          {category === "equipment" ? (
            <ChoiceGroup name={attr("access")} legend={t("postings.attr.access")} options={opts(EQUIPMENT_ACCESS, "postings.attr.access")} selected={[str(values[attr("access")])]} error={e(attr("access"))} />
          ) : null}
          {category === "events" ? (
            <>
              <SelectField name={attr("eventType")} label={t("postings.attr.eventType")} placeholder={t("postings.form.choose")} options={opts(EVENT_TYPES, "postings.attr.eventType")} defaultValue={str(values[attr("eventType")])} error={e(attr("eventType"))} />
              <CheckboxField name={attr("ecoResponsible")} label={t("postings.attr.ecoResponsible")} defaultChecked={str(values[attr("ecoResponsible")]) === "true"} error={e(attr("ecoResponsible"))} />
            </>
          ) : null}
          {units.length ? (
            <div className="field-row">
              <TextField
                name="quantity"
                label={category === "office_space" ? t("postings.field.space") : t("postings.field.quantity")}
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
        <SelectField name="region" label={t("postings.field.region")} placeholder={t("postings.form.noRegion")} options={opts(REGIONS, "region")} defaultValue={str(values.region)} error={e("region")} />
        <div className="field-row">
          <TextField name="startDate" type="date" label={t("postings.field.startDate")} defaultValue={str(values.startDate)} error={e("startDate")} />
          <TextField name="endDate" type="date" label={t("postings.field.endDate")} defaultValue={str(values.endDate)} error={e("endDate")} />
        </div>
        <TextField
          name="budgetMax"
          label={t("postings.field.budgetMax")}
          hint={basis ? t(`postings.hint.budget.${basis}` as MessageKey) : t("postings.hint.budget.total")}
          defaultValue={str(values.budgetMax)}
          error={e("budgetMax")}
        />
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
        {mode === "create" ? (
          <>
            <button type="submit" name="intent" value="publish" className="button" disabled={busy}>
              {t("postings.form.publish")}
            </button>
            <button type="submit" name="intent" value="draft" className="button secondary" disabled={busy}>
              {t("postings.form.saveDraft")}
            </button>
          </>
        ) : (
          <button type="submit" name="intent" value="save" className="button" disabled={busy}>
            {t("postings.form.save")}
          </button>
        )}
      </div>
      </FieldScope>
    </Form>
  );
}
