import type {
	NodeExecutionHint,
	ICredentialDataDecryptedObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { CustomerIntegration } from '../../nodes/CustomerIntegration/CustomerIntegration.node';
import type { NodeSettings, RunResult, TestCredentialsHelper } from '../harness/index.mjs';
import { runNode } from '../harness/index.mjs';

export const API = 'https://erp.example.com';
export const BASE_URL = `${API}/api`;
export const AUTH = 'https://auth.example.com';
export const USERNAME = 'erp-integration';
export const PASSWORD = 'Basic-Pw-7Yq2-never-shown';
export const CLIENT_ID = 'n8n-customer-client';
export const CLIENT_SECRET = 'Client-Secret-5Kd9-never-shown';

export const basicCredential: ICredentialDataDecryptedObject = {
	baseUrl: BASE_URL,
	username: USERNAME,
	password: PASSWORD,
};

export const oauthCredential: ICredentialDataDecryptedObject = {
	baseUrl: BASE_URL,
	grantType: 'clientCredentials',
	accessTokenUrl: `${AUTH}/oauth/token`,
	clientId: CLIENT_ID,
	clientSecret: CLIENT_SECRET,
	scope: 'customers',
};

export const basicHeader = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;

/** Options that keep the retry tests fast: real backoff code, waits of a few milliseconds. */
export const fastRetries = { maxAttempts: 5, maxWaitSeconds: 0.01 };

export interface CustomerRun {
	parameters: INodeParameters;
	input?: INodeExecutionData[];
	auth?: 'basic' | 'oauth2';
	credential?: ICredentialDataDecryptedObject;
	credentialsHelper?: TestCredentialsHelper;
	settings?: NodeSettings;
	/**
	 * 1 by default: most tests give Get's lookup as Look Up By + Value, as workflows saved with version 1 do
	 * (the other operations are the same in 1.1). Tests of the Customer locator pass 1.1.
	 */
	typeVersion?: number;
}

/** Runs the Customer Integration node through n8n's WorkflowExecute with a real credential. */
export async function runCustomerNode(run: CustomerRun): Promise<RunResult> {
	const oauth = run.auth === 'oauth2';
	const type = oauth ? 'customerIntegrationOAuth2Api' : 'customerIntegrationApi';
	const credential = run.credential ?? (oauth ? oauthCredential : basicCredential);
	return await runNode({
		node: new CustomerIntegration(),
		parameters: {
			authentication: oauth ? 'oAuth2' : 'basicAuth',
			resource: 'customer',
			...run.parameters,
		},
		credentials: run.credentialsHelper ? undefined : { [type]: credential },
		credentialsHelper: run.credentialsHelper,
		input: run.input,
		settings: run.settings,
		typeVersion: run.typeVersion ?? 1,
	});
}

export { SEED_RECORD } from '../fixtures/seedRecord.mts';

/** A valid record in the seed's mixed key style. */
export const ANA = {
	codigo: 'C0001',
	nome: 'Ana Souza',
	cpf: '529.982.247-25',
	data_nascimen: '31/01/1990',
	email: 'ana@exemplo.com.br',
	telefone: '(11) 98765-4321',
	estadoCivil: 'CASADA',
	endereco_logradouro: 'Rua das Flores',
	enderecoNumero: '100',
	endereco_cep: '01310-100',
	endereco_estado: 'sp',
	ativo: 'TRUE',
	crm: '123456',
};

/** Update by code with PATCH and Map Automatically; a test's own options go over `baseOptions`. */
export function updateParametersWith(
	baseOptions: Record<string, unknown>,
	extra: Record<string, unknown> = {},
): INodeParameters {
	return {
		operation: 'update',
		path: '/clientes/{codigo}',
		method: 'PATCH',
		columns: { mappingMode: 'autoMapInputData', value: null },
		...extra,
		options: { ...baseOptions, ...(extra.options as Record<string, unknown> | undefined) },
	} as INodeParameters;
}

/** The execution hints the node added to its run (shown above its output in the editor). */
export function hintsOf(result: RunResult): NodeExecutionHint[] {
	return result.run.data.resultData.runData['Customer Integration']?.[0]?.hints ?? [];
}
