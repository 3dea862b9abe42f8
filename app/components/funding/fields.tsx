/**
 * Form fields of the funding pages. Like ~/components/form but with an id prefix, because the
 * application page has several forms sharing field names (amountAwarded, note, role…).
 */
import type { ReactNode } from "react";
import { ErrorText, type FieldError } from "~/components/form";

interface Common {
  form: string;
  name: string;
  label: string;
  error?: FieldError;
  hint?: string;
  required?: boolean;
}

const ids = (form: string, name: string, hint?: string, error?: FieldError) => {
  const id = `${form}-${name.replace(/\[\]$/, "")}`;
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return { id, describedBy };
};

export function Field({
  form,
  name,
  label,
  error,
  hint,
  required,
  type = "text",
  defaultValue,
  maxLength,
  inputMode,
  min,
  max,
  autoComplete,
}: Common & { type?: string; defaultValue?: string | number | null; maxLength?: number; inputMode?: "decimal" | "numeric" | "url" | "text"; min?: string | number; max?: string | number; autoComplete?: string }) {
  const { id, describedBy } = ids(form, name, hint, error);
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
        defaultValue={defaultValue ?? undefined}
        required={required}
        maxLength={maxLength}
        inputMode={inputMode}
        min={min}
        max={max}
        autoComplete={autoComplete ?? "off"}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

/** Money typed the way people write it: "250 000", "250000,50". */
export function MoneyField(props: Common & { defaultValue?: string | number | null }) {
  return <Field {...props} inputMode="decimal" maxLength={20} />;
}

export function TextArea({ form, name, label, error, hint, required, defaultValue, maxLength, rows = 4 }: Common & { defaultValue?: string | null; maxLength?: number; rows?: number }) {
  const { id, describedBy } = ids(form, name, hint, error);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <textarea id={id} name={name} rows={rows} defaultValue={defaultValue ?? undefined} required={required} maxLength={maxLength} aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select({
  form,
  name,
  label,
  error,
  hint,
  required,
  defaultValue,
  placeholder,
  options,
  groups,
}: Common & { defaultValue?: string | null; placeholder?: string; options?: Option[]; groups?: { label: string; options: Option[] }[] }) {
  const { id, describedBy } = ids(form, name, hint, error);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <select id={id} name={name} defaultValue={defaultValue ?? ""} required={required} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {(options ?? []).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {(groups ?? []).map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

/** A group of checkboxes sent as `name[]`, in a fieldset with its legend. */
export function CheckboxGroup({
  form,
  name,
  legend,
  options,
  checked,
  error,
  hint,
}: {
  form: string;
  name: string;
  legend: string;
  options: (Option & { detail?: ReactNode })[];
  checked: readonly string[];
  error?: FieldError;
  hint?: string;
}) {
  const base = `${form}-${name}`;
  return (
    <fieldset className="fd-checks" aria-describedby={[hint ? `${base}-hint` : "", error ? `${base}-error` : ""].filter(Boolean).join(" ") || undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${base}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <ul>
        {options.map((o) => (
          <li key={o.value}>
            <label>
              <input type="checkbox" name={`${name}[]`} value={o.value} defaultChecked={checked.includes(o.value)} />
              <span>
                {o.label}
                {o.detail ? <span className="fd-check-detail">{o.detail}</span> : null}
              </span>
            </label>
          </li>
        ))}
      </ul>
      <ErrorText id={`${base}-error`} error={error} />
    </fieldset>
  );
}
