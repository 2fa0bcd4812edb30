export type { CredentialUpdate, StoredCredential } from './credentialsHelper.mjs';
export { packageCredentialTypes, TestCredentialsHelper } from './credentialsHelper.mjs';
export type { LogLine } from './logger.mjs';
export { CapturingLogger, installLogger, serialize } from './logger.mjs';
export { setupNock } from './nock.mjs';
export { nodeTypeNameOf, PACKAGE_NAME, TestNodeTypes } from './nodeTypes.mjs';
export { OAuth2ApiStandIn } from './oAuth2ApiStandIn.mjs';
export type {
	NodeSettings,
	RunNodeOptions,
	RunResult,
	RunWorkflowOptions,
} from './runWorkflow.mjs';
export { outputsOf, runNode, runWorkflow } from './runWorkflow.mjs';
export type { CredentialTestResult } from './credentialTest.mjs';
export { runCredentialTest } from './credentialTest.mjs';
export type { NodeMethodCall } from './nodeMethods.mjs';
export { callListSearch, callLoadOptions, callResourceMapping } from './nodeMethods.mjs';
