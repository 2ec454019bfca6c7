// One field as the settings cards draw it: label, control, then its hint or its error in
// place (FieldHelp, whose id the control names in aria-describedby), then anything the
// card adds under it.
import { Checkbox, FormGroup, FormSelect, FormSelectOption, TextArea, TextInput } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { FieldHelp } from './FieldHelp';

interface FieldProps {
  /** The control's id; its help text is `${id}-help`. */
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  /** Shown under the help text, e.g. a warning about the value. */
  children?: ReactNode;
}

const validated = (error: string | undefined) => (error ? 'error' : 'default');

interface TextFieldProps extends FieldProps {
  value: string;
  onChange: (text: string) => void;
  /** A secret: typed as a password, never autocompleted. */
  secret?: boolean;
  /** Keys and ids: no autocomplete, no spellcheck. */
  verbatim?: boolean;
  placeholder?: string | null | undefined;
  inputMode?: 'numeric';
}

export function TextField({ id, label, error, hint, children, value, onChange, secret, verbatim, placeholder, inputMode }: TextFieldProps) {
  return (
    <FormGroup label={label} fieldId={id}>
      <TextInput
        id={id}
        {...(secret ? { type: 'password' as const } : {})}
        {...(inputMode ? { inputMode } : {})}
        {...(secret || verbatim ? { autoComplete: 'off' } : {})}
        {...(verbatim ? { spellCheck: false } : {})}
        value={value}
        {...(placeholder ? { placeholder } : {})}
        validated={validated(error)}
        aria-describedby={`${id}-help`}
        onChange={(_event, text) => onChange(text)}
      />
      <FieldHelp id={id} hint={hint} error={error} />
      {children}
    </FormGroup>
  );
}

export function TextAreaField({ id, label, error, hint, children, value, onChange }: FieldProps & { value: string; onChange: (text: string) => void }) {
  return (
    <FormGroup label={label} fieldId={id}>
      <TextArea
        id={id}
        rows={2}
        resizeOrientation="vertical"
        value={value}
        validated={validated(error)}
        aria-describedby={`${id}-help`}
        onChange={(_event, text) => onChange(text)}
      />
      <FieldHelp id={id} hint={hint} error={error} />
      {children}
    </FormGroup>
  );
}

interface SelectFieldProps<T extends string> extends FieldProps {
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}

export function SelectField<T extends string>({ id, label, error, hint, children, value, options, onChange }: SelectFieldProps<T>) {
  return (
    <FormGroup label={label} fieldId={id}>
      <FormSelect id={id} value={value} validated={validated(error)} aria-describedby={`${id}-help`} onChange={(_event, next) => onChange(next as T)}>
        {options.map((option) => (
          <FormSelectOption key={option.value} value={option.value} label={option.label} />
        ))}
      </FormSelect>
      <FieldHelp id={id} hint={hint} error={error} />
      {children}
    </FormGroup>
  );
}

/** A checkbox labelled on its right, its hint under the label (3scale's layout). */
export function CheckboxField({ id, label, hint, checked, onChange }: Omit<FieldProps, 'error' | 'children'> & { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <FormGroup fieldId={id}>
      <Checkbox id={id} label={label} description={hint} isChecked={checked} onChange={(_event, next) => onChange(next)} />
    </FormGroup>
  );
}
