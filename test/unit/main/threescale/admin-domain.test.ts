import { describe, expect, it } from 'vitest';
import { parseAdminDomain, parseBaseUrlOverride } from '../../../../main/threescale/admin-domain';

function domainOf(input: string): string {
  const result = parseAdminDomain(input);
  if (!result.ok) throw new Error(result.message);
  return `${result.value.domain} ${result.value.origin}`;
}

function refusal(input: string): string {
  const result = parseAdminDomain(input);
  if (result.ok) throw new Error(`accepted ${input}`);
  return result.message;
}

describe('parseAdminDomain', () => {
  it('takes a bare SaaS admin domain, in any case and with spaces around', () => {
    expect(domainOf('acme-admin.3scale.net')).toBe('acme-admin.3scale.net https://acme-admin.3scale.net');
    expect(domainOf('  ACME-Admin.3scale.NET ')).toBe('acme-admin.3scale.net https://acme-admin.3scale.net');
  });

  it('takes a whole https URL pasted from the browser, keeping only the host', () => {
    expect(domainOf('https://acme-admin.3scale.net/p/admin/dashboard?x=1#top')).toBe('acme-admin.3scale.net https://acme-admin.3scale.net');
    expect(domainOf('https://acme-admin.3scale.net/')).toBe('acme-admin.3scale.net https://acme-admin.3scale.net');
  });

  it('takes on-premises domains, ports and IPv4 addresses', () => {
    expect(domainOf('3scale-admin.apps.ocp.example.com')).toBe('3scale-admin.apps.ocp.example.com https://3scale-admin.apps.ocp.example.com');
    expect(domainOf('https://apimgmt.corp.example:8443/p/admin')).toBe('apimgmt.corp.example:8443 https://apimgmt.corp.example:8443');
    expect(domainOf('10.1.2.3')).toBe('10.1.2.3 https://10.1.2.3');
  });

  it('refuses plain http except on this machine', () => {
    expect(refusal('http://acme-admin.3scale.net')).toMatch(/Only HTTPS/);
    expect(domainOf('http://127.0.0.1:4010')).toBe('127.0.0.1:4010 http://127.0.0.1:4010');
    expect(domainOf('http://localhost:4010')).toBe('localhost:4010 http://localhost:4010');
  });

  it('says which domain the admin portal has when the developer portal is given', () => {
    expect(refusal('acme.3scale.net')).toBe('acme.3scale.net is the developer portal. The admin portal is acme-admin.3scale.net.');
  });

  it('refuses empty input, spaces, other schemes, credentials and what is not a domain', () => {
    expect(refusal('')).toMatch(/Enter the admin portal's domain, e\.g\. acme-admin\.3scale\.net/);
    expect(refusal('acme admin.3scale.net')).toMatch(/spaces/);
    expect(refusal('ftp://acme-admin.3scale.net')).toMatch(/Only https:\/\//);
    expect(refusal('https://me:pw@acme-admin.3scale.net')).toMatch(/user name or password/);
    expect(refusal('acme')).toMatch(/not a valid domain/);
    expect(refusal('acme-.3scale.net')).toMatch(/not a valid domain/);
    expect(refusal('999.1.1.1')).toMatch(/not a (valid )?domain/);
  });
});

describe('parseBaseUrlOverride', () => {
  it('is off when unset, takes loopback http and any https, refuses remote http', () => {
    expect(parseBaseUrlOverride(undefined)).toBeNull();
    expect(parseBaseUrlOverride('http://127.0.0.1:4321/')).toBe('http://127.0.0.1:4321');
    expect(parseBaseUrlOverride('https://staging-admin.example.com')).toBe('https://staging-admin.example.com');
    expect(() => parseBaseUrlOverride('http://example.com')).toThrow(/only on this machine/);
    expect(() => parseBaseUrlOverride('nonsense')).toThrow(/not a URL/);
  });
});
