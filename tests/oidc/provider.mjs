// A certified OpenID provider (panva's oidc-provider) on loopback, for the relying-party
// tests. Its one client is Gerbang: private_key_jwt (ES256) against the client's own
// JWKS URL, PKCE required. Whoever arrives is signed in at once as the account the test
// chose (GET /test/login-as?sub=...), with the assurance level asked for.
//
//   node provider.mjs PORT CLIENT_JWKS_URI REDIRECT_URI
import crypto from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const [port, jwksUri, redirectUri] = process.argv.slice(2);
if (!port || !jwksUri || !redirectUri) {
  console.error('usage: node provider.mjs PORT CLIENT_JWKS_URI REDIRECT_URI');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signing = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', alg: 'RS256', use: 'sig' };
const ACR = ['urn:gerbang:loa:1', 'urn:gerbang:loa:2'];
let loginAs = 'warga-1';

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'gerbang',
    redirect_uris: [redirectUri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    jwks_uri: jwksUri,
  }],
  jwks: { keys: [signing] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  acrValues: ACR,
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, email: `${id}@example.id`, email_verified: true, name: `Warga ${id}` }),
  }),
  features: { devInteractions: { enabled: false } },
  // The provider refuses to fetch from loopback (SSRF protection); here the client it
  // fetches the JWKS of runs on loopback by design.
  fetch: (url, options) => {
    delete options.dispatcher;
    return globalThis.fetch(url, options);
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
});
provider.on('server_error', (ctx, err) => console.error('server_error', err));
provider.on('grant.error', (ctx, err) => console.error('grant.error', err.message, err.error_detail ?? ''));

const handler = provider.callback();
http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname === '/test/login-as') {
      loginAs = url.searchParams.get('sub') ?? loginAs;
      res.writeHead(204).end();
      return;
    }
    if (url.pathname.startsWith('/interaction/')) {
      const details = await provider.interactionDetails(req, res);
      const grant = new provider.Grant({ accountId: loginAs, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      const asked = String(details.params.acr_values ?? '').split(' ').filter((a) => ACR.includes(a));
      await provider.interactionFinished(req, res, {
        login: { accountId: loginAs, acr: asked.at(-1) ?? ACR[0] },
        consent: { grantId },
      }, { mergeWithLastSubmission: false });
      return;
    }
    handler(req, res);
  } catch (e) {
    console.error(e);
    res.writeHead(500).end(String(e));
  }
}).listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
