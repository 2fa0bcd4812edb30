/**
 * The test harness (test/harness) without its nock module: harness/index.mts also exports
 * setupNock, and importing nock puts its interceptor under every http request of the process, which
 * n8n does not have and which would be measured.
 */

export {
	packageCredentialTypes,
	TestCredentialsHelper,
} from '../../test/harness/credentialsHelper.mts';
export { CapturingLogger } from '../../test/harness/logger.mts';
export { TestNodeTypes } from '../../test/harness/nodeTypes.mts';
export { runNode, runWorkflow, type RunResult } from '../../test/harness/runWorkflow.mts';
