/** The transport's public face: operations import from here, never from the parts. */
export {
	type ApiCall,
	type ApiConnection,
	type ApiResponse,
	credentialTypeFor,
	DEFAULT_POLICY,
	openConnection,
	type RequestPolicy,
	type Webservice,
} from './connection';
export { OutcomeUnknownError } from './apiErrors';
export { type FallbackPolicy, readWithFallback } from './fallback';
export { apiRequest } from './request';
