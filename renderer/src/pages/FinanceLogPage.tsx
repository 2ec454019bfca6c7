import { Alert, EmptyState, EmptyStateBody, PageSection, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect, useState } from 'react';
import type { FinanceLogEntry } from '../../../common/ipc-contract';
import { bridge } from '../bridge';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function FinanceLogPage() {
  const [entries, setEntries] = useState<FinanceLogEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void bridge()
      .listFinanceLog()
      .then((result) => {
        if (!live) return;
        if (result.ok) setEntries(result.value);
        else setError(result.error.message);
      });
    return () => {
      live = false;
    };
  }, []);

  return (
    <>
      <PageSection variant="light" className="page-header">
        <Title headingLevel="h1">Finance log</Title>
        <p className="page-subtitle">Every change applied to the billing settings, newest first. Secrets are masked.</p>
      </PageSection>
      <PageSection>
        {error ? <Alert variant="danger" isInline title={error} /> : null}
        {entries && entries.length === 0 ? (
          <EmptyState>
            <Title headingLevel="h2" size="lg">
              No changes yet
            </Title>
            <EmptyStateBody>Changes saved on the Charging &amp; Gateway page are recorded here.</EmptyStateBody>
          </EmptyState>
        ) : null}
        {entries && entries.length > 0 ? (
          <Table aria-label="Finance log" role="table" variant="compact" className="finance-log">
            <Thead>
              <Tr>
                <Th width={20}>Time</Th>
                <Th width={10}>User</Th>
                <Th width={30}>Change</Th>
                <Th width={40}>Details</Th>
              </Tr>
            </Thead>
            <Tbody>
              {entries.map((entry, index) => (
                <Tr key={`${entry.at}-${index}`}>
                  <Td dataLabel="Time">
                    <time dateTime={entry.at}>{timeFormat.format(new Date(entry.at))}</time>
                  </Td>
                  <Td dataLabel="User">{entry.user}</Td>
                  <Td dataLabel="Change">{entry.summary}</Td>
                  <Td dataLabel="Details">
                    <ul className="finance-log-changes">
                      {entry.changes.map((change) => (
                        <li key={change.field}>
                          <strong>{change.field}</strong>: {change.from === '' ? '(empty)' : change.from} →{' '}
                          {change.to === '' ? '(empty)' : change.to}
                        </li>
                      ))}
                    </ul>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        ) : null}
      </PageSection>
    </>
  );
}
