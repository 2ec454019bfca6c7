// What 3scale's admin API (and what stands in front of it) really answers on failure: porta's
// JSON ({"error": …}, {"status": "Not found"}, {"errors": {…}}), but also the HTML pages of a
// front proxy or router (OpenShift's, a WAF's) and porta's plain-text refusals.
import { describe, expect, it } from 'vitest';
import { ThreescaleClient, ThreescaleError } from '../../../../main/threescale/threescale-client';

const DOMAIN = { domain: 'acme-admin.3scale.net', origin: 'https://acme-admin.3scale.net' };

async function failureOf(status: number, body: string, contentType: string): Promise<ThreescaleError> {
  const fetchStub: typeof fetch = () => Promise.resolve(new Response(body, { status, headers: { 'Content-Type': contentType } }));
  const client = new ThreescaleClient({ adminDomain: DOMAIN, accessToken: 'fake-3scale-token-0001', fetch: fetchStub });
  try {
    await client.get('/api/invoices.json');
  } catch (error) {
    if (error instanceof ThreescaleError) return error;
    throw error;
  }
  throw new Error('the call did not fail');
}

const WAF_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>403 Forbidden - Request blocked</title>
<style>body { font-family: sans-serif; }</style></head>
<body><h1>Request blocked</h1><p>Your request was blocked by the web application firewall.</p><script>var x = 1;</script></body></html>`;

describe('ThreescaleClient failures', () => {
  it('says what an HTML error page says (its title), never its markup', async () => {
    const failure = await failureOf(403, WAF_PAGE, 'text/html; charset=utf-8');
    expect(failure.kind).toBe('forbidden');
    expect(failure.detail).toBe('403 Forbidden - Request blocked');
    expect(failure.message).toContain('403 Forbidden - Request blocked');
    expect(failure.message).not.toMatch(/<|DOCTYPE|font-family/);
  });

  it('reads the text of an HTML page without a title', async () => {
    const failure = await failureOf(405, '<html><body><h1>Method Not Allowed</h1>\n<p>GET is not allowed here.</p></body></html>', 'text/html');
    expect(failure.kind).toBe('refused');
    expect(failure.detail).toBe('Method Not Allowed GET is not allowed here.');
  });

  it("keeps porta's JSON and plain-text words", async () => {
    expect((await failureOf(403, '{"error":"Access denied"}', 'application/json')).kind).toBe('bad_token');
    expect((await failureOf(404, '{"status":"Not found"}', 'application/json')).detail).toBe('Not found');
    expect((await failureOf(415, 'Unsupported Finance API version 2.0', 'text/plain')).detail).toBe('Unsupported Finance API version 2.0');
  });

  it('says an HTML page where JSON was expected is not the API', async () => {
    const failure = await failureOf(200, '<html><head><title>Log in</title></head><body>SSO</body></html>', 'text/html');
    expect(failure.kind).toBe('bad_response');
    expect(failure.message).toMatch(/did not answer \/api\/invoices\.json with 3scale's JSON/);
  });
});
