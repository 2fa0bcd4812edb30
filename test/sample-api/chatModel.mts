/**
 * A stand-in for an OpenAI-compatible chat model on loopback, so that n8n's AI Agent can drive the Customer
 * Integration node as a tool without a network or an API key (the e2e test and the demo).
 *
 *   GET  /v1/models             one model, for the editor's model picker
 *   POST /v1/chat/completions   not streamed. No `tool` message yet and a tool offered: a call of the first
 *                               tool with `{ cpf }`, the first CPF in the last user message. Otherwise: a
 *                               final answer that quotes the customer the tool returned (name, code).
 *
 * Every chat request body is kept in `requests`, so a test can see what the agent sent the model.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
	role: string;
	content?: string | null | Array<{ type: string; text?: string }>;
	tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

export interface ChatRequest {
	model?: string;
	messages: ChatMessage[];
	tools?: Array<{ type: string; function: { name: string; description?: string } }>;
	stream?: boolean;
}

export interface ChatModelStub {
	/** Base URL as n8n's OpenAI credential takes it: `http://127.0.0.1:<port>/v1`. */
	url: string;
	/** The chat completion requests received, oldest first. */
	readonly requests: ChatRequest[];
	close(): Promise<void>;
}

export const STUB_MODEL = 'gpt-4o-mini';
const CPF_PATTERN = /\d{3}\.?\d{3}\.?\d{3}-?\d{2}/;

export function textOf(message: ChatMessage | undefined): string {
	const content = message?.content;
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
	return '';
}

/** The customer in a tool result: the node's items as the agent passes them on (a JSON array or object). */
function describeCustomer(toolResult: string): string {
	let parsed: unknown;
	try {
		parsed = JSON.parse(toolResult);
	} catch {
		return `The lookup answered: ${toolResult}`;
	}
	const first = (Array.isArray(parsed) ? parsed[0] : parsed) as Record<string, unknown> | undefined;
	const customer = (first?.json ?? first) as Record<string, unknown> | undefined;
	if (!customer || typeof customer.nome !== 'string') {
		return `No customer was found (the lookup answered ${toolResult.slice(0, 200)}).`;
	}
	return `The customer is ${customer.nome} (code ${String(customer.codigo)}, e-mail ${String(customer.email)}).`;
}

function completion(message: ChatMessage, finishReason: 'stop' | 'tool_calls'): object {
	return {
		id: `chatcmpl-stub-${Date.now()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: STUB_MODEL,
		choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

export function answer(request: ChatRequest): object {
	const toolResult = [...request.messages].reverse().find((message) => message.role === 'tool');
	const tool = request.tools?.[0]?.function.name;
	if (!toolResult && tool) {
		const lastUser = [...request.messages].reverse().find((message) => message.role === 'user');
		const cpf = CPF_PATTERN.exec(textOf(lastUser))?.[0] ?? '';
		return completion(
			{
				role: 'assistant',
				content: null,
				tool_calls: [
					{
						id: 'call_stub_1',
						type: 'function',
						function: { name: tool, arguments: JSON.stringify({ cpf }) },
					},
				],
			},
			'tool_calls',
		);
	}
	const content = toolResult ? describeCustomer(textOf(toolResult)) : 'No tool was offered.';
	return completion({ role: 'assistant', content }, 'stop');
}

function send(res: ServerResponse, status: number, body: object): void {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export async function startChatModelStub(options: { port?: number } = {}): Promise<ChatModelStub> {
	const requests: ChatRequest[] = [];
	const server = createServer((req, res) => {
		const path = new URL(req.url ?? '/', 'http://stub.invalid').pathname;
		if (req.method === 'GET' && path === '/v1/models') {
			send(res, 200, {
				object: 'list',
				data: [{ id: STUB_MODEL, object: 'model', owned_by: 'stub' }],
			});
			return;
		}
		if (req.method !== 'POST' || path !== '/v1/chat/completions') {
			send(res, 404, {
				error: { message: `No route ${req.method} ${path}`, type: 'invalid_request_error' },
			});
			return;
		}
		readJson(req).then(
			(body) => {
				const request = body as ChatRequest;
				requests.push(request);
				if (request.stream) {
					send(res, 400, {
						error: { message: 'The stub does not stream', type: 'invalid_request_error' },
					});
					return;
				}
				send(res, 200, answer(request));
			},
			() => send(res, 400, { error: { message: 'Invalid JSON', type: 'invalid_request_error' } }),
		);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}
