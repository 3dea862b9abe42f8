/** The fields of a programme (create and edit forms) and of a funder. */
import { CheckboxField, ChoiceGroup, MoneyField, SelectField, TextAreaField, TextField, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import type { MessageKey } from "~/modules/i18n";
import { CATEGORIES } from "~/modules/postings/constants";

export interface ProgrammeValues {
  funderId?: string | null;
  nameFr?: string | null;
  nameEn?: string | null;
  descriptionFr?: string | null;
  descriptionEn?: string | null;
  website?: string | null;
  envelope?: string | number | null;
  maxPerProject?: string | number | null;
  minPartners?: string | number | null;
  eligibleCategories?: readonly string[];
  active?: boolean;
}

export function ProgrammeFields({
  funders,
  values,
  errors,
  funderLocked,
}: {
  funders: { id: string; nameFr: string; nameEn: string }[];
  values: ProgrammeValues;
  errors: FieldErrors;
  funderLocked?: boolean;
}) {
  const { t, locale } = useI18n();
  return (
    <>
      {funderLocked ? (
        <input type="hidden" name="funderId" value={values.funderId ?? ""} />
      ) : (
        <SelectField           name="funderId"
          label={t("funding.field.funder")}
          required
          placeholder={t("funding.choose")}
          options={funders.map((f) => ({ value: f.id, label: locale === "fr" ? f.nameFr : f.nameEn }))}
          defaultValue={values.funderId}
          error={errors.funderId}
        />
      )}
      <TextField name="nameFr" label={t("funding.field.nameFr")} required maxLength={300} defaultValue={values.nameFr} error={errors.nameFr} />
      <TextField name="nameEn" label={t("funding.field.nameEn")} required maxLength={300} defaultValue={values.nameEn} error={errors.nameEn} />
      <TextAreaField name="descriptionFr" label={t("funding.field.descriptionFr")} maxLength={4000} rows={3} defaultValue={values.descriptionFr} error={errors.descriptionFr} />
      <TextAreaField name="descriptionEn" label={t("funding.field.descriptionEn")} maxLength={4000} rows={3} defaultValue={values.descriptionEn} error={errors.descriptionEn} />
      <TextField name="website" type="url" inputMode="url" label={t("funding.field.website")} maxLength={2000} defaultValue={values.website} error={errors.website} />
      <MoneyField name="envelope" label={t("funding.field.envelope")} hint={t("funding.hint.money")} required defaultValue={values.envelope} error={errors.envelope} />
      <MoneyField name="maxPerProject" label={t("funding.field.maxPerProject")} hint={t("funding.hint.maxPerProject")} defaultValue={values.maxPerProject} error={errors.maxPerProject} />
      <TextField name="minPartners" type="number" inputMode="numeric" min={1} max={20} label={t("funding.field.minPartners")} hint={t("funding.hint.minPartners")} required defaultValue={values.minPartners ?? 2} error={errors.minPartners} />
      <ChoiceGroup type="checkbox" className="fd-checks" name="eligibleCategories[]"
        legend={t("funding.field.eligibleCategories")}
        selected={values.eligibleCategories ?? ["joint_grant"]}
        error={errors.eligibleCategories}
        options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}` as MessageKey) }))}
      />
      <CheckboxField name="active" value="on" label={t("funding.field.active")} defaultChecked={values.active ?? true} error={errors.active} />
    </>
  );
}
