// The settings page's card scaffolding: a section titled by its h2 (so that it is a
// region named by its title), and for forms, the form labelled by the same title with
// its Save button. Ids follow one pattern: `${name}-card`, `${name}-title`.
import { ActionGroup, Button, Card, CardBody, CardFooter, CardTitle, Form } from '@patternfly/react-core';
import type { FormEvent, ReactNode } from 'react';

interface SettingsCardProps {
  /** 'billing-settings' gives the ids billing-settings-card and billing-settings-title. */
  name: string;
  title: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}

export function SettingsCard({ name, title, children, footer }: SettingsCardProps) {
  const titleId = `${name}-title`;
  return (
    <Card id={`${name}-card`} component="section" aria-labelledby={titleId}>
      <CardTitle id={titleId} component="h2">
        {title}
      </CardTitle>
      <CardBody>{children}</CardBody>
      {footer ? <CardFooter>{footer}</CardFooter> : null}
    </Card>
  );
}

interface FormCardProps extends Omit<SettingsCardProps, 'footer'> {
  onSave: () => void;
  /** A save runs: Save waits. */
  saving: boolean;
}

/** A card holding one form that ends with Save; Enter in a field saves too. */
export function FormCard({ name, title, children, onSave, saving }: FormCardProps) {
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onSave();
  };
  return (
    <SettingsCard name={name} title={title}>
      <Form onSubmit={onSubmit} aria-labelledby={`${name}-title`}>
        {children}
        <ActionGroup>
          <Button type="submit" variant="primary" isDisabled={saving}>
            Save
          </Button>
        </ActionGroup>
      </Form>
    </SettingsCard>
  );
}
