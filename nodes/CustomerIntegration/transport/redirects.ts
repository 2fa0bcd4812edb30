/**
 * What to do with a redirect. The node follows redirects itself (n8n's own following would send the
 * credential out of the Base URL's path, and re-send a write's body elsewhere), so each hop is judged
 * here: a read may follow a redirect that stays inside the Base URL's scope; a redirect that leaves it
 * is refused before anything is sent there; a write is never re-sent.
 */

import { maskPath } from './redact';
import { isReadMethod } from './retryPolicy';
import { resolveRequestUrl } from './urlScope';

/** Hops one read may take inside the scope; browsers allow 20, an API that needs more is misconfigured. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export type RedirectVerdict =
	/** Follow, with the credential: `url` is inside the Base URL's scope. */
	| { kind: 'follow'; url: string }
	/** Leaves the Base URL's scope (another origin, or outside its path): nothing is sent there. */
	| { kind: 'outOfScope'; shown: string }
	/**
	 * A write (or a POST search) answered with a redirect: not re-sent. `mayBeApplied`: 301/302/303 often
	 * answer a request the server already handled ("see the result there"); 307/308 ask for the same
	 * request elsewhere, so this one was not applied.
	 */
	| { kind: 'write'; shown: string; mayBeApplied: boolean }
	/** A lookup sent with POST: not followed (a 301/302/303 would turn it into a GET without its body). */
	| { kind: 'search'; shown: string }
	/** A Location that is not a URL. */
	| { kind: 'invalid' }
	/** A read redirected more than MAX_REDIRECTS times, each hop inside the scope. */
	| { kind: 'tooMany' };

export function isRedirect(status: number, location: string | undefined): boolean {
	return REDIRECT_STATUSES.has(status) && location !== undefined && location.trim() !== '';
}

/** Where a redirect leads, for a message: origin and masked path, never the query. */
function shownTarget(target: URL): string {
	return `${target.origin}${maskPath(target.pathname)}`;
}

export function judgeRedirect(
	baseUrl: string,
	currentUrl: string,
	method: string,
	status: number,
	location: string,
	searchOnly = false,
): RedirectVerdict {
	let target: URL;
	try {
		target = new URL(location.trim(), currentUrl);
	} catch {
		return { kind: 'invalid' };
	}
	let inScope: string | undefined;
	try {
		inScope = resolveRequestUrl(baseUrl, target.href);
	} catch {
		inScope = undefined;
	}
	if (!isReadMethod(method) && searchOnly) {
		return inScope === undefined
			? { kind: 'outOfScope', shown: shownTarget(target) }
			: { kind: 'search', shown: shownTarget(target) };
	}
	if (!isReadMethod(method)) {
		return {
			kind: 'write',
			shown: shownTarget(target),
			mayBeApplied: status !== 307 && status !== 308,
		};
	}
	return inScope === undefined
		? { kind: 'outOfScope', shown: shownTarget(target) }
		: { kind: 'follow', url: inScope };
}
