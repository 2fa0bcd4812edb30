/**
 * The pages a person sees at the sample API's authorization endpoint when its consent page is on (OAuth2
 * Authorization Code connected from n8n's editor): the consent form (Allow / Deny) and the errors that must
 * not be sent back to an unverified redirect URL (RFC 6749 §4.1.2.1), written for the person who meets them.
 */
import type { Reply } from './reply.mts';

/** The authorization request's parameters that the consent form carries to its POST unchanged. */
export const CONSENT_FIELDS = [
	'response_type',
	'client_id',
	'redirect_uri',
	'scope',
	'state',
	'code_challenge',
	'code_challenge_method',
] as const;

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLE = `
body { font-family: system-ui, sans-serif; background: #f3f4f6; margin: 0; }
main { max-width: 460px; margin: 64px auto; background: #fff; border-radius: 8px; padding: 28px 32px;
  box-shadow: 0 1px 4px rgba(0,0,0,.15); }
h1 { font-size: 20px; margin: 0 0 12px; }
p, li { color: #374151; line-height: 1.45; }
code { background: #f3f4f6; padding: 1px 4px; border-radius: 3px; word-break: break-all; }
.buttons { display: flex; gap: 12px; margin-top: 24px; }
button { font-size: 15px; padding: 9px 22px; border-radius: 6px; border: 1px solid #9ca3af; cursor: pointer; }
button.allow { background: #2563eb; border-color: #2563eb; color: #fff; }
.error h1 { color: #b91c1c; }`;

function page(status: number, title: string, body: string, className = ''): Reply {
	const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Sample customer API</title>
<style>${STYLE}</style></head>
<body><main class="${className}">${body}</main></body></html>`;
	return {
		status,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'cache-control': 'no-store',
			// The page must not be framed by another site (a framed Allow button is a click-jacking target).
			'x-frame-options': 'DENY',
			// No form-action: Chrome applies it to the redirect that follows the form post (back to n8n) too.
			'content-security-policy':
				"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
		},
		body: html,
	};
}

export function consentPage(params: URLSearchParams, scope: string): Reply {
	const hidden = CONSENT_FIELDS.filter((name) => params.has(name))
		.map(
			(name) =>
				`<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) ?? '')}">`,
		)
		.join('\n');
	const client = escapeHtml(params.get('client_id') ?? '');
	return page(
		200,
		'Allow access?',
		`<h1>Allow access to your customer data?</h1>
<p>The application <strong>${client}</strong> (your n8n) asks to read and update customer records of the
sample customer API on your behalf.</p>
<ul><li>Scope: <code>${escapeHtml(scope)}</code></li></ul>
<p>You can stop it at any time by revoking the application.</p>
<form method="post" action="/oauth/authorize">
${hidden}
<div class="buttons">
<button class="allow" type="submit" name="decision" value="allow">Allow</button>
<button class="deny" type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`,
	);
}

/** The redirect URL is not one registered for the client: said here, never by redirecting to it. */
export function unregisteredRedirectPage(received: string, registered: string[]): Reply {
	const list = registered.map((uri) => `<li><code>${escapeHtml(uri)}</code></li>`).join('');
	return page(
		400,
		'Redirect URL not registered',
		`<h1>This redirect URL is not registered</h1>
<p>The application asked to return to <code>${escapeHtml(received)}</code>, which is not a redirect URL
registered for this client, so no access was granted.</p>
<p>Registered redirect URLs:</p><ul>${list}</ul>
<p>In n8n, copy the <strong>OAuth Redirect URL</strong> shown in the credential and register it with the
authorization server (or set n8n's <code>WEBHOOK_URL</code> / <code>N8N_EDITOR_BASE_URL</code> so that n8n
uses the registered one), then click <strong>Connect</strong> again.</p>`,
		'error',
	);
}

export function authorizationErrorPage(title: string, message: string): Reply {
	return page(400, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`, 'error');
}
