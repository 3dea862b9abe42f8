/**
 * The one field kit. Every form of the application is built from these pieces:
 *
 * - ids come from React's `useId` (through the enclosing `FieldScope`), so two forms on one page never
 *   share an id even when they share field names;
 * - every control has its label, optional hint and error, tied by `aria-describedby`, and
 *   `aria-invalid` when it has an error; required fields show a visible mark with accessible text;
 * - `ErrorSummary` (role="alert") lists the errors of a failed submit, each linked to its field, and
 *   takes focus: on load after a full-page POST (the `autofocus` attribute, no JavaScript needed) and
 *   whenever a new set of errors arrives from an action or a fetcher.
 *
 * Usage: `<Form><FieldScope><ErrorSummary errors={errors} /><TextField name="title" label=… error={errors?.title} /></FieldScope></Form>`.
 */
import {
  createContext,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type InputHTMLAttributes,
  type MouseEvent,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { useI18n } from "./i18n";

import type { FieldError, FieldErrors } from "~/modules/result";
export type { FieldError, FieldErrors } from "~/modules/result";

export interface ActionResult {
  ok?: boolean;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

/* ------------------------------------------------------------------ ids and the scope of a form */

interface Scope {
  id: string;
  /** labels of the fields rendered in this scope, by error key (read by the summary once mounted) */
  labels: Map<string, string>;
}
const ScopeContext = createContext<Scope | null>(null);

/** The key a field's error is stored under: its name without the `[]` of lists. */
export const errorKey = (name: string) => name.replace(/\[\]$/, "");
const slug = (name: string) => errorKey(name).replace(/[^\w-]/g, "-");

/** Groups the fields of one form: their ids share a `useId` prefix the error summary can link to. */
export function FieldScope({ children }: { children: ReactNode }) {
  const id = useId();
  const labels = useRef(new Map<string, string>());
  return <ScopeContext.Provider value={{ id, labels: labels.current }}>{children}</ScopeContext.Provider>;
}

/** The id of the field `name` in the enclosing scope (its own `useId` outside any scope). */
function useFieldId(name: string, label: string): string {
  const own = useId();
  const scope = useContext(ScopeContext);
  if (scope) scope.labels.set(errorKey(name), label);
  return `${scope?.id ?? own}${slug(name)}`;
}

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(" ") || undefined;

/* ------------------------------------------------------------------ the pieces of a field */

/**
 * The visible mark of a required field. Its accessible text is the control's `required` state (announced
 * by screen readers) or, for a group, the `RequiredText` its fieldset is described by — the label itself
 * stays the field's plain name.
 */
function RequiredMark() {
  const { t } = useI18n();
  return (
    <span className="required-mark" aria-hidden="true" title={t("form.required")}>
      *
    </span>
  );
}

/** "Fields marked * are required", once at the top of a long form. */
export function RequiredNote() {
  const { t } = useI18n();
  return <p className="hint">{t("form.requiredNote")}</p>;
}

function RequiredText({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <span id={id} className="visually-hidden">
      {t("form.required")}
    </span>
  );
}

/** A field's error message, announced through the control's `aria-describedby`. */
function ErrorText({ id, error }: { id: string; error?: FieldError }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p id={id} className="field-error">
      {t(error.key, error.params)}
    </p>
  );
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <p id={id} className="hint">
      {hint}
    </p>
  ) : null;
}

interface Common {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: FieldError;
  required?: boolean;
  /** extra class on the field's wrapper */
  className?: string;
}

