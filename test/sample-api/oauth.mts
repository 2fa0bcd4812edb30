/**
 * The OAuth2 authorization server of the sample API (RFC 6749): client credentials, authorization
 * code (with optional PKCE) and rotating refresh tokens. Tokens are short-lived on purpose, by time or
 * by number of API requests, so that expiry and refresh really happen in tests and demos.
 *
 * Secrets (tokens, codes) live only as map keys here; everything reported outward (request log,
 * state) uses their ids (`at-3`, `rt-2`), so a test that prints state never prints a secret.
 */

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { authorizationErrorPage, consentPage, unregisteredRedirectPage } from './consentPage.mts';
import { json, type Reply } from './reply.mts';

export interface OAuthOptions {
	clientId: string;
	clientSecret: string;
	/** Access token lifetime; default 300 s. */
	tokenTtlSeconds?: number;
	/** An access token also expires after this many API requests (default: no limit). */
	tokenTtlRequests?: number;
	/** Issue refresh tokens with the authorization_code and refresh_token grants (default true). */
	refreshTokens?: boolean;
	/** The client is revoked: the token endpoint refuses it and its tokens stop working. */
	revoked?: boolean;
	/** Status for an expired access token: 401 (default) or 403, as some APIs do. */
	expiredStatus?: 401 | 403;
	/** Scope granted when the client asks for none. */
	defaultScope?: string;
	/**
	 * GET /oauth/authorize shows a consent page (Allow / Deny) whose form POSTs back to it, as a real
	 * authorization server does, instead of redirecting with a code at once (default false).
	 */
	consentPage?: boolean;
	/** The client's registered redirect URLs; another one gets an error page, never a redirect (default: any). */
	redirectUris?: string[];
}

export const DEFAULT_OAUTH: Required<Omit<OAuthOptions, 'tokenTtlRequests' | 'redirectUris'>> & {
	tokenTtlRequests: number | undefined;
	redirectUris: string[] | undefined;
} = {
	clientId: 'demo-client',
	clientSecret: 'demo-client-secret',
	tokenTtlSeconds: 300,
	tokenTtlRequests: undefined,
	refreshTokens: true,
	revoked: false,
	expiredStatus: 401,
	defaultScope: 'customers',
	consentPage: false,
	redirectUris: undefined,
};

export type TokenCheck =
	| { ok: true; tokenId: string }
	| { ok: false; reason: 'unknown' | 'expired' | 'revoked'; tokenId?: string };

interface AccessToken {
	id: string;
	family: string;
	expiresAt: number;
	requestsLeft: number;
	revoked: boolean;
}

interface RefreshToken {
	id: string;
	family: string;
	scope: string;
	used: boolean;
	revoked: boolean;
}

interface AuthorizationCode {
	id: string;
	redirectUri: string;
	scope: string;
	expiresAt: number;
	used: boolean;
	codeChallenge?: string;
	codeChallengeMethod?: string;
}

const CODE_TTL_MS = 60_000;

function secret(): string {
	return randomBytes(24).toString('base64url');
}

