/** Accessible form pieces: every field has a label, its error is announced and tied to it. */
import type { ReactNode } from "react";
import type { MessageKey, Params } from "~/modules/i18n";
import { useI18n } from "./i18n";

export interface FieldError {
  key: MessageKey;
  params?: Params;
}
export type FieldErrors = Record<string, FieldError | undefined>;

export interface ActionResult {
  ok?: boolean;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

export function ErrorText({ id, error }: { id: string; error?: FieldError }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p id={id} className="field-error">
      {t(error.key, error.params)}
    </p>
  );
}

interface FieldProps {
  name: string;
  label: string;
  type?: string;
  defaultValue?: string;
  error?: FieldError;
  hint?: string;
  required?: boolean;
  autoComplete?: string;
  maxLength?: number;
  minLength?: number;
  /** id of a <datalist> of suggestions (free text stays allowed) */
  list?: string;
}

export function TextField({ name, label, type = "text", defaultValue, error, hint, required, autoComplete, maxLength, minLength, list }: FieldProps) {
  const id = `f-${name}`;
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        required={required}
        autoComplete={autoComplete}
        maxLength={maxLength}
        minLength={minLength}
        list={list}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

export function SelectField({
  name,
  label,
  options,
  defaultValue,
  error,
  required,
  placeholder,
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  error?: FieldError;
  required?: boolean;
  placeholder?: string;
}) {
  const id = `f-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue ?? ""} required={required} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

/** A summary at the top of a form that failed, focused for screen readers. */
export function FormErrors({ errors }: { errors?: FieldErrors }) {
  const { t } = useI18n();
  if (!errors || Object.keys(errors).length === 0) return null;
  const general = errors._form;
  return (
    <div role="alert" className="alert alert-error">
      {general ? t(general.key, general.params) : t("error.formSummary")}
    </div>
  );
}

export function Notice({ children, tone = "success" }: { children: ReactNode; tone?: "success" | "info" | "error" }) {
  return (
    <div role="status" className={`alert alert-${tone}`}>
      {children}
    </div>
  );
}
