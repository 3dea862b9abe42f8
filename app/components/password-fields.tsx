import { TextField, type FieldErrors } from "./form";
import { useI18n } from "./i18n";

/** New password + confirmation, with the length hint. */
export function NewPasswordFields({ errors }: { errors?: FieldErrors }) {
  const { t } = useI18n();
  return (
    <>
      <TextField name="password" type="password" label={t("password.new")} hint={t("password.hint", { min: 12 })} autoComplete="new-password" required minLength={12} error={errors?.password} />
      <TextField name="confirm" type="password" label={t("password.confirm")} autoComplete="new-password" required error={errors?.confirm} />
    </>
  );
}
