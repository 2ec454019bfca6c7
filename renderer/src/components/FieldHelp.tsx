import { FormHelperText, HelperText, HelperTextItem } from '@patternfly/react-core';

/** A field's hint, or its error in its place: the error is what the user needs now. */
export function FieldHelp({ id, hint, error }: { id: string; hint?: string | undefined; error?: string | undefined }) {
  if (!hint && !error) return null;
  return (
    <FormHelperText>
      <HelperText id={`${id}-help`}>
        {error ? (
          <HelperTextItem variant="error" hasIcon>
            {error}
          </HelperTextItem>
        ) : (
          <HelperTextItem>{hint}</HelperTextItem>
        )}
        {error && hint ? <HelperTextItem>{hint}</HelperTextItem> : null}
      </HelperText>
    </FormHelperText>
  );
}
