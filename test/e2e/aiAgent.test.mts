/**
 * The node as an AI Agent's tool in the real n8n: the demo workflow demo/workflows/ai-agent-lookup.json (n8n's
 * AI Agent, its OpenAI chat model node pointed at a loopback stand-in, this node's tool variant with the CPF
 * from `$fromAI`) run by `n8n execute`. The stand-in answers the first request with a tool call and the
 * second, which carries the tool's result, with a text quoting the customer.
 */
import type { IRun } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	executeWorkflow,
	importCredentials,
	importWorkflows,
} from '../../scripts/n8n-runtime/n8n.mts';
import { DEMO_WORKFLOWS, demoWorkflows, renderCredentials } from '../../scripts/lib/demoSetup.mts';
import { startChatModelStub, textOf, type ChatModelStub } from '../sample-api/chatModel.mts';
import { outputItems, startE2e, type E2e } from './support.mts';

const TOOL = 'Customer_Lookup';

let e2e: E2e;
let chatModel: ChatModelStub;
let run: IRun;

beforeAll(async () => {
	e2e = await startE2e({ records: 20 });
	chatModel = await startChatModelStub();
	const origin = `https://localhost:${new URL(e2e.api.origin).port}`;
	const demoApi = {
		api: e2e.api,
		baseUrl: `${origin}/api`,
		tokenUrl: `${origin}/oauth/token`,
		authorizeUrl: `${origin}/oauth/authorize`,
		chatModel,
		close: async () => undefined,
	};
	await importCredentials(e2e.env, await renderCredentials(demoApi));
	const agentWorkflow = (await demoWorkflows()).filter(
		(each) => (each as { id: string }).id === DEMO_WORKFLOWS.aiAgent,
	);
	expect(agentWorkflow).toHaveLength(1);
	await importWorkflows(e2e.env, agentWorkflow);
	run = await executeWorkflow(e2e.env, DEMO_WORKFLOWS.aiAgent);
});

afterAll(async () => {
	await chatModel?.close();
	await e2e?.close();
});

describe('AI Agent with the Customer Integration node as its tool, real n8n', () => {
	it('the model was offered the node as a tool, and asked for it with the CPF from the prompt', () => {
		expect(chatModel.requests).toHaveLength(2);
		const [first] = chatModel.requests;
		expect(first.tools?.map((tool) => tool.function.name)).toContain(TOOL);
		expect(textOf(first.messages.at(-1))).toContain('529.982.247-25');
	});

	it('the node looked the customer up in the API with Basic Auth, the CPF sent as digits', () => {
		const lookups = e2e.api.state.requests.filter((request) => request.path === '/api/clientes');
		expect(lookups).toEqual([
			expect.objectContaining({
				method: 'GET',
				query: '?cpf=52998224725',
				status: 200,
				auth: { scheme: 'basic', ok: true, user: 'demo' },
			}),
		]);
	});

	it("the customer reached the model's second request as the tool message answering the call", () => {
		const second = chatModel.requests[1];
		const call = second.messages.find((message) => message.tool_calls?.length)?.tool_calls?.[0];
		expect(call?.function.name).toBe(TOOL);
		// n8n's agent replays the call with the call id added to its arguments.
		expect(JSON.parse(call?.function.arguments ?? '{}')).toMatchObject({ cpf: '529.982.247-25' });
		const toolMessage = second.messages.find((message) => message.role === 'tool');
		expect(toolMessage?.tool_call_id).toBe(call?.id);
		// The node's output item as the tool's result: the flat, validated customer.
		expect(JSON.parse(textOf(toolMessage))).toEqual([
			expect.objectContaining({
				nome: 'MARIA APARECIDA DA SILVA',
				codigo: 'C0001',
				cpf: '52998224725',
				email: 'maria.silva@example.com.br',
				telefone: '+5511987654321',
			}),
		]);
	});

	it("the agent's output is the model's final answer about that customer", () => {
		expect(run.status).toBe('success');
		expect(outputItems(run, 'AI Agent')).toEqual([
			{
				output:
					'The customer is MARIA APARECIDA DA SILVA (code C0001, e-mail maria.silva@example.com.br).',
			},
		]);
	});
});