function sameSecret(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

function decodeFormComponent(value: string): string {
	try {
		return decodeURIComponent(value.replace(/\+/g, ' '));
	} catch {
		return value;
	}
}

/** RFC 6749 §5.2 error response. */
function oauthError(status: number, error: string, description: string, headers = {}): Reply {
	return json(
		status,
		{ error, error_description: description },
		{ 'cache-control': 'no-store', pragma: 'no-cache', ...headers },
	);
}

interface ClientAuth {
	clientId?: string;
	clientSecret?: string;
	viaHeader: boolean;
	conflict: boolean;
}

function clientAuthOf(authorization: string | undefined, form: URLSearchParams): ClientAuth {
	const bodyId = form.get('client_id') ?? undefined;
	const bodySecret = form.get('client_secret') ?? undefined;
	const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
	if (!match)
		return { clientId: bodyId, clientSecret: bodySecret, viaHeader: false, conflict: false };
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return { viaHeader: true, conflict: false };
	// RFC 6749 §2.3.1 form-encodes both parts; most clients (n8n included) do not, and both decode the same.
	const clientId = decodeFormComponent(decoded.slice(0, colon));
	return {
		clientId,
		clientSecret: decodeFormComponent(decoded.slice(colon + 1)),
		viaHeader: true,
		conflict: bodySecret !== undefined || (bodyId !== undefined && bodyId !== clientId),
	};
}

export class OAuthServer {
	private readonly options: typeof DEFAULT_OAUTH;
	private accessTokens = new Map<string, AccessToken>();
	private refreshTokens = new Map<string, RefreshToken>();
	private codes = new Map<string, AuthorizationCode>();
	private sequence = 0;
	private revokedFamilies = new Set<string>();
	accessTokensIssued = 0;
	refreshTokensIssued = 0;

	constructor(options: Partial<OAuthOptions> = {}) {
		this.options = resolveOAuthOptions(options);
	}

	get expiredStatus(): 401 | 403 {
		return this.options.expiredStatus;
	}

	get clientId(): string {
		return this.options.clientId;
	}

	/** Counters back to zero; issued tokens stay valid, so a client holding one is not disturbed. */
	resetCounters(): void {
		this.accessTokensIssued = 0;
		this.refreshTokensIssued = 0;
	}

	/** Every access token issued so far is expired from now on (refresh tokens still work). */
	expireAccessTokens(): void {
		for (const token of this.accessTokens.values()) token.expiresAt = 0;
	}

	/** Revokes the client: its tokens stop working and the token endpoint refuses it. */
	revokeClient(): void {
		this.options.revoked = true;
		for (const token of this.accessTokens.values()) token.revoked = true;
		for (const token of this.refreshTokens.values()) token.revoked = true;
	}

	/** Checks a Bearer token and, when it is valid, counts one API request against it. */
	useAccessToken(token: string): TokenCheck {
		const record = this.accessTokens.get(token);
		if (!record) return { ok: false, reason: 'unknown' };
		if (record.revoked || this.revokedFamilies.has(record.family)) {
			return { ok: false, reason: 'revoked', tokenId: record.id };
		}
		if (Date.now() >= record.expiresAt || record.requestsLeft <= 0) {
			return { ok: false, reason: 'expired', tokenId: record.id };
		}
		record.requestsLeft--;
		return { ok: true, tokenId: record.id };
	}

	/** The registered redirect URLs from now on (undefined: any http(s) URL). */
	setRedirectUris(uris: string[] | undefined): void {
		this.options.redirectUris = uris;
	}

	/**
	 * GET /oauth/authorize (RFC 6749 §4.1.1–4.1.2): without the consent page the code comes back at once;
	 * with it, the person sees the Allow / Deny form first.
	 */
	authorize(query: URLSearchParams): Reply {
		const checked = this.checkAuthorizationRequest(query);
		if ('reply' in checked) return checked.reply;
		if (this.options.consentPage) {
			return consentPage(query, query.get('scope') || this.options.defaultScope);
		}
		return this.grantCode(query, checked.redirectWith);
	}

	/** POST /oauth/authorize: the consent form's answer, with the request's parameters carried along. */
	decide(form: URLSearchParams): Reply {
		if (!this.options.consentPage) {
			return authorizationErrorPage('No consent page', 'This server grants codes without asking.');
		}
		const checked = this.checkAuthorizationRequest(form);
		if ('reply' in checked) return checked.reply;
		const decision = form.get('decision');
		if (decision === 'deny') {
			return checked.redirectWith({
				error: 'access_denied',
				error_description:
					'Access was denied on the consent page of the sample customer API. Connect again and choose Allow to grant it.',
			});
		}
		if (decision !== 'allow') {
			return authorizationErrorPage(
				'Choose Allow or Deny',
				'The consent form was sent without a choice.',
			);
		}
		return this.grantCode(form, checked.redirectWith);
	}

	private checkAuthorizationRequest(
		query: URLSearchParams,
	): { reply: Reply } | { redirectWith: (params: Record<string, string>) => Reply } {
		const clientId = query.get('client_id');
		const redirectUri = query.get('redirect_uri');
		// A browser shows these to a person when the consent page is on; API clients get RFC 6749 JSON.
		const refuse = (error: string, description: string, title: string) => ({
			reply: this.options.consentPage
				? authorizationErrorPage(title, description)
				: oauthError(400, error, description),
		});
		if (clientId !== this.options.clientId) {
			return refuse('invalid_client', 'Unknown client_id.', 'Unknown application');
		}
		if (!redirectUri || !/^https?:\/\//i.test(redirectUri) || !URL.canParse(redirectUri)) {
			return refuse(
				'invalid_request',
				'redirect_uri must be an absolute http(s) URL.',
				'Invalid redirect URL',
			);
		}
		const registered = this.options.redirectUris;
		if (registered && !registered.includes(redirectUri)) {
			return { reply: unregisteredRedirectPage(redirectUri, registered) };
		}
		const target = new URL(redirectUri);
		const state = query.get('state');
		if (state !== null) target.searchParams.set('state', state);
		const redirectWith = (params: Record<string, string>): Reply => {
			for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
			return { status: 302, headers: { location: target.toString(), 'cache-control': 'no-store' } };
		};
		if (query.get('response_type') !== 'code') {
			return { reply: redirectWith({ error: 'unsupported_response_type' }) };
		}
		if (this.options.revoked) return { reply: redirectWith({ error: 'unauthorized_client' }) };
		const challengeMethod = query.get('code_challenge_method') ?? 'plain';
		const codeChallenge = query.get('code_challenge') ?? undefined;
		if (codeChallenge && challengeMethod !== 'S256' && challengeMethod !== 'plain') {
			return {
				reply: redirectWith({
					error: 'invalid_request',
					error_description: 'Unsupported code_challenge_method.',
				}),
			};
		}
		return { redirectWith };
	}

	private grantCode(
		query: URLSearchParams,
		redirectWith: (params: Record<string, string>) => Reply,
	): Reply {
		const codeChallenge = query.get('code_challenge') ?? undefined;
		const code = secret();
		this.codes.set(code, {
			id: `code-${++this.sequence}`,
			redirectUri: query.get('redirect_uri') ?? '',
			scope: query.get('scope') || this.options.defaultScope,
			expiresAt: Date.now() + CODE_TTL_MS,
			used: false,
			codeChallenge,
			codeChallengeMethod: codeChallenge
				? (query.get('code_challenge_method') ?? 'plain')
				: undefined,
		});
		return redirectWith({ code });
	}

	/** POST /oauth/token (RFC 6749 §4.1.3, §4.4, §6). */
	token(authorization: string | undefined, form: URLSearchParams): Reply {
		const client = clientAuthOf(authorization, form);
		if (client.conflict) {
			return oauthError(400, 'invalid_request', 'Use one client authentication method, not two.');
		}
		const challenge = client.viaHeader
			? { 'www-authenticate': 'Basic realm="sample-api oauth"' }
			: {};
		if (
			client.clientId !== this.options.clientId ||
			client.clientSecret === undefined ||
			!sameSecret(client.clientSecret, this.options.clientSecret)
		) {
			return oauthError(401, 'invalid_client', 'Client authentication failed.', challenge);
		}
		if (this.options.revoked) {
			return oauthError(401, 'invalid_client', 'The client has been revoked.', challenge);
		}
		const grantType = form.get('grant_type');
		switch (grantType) {
			case 'client_credentials':
				return this.issue(
					form.get('scope') || this.options.defaultScope,
					`fam-${++this.sequence}`,
					false,
				);
			case 'authorization_code':
				return this.exchangeCode(form);
			case 'refresh_token':
				return this.refresh(form);
			case null:
				return oauthError(400, 'invalid_request', 'grant_type is required.');
			default:
				return oauthError(400, 'unsupported_grant_type', 'This grant type is not supported.');
		}
	}

	private exchangeCode(form: URLSearchParams): Reply {
		const code = this.codes.get(form.get('code') ?? '');
		if (!code || code.used || Date.now() >= code.expiresAt) {
			return oauthError(
				400,
				'invalid_grant',
				'The authorization code is invalid, used or expired.',
			);
		}
		code.used = true;
		if (form.get('redirect_uri') !== code.redirectUri) {
			return oauthError(
				400,
				'invalid_grant',
				'redirect_uri does not match the authorization request.',
			);
		}
		if (code.codeChallenge !== undefined) {
			const verifier = form.get('code_verifier') ?? '';
			const expected =
				code.codeChallengeMethod === 'S256'
					? createHash('sha256').update(verifier).digest('base64url')
					: verifier;
			if (!verifier || expected !== code.codeChallenge) {
				return oauthError(400, 'invalid_grant', 'PKCE verification failed.');
			}
		}
		return this.issue(code.scope, `fam-${++this.sequence}`, this.options.refreshTokens);
	}

	private refresh(form: URLSearchParams): Reply {
		const presented = this.refreshTokens.get(form.get('refresh_token') ?? '');
		if (!presented || presented.revoked || this.revokedFamilies.has(presented.family)) {
			return oauthError(400, 'invalid_grant', 'The refresh token is invalid or revoked.');
		}
		if (presented.used) {
			// A rotated refresh token presented again means a copy leaked or a client forgot the new one:
			// the whole family is revoked (OAuth 2.0 Security BCP, refresh token rotation).
			this.revokedFamilies.add(presented.family);
			return oauthError(400, 'invalid_grant', 'The refresh token was already used.');
		}
		presented.used = true;
		return this.issue(presented.scope, presented.family, this.options.refreshTokens);
	}

	private issue(scope: string, family: string, withRefreshToken: boolean): Reply {
		const accessToken = secret();
		const ttlSeconds = this.options.tokenTtlSeconds;
		this.accessTokens.set(accessToken, {
			id: `at-${++this.sequence}`,
			family,
			expiresAt: Date.now() + ttlSeconds * 1000,
			requestsLeft: this.options.tokenTtlRequests ?? Number.POSITIVE_INFINITY,
			revoked: false,
		});
		this.accessTokensIssued++;
		const body: Record<string, unknown> = {
			access_token: accessToken,
			token_type: 'Bearer',
			expires_in: Math.max(1, Math.ceil(ttlSeconds)),
			scope,
		};
		if (withRefreshToken) {
			const refreshToken = secret();
			this.refreshTokens.set(refreshToken, {
				id: `rt-${++this.sequence}`,
				family,
				scope,
				used: false,
				revoked: false,
			});
			this.refreshTokensIssued++;
			body.refresh_token = refreshToken;
		}
		return json(200, body, { 'cache-control': 'no-store', pragma: 'no-cache' });
	}
}

/** The defaults, overridden by every option that is set (an explicit `undefined` keeps the default). */
export function resolveOAuthOptions(options: Partial<OAuthOptions> = {}): typeof DEFAULT_OAUTH {
	const set = Object.entries(options).filter(([, value]) => value !== undefined);
	return { ...DEFAULT_OAUTH, ...Object.fromEntries(set) };
}
