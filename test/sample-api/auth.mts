/**
 * Authentication of `/api/*`: Basic with the configured user, or a Bearer token from the OAuth2
 * server. What it reports for the request log names the scheme, the user or the token id, never a
 * password or a token.
 */

import { timingSafeEqual } from 'node:crypto';

import type { OAuthServer } from './oauth.mts';
import { json, type Reply } from './reply.mts';

export interface BasicUser {
	username: string;
	password: string;
}

export const DEFAULT_BASIC: BasicUser = { username: 'demo', password: 'demo-password' };

export type AuthUsed =
	| { scheme: 'none' }
	| { scheme: 'basic'; ok: true; user: string }
	| { scheme: 'basic'; ok: false }
	| { scheme: 'bearer'; ok: boolean; tokenId?: string; problem?: 'unknown' | 'expired' | 'revoked' }
	| { scheme: 'other' };

export type AuthResult = { ok: true; used: AuthUsed } | { ok: false; used: AuthUsed; reply: Reply };

const REALM = 'sample-api';

function sameText(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

function unauthorized(
	status: 401 | 403,
	message: string,
	bearerError?: string,
	description?: string,
): Reply {
	const bearer = bearerError
		? `Bearer realm="${REALM}", error="${bearerError}", error_description="${description}"`
		: `Bearer realm="${REALM}"`;
	return json(
		status,
		{ error: status === 401 ? 'unauthorized' : 'forbidden', message },
		{ 'www-authenticate': [`Basic realm="${REALM}", charset="UTF-8"`, bearer] },
	);
}

export function authenticate(
	authorization: string | undefined,
	basic: BasicUser,
	oauth: OAuthServer,
): AuthResult {
	if (!authorization) {
		return {
			ok: false,
			used: { scheme: 'none' },
			reply: unauthorized(401, 'Authentication required.'),
		};
	}
	const [scheme, ...rest] = authorization.trim().split(/\s+/);
	const credentials = rest.join(' ');
	if (/^basic$/i.test(scheme)) {
		const decoded = Buffer.from(credentials, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		const user = colon < 0 ? decoded : decoded.slice(0, colon);
		const password = colon < 0 ? '' : decoded.slice(colon + 1);
		if (colon >= 0 && sameText(user, basic.username) && sameText(password, basic.password)) {
			return { ok: true, used: { scheme: 'basic', ok: true, user } };
		}
		return {
			ok: false,
			used: { scheme: 'basic', ok: false },
			reply: unauthorized(401, 'Invalid username or password.'),
		};
	}
	if (/^bearer$/i.test(scheme)) {
		const check = oauth.useAccessToken(credentials);
		if (check.ok) return { ok: true, used: { scheme: 'bearer', ok: true, tokenId: check.tokenId } };
		const used: AuthUsed = {
			scheme: 'bearer',
			ok: false,
			tokenId: check.tokenId,
			problem: check.reason,
		};
		if (check.reason === 'expired') {
			return {
				ok: false,
				used,
				reply: unauthorized(
					oauth.expiredStatus,
					'The access token expired.',
					'invalid_token',
					'The access token expired',
				),
			};
		}
		return {
			ok: false,
			used,
			reply: unauthorized(
				401,
				'The access token is not valid.',
				'invalid_token',
				'The access token is invalid',
			),
		};
	}
	return {
		ok: false,
		used: { scheme: 'other' },
		reply: unauthorized(401, 'Unsupported authorization scheme.'),
	};
}