/** Label, hint, control, error: the layout every single-control field shares. */
function Shell({ id, label, hint, error, required, className, children }: Omit<Common, "name"> & { id: string; children: ReactNode }) {
  return (
    <div className={className ? `field ${className}` : "field"}>
      {required ? (
        <span className="field-label">
          <label htmlFor={id}>{label}</label>
          <RequiredMark />
        </span>
      ) : (
        <label htmlFor={id}>{label}</label>
      )}
      <Hint id={`${id}-hint`} hint={hint} />
      {children}
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

function controlProps(id: string, { hint, error, required }: Pick<Common, "hint" | "error" | "required">) {
  return {
    id,
    required,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined),
  } as const;
}

type InputRest = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "required" | "className" | "aria-invalid" | "aria-describedby" | "defaultValue"> & {
  defaultValue?: string | number | null;
};

/** A one-line input: text, email, password, date, url, search, number… */
export function TextField({ name, label, hint, error, required, className, defaultValue, ...rest }: Common & InputRest) {
  const id = useFieldId(name, label);
  return (
    <Shell id={id} label={label} hint={hint} error={error} required={required} className={className}>
      <input type="text" defaultValue={defaultValue ?? undefined} {...rest} name={name} {...controlProps(id, { hint, error, required })} />
    </Shell>
  );
}

/** Money typed the way people write it: "250 000", "250000,50". */
export function MoneyField(props: Common & Omit<InputRest, "type" | "inputMode">) {
  return <TextField autoComplete="off" maxLength={20} {...props} inputMode="decimal" />;
}

/** A file to upload; marked invalid like any other field. */
export function FileField(props: Common & Omit<InputRest, "type" | "defaultValue" | "value">) {
  return <TextField {...props} type="file" />;
}

type TextAreaRest = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name" | "required" | "className" | "aria-invalid" | "aria-describedby" | "defaultValue">;

export function TextAreaField({ name, label, hint, error, required, className, rows = 4, defaultValue, ...rest }: Common & TextAreaRest & { defaultValue?: string | null }) {
  const id = useFieldId(name, label);
  return (
    <Shell id={id} label={label} hint={hint} error={error} required={required} className={className}>
      <textarea rows={rows} defaultValue={defaultValue ?? undefined} {...rest} name={name} {...controlProps(id, { hint, error, required })} />
    </Shell>
  );
}

export interface Option {
  value: string;
  label: string;
}

type SelectRest = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name" | "required" | "className" | "aria-invalid" | "aria-describedby" | "defaultValue">;

/** A select with an optional empty first option (`placeholder`) and optional groups. */
export function SelectField({
  name,
  label,
  hint,
  error,
  required,
  className,
  options = [],
  groups = [],
  placeholder,
  defaultValue,
  ...rest
}: Common & SelectRest & { options?: readonly Option[]; groups?: readonly { label: string; options: readonly Option[] }[]; placeholder?: string; defaultValue?: string | null }) {
  const id = useFieldId(name, label);
  const controlled = rest.value !== undefined;
  return (
    <Shell id={id} label={label} hint={hint} error={error} required={required} className={className}>
      <select {...rest} defaultValue={controlled ? undefined : (defaultValue ?? "")} name={name} {...controlProps(id, { hint, error, required })}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {groups.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </Shell>
  );
}

/**
 * Radio buttons or checkboxes under a legend. Checkbox lists are usually named `name[]`; their error is
 * read under `name`. The first box carries the field's id, so the error summary can link to it.
 */
export function ChoiceGroup({
  name,
  legend,
  options,
  selected,
  type = "radio",
  error,
  hint,
  required,
  className = "choice-group",
  hideLegend,
  onChange,
}: Omit<Common, "label"> & {
  legend: string;
  /** the legend stays for screen readers only (when a heading already says it) */
  hideLegend?: boolean;
  options: readonly { value: string; label: ReactNode; detail?: ReactNode }[];
  selected: readonly string[];
  type?: "radio" | "checkbox";
  onChange?: (value: string) => void;
}) {
  const id = useFieldId(name, legend);
  return (
    <fieldset
      className={className}
      aria-describedby={describedBy(required ? `${id}-required` : undefined, hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined)}
      aria-invalid={error ? true : undefined}
    >
      <legend className={hideLegend ? "visually-hidden" : undefined}>
        {legend}
        {required ? <RequiredMark /> : null}
      </legend>
      {required ? <RequiredText id={`${id}-required`} /> : null}
      <Hint id={`${id}-hint`} hint={hint} />
      <div className="choices">
        {options.map((o, i) => (
          <label key={o.value} className="choice">
            <input
              id={i === 0 ? id : undefined}
              type={type}
              name={name}
              value={o.value}
              defaultChecked={selected.includes(o.value)}
              required={type === "radio" ? required : undefined}
              onChange={onChange ? () => onChange(o.value) : undefined}
            />
            <span>
              {o.label}
              {o.detail ? <span className="choice-detail">{o.detail}</span> : null}
            </span>
          </label>
        ))}
      </div>
      <ErrorText id={`${id}-error`} error={error} />
    </fieldset>
  );
}

/** One checkbox with its label on the right (a yes/no field). */
export function CheckboxField({ name, label, hint, error, className, defaultValue: _unused, ...rest }: Omit<Common, "required"> & Omit<InputRest, "type">) {
  const id = useFieldId(name, label);
  return (
    <div className={className ? `field checkbox-field ${className}` : "field checkbox-field"}>
      <label className="choice" htmlFor={id}>
        <input value="true" {...rest} type="checkbox" name={name} {...controlProps(id, { hint, error })} />
        <span>{label}</span>
      </label>
      <Hint id={`${id}-hint`} hint={hint} />
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

/* ------------------------------------------------------------------ the error summary */

/**
 * The summary of a failed submit: role="alert", focused (on load without JavaScript, on each new set of
 * errors with it), each error linked to its field. `_form` holds an error of the whole form. Render it
 * inside the form's `FieldScope`, before the fields.
 */
export function ErrorSummary({ errors, labels, only }: { errors?: FieldErrors | null; labels?: Record<string, string>; /** show only these keys (e.g. `["_form"]` above several forms) */ only?: readonly string[] }) {
  const { t } = useI18n();
  const scope = useContext(ScopeContext);
  const ref = useRef<HTMLDivElement>(null);
  const [known, setKnown] = useState<Record<string, string>>({});
  const entries = Object.entries(errors ?? {}).filter((e): e is [string, FieldError] => !!e[1] && (!only || only.includes(e[0])));
  const fields = entries.filter(([k]) => k !== "_form");
  const general = errors?._form;
  useEffect(() => {
    if (!errors || !Object.entries(errors).some(([k, e]) => e && (!only || only.includes(k)))) return;
    if (scope) setKnown(Object.fromEntries(scope.labels));
    ref.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new errors object is a new failed submit
  }, [errors, scope]);
  if (entries.length === 0) return null;
  const labelOf = (k: string) => labels?.[k] ?? known[k];
  return (
    // autoFocus is rendered as the `autofocus` attribute by the server: the browser focuses the summary
    // on load after a full-page POST, before any script runs.
    // eslint-disable-next-line jsx-a11y/no-autofocus
    <div ref={ref} role="alert" className="alert alert-error error-summary" tabIndex={-1} autoFocus>
      <p className="error-summary-title">{general ? t(general.key, general.params) : t("error.formSummary")}</p>
      {fields.length ? (
        <ul>
          {fields.map(([k, e]) => {
            const message = t(e.key, e.params);
            const label = labelOf(k);
            const text = label ? t("form.errorItem", { label, message }) : message;
            const target = scope ? `${scope.id}${slug(k)}` : null;
            return (
              <li key={k}>
                {target ? (
                  <a href={`#${target}`} onClick={(ev) => focusField(ev, target)}>
                    {text}
                  </a>
                ) : (
                  text
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

/** A summary link moves focus to its field (the bare `#id` link only scrolls to it). */
function focusField(ev: MouseEvent<HTMLAnchorElement>, id: string) {
  const el = document.getElementById(id);
  if (!el) return;
  ev.preventDefault();
  el.focus();
  el.scrollIntoView({ block: "center" });
}

export function Notice({ children, tone = "success" }: { children: ReactNode; tone?: "success" | "info" | "error" }) {
  return (
    <div role="status" className={`alert alert-${tone}`}>
      {children}
    </div>
  );
}
