import type { IRun } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { executeWorkflow } from '../../scripts/n8n-runtime/n8n.mts';
import {
	basicCredential,
	customerNode,
	node,
	outputItems,
	prepareE2e,
	TRIGGER,
	workflow,
	type E2e,
} from './support.mts';

const WORKFLOW_ID = 'e2eRouteInvalid';
const LIST_NODE = 'List Customers';
const VALID_NODE = 'Valid Customers';
const INVALID_NODE = 'Invalid Customers';
const RECORDS = 80;

let e2e: E2e;
let run: IRun;

interface Issue {
	field: string;
}

beforeAll(async () => {
	e2e = await prepareE2e({
		api: { records: RECORDS },
		credentials: (api) => [basicCredential(api)],
		workflows: workflow(
			WORKFLOW_ID,
			'E2E: route invalid records to the second output',
			[
				customerNode(LIST_NODE, {
					operation: 'getAll',
					path: '/clientes',
					returnAll: true,
					pagination: 'pageNumber',
					paginationOptions: { pageSize: 50, pageSizeParameter: 'pageSize' },
					validationMode: 'route',
				}),
				node(VALID_NODE, 'n8n-nodes-base.noOp', 1),
				node(INVALID_NODE, 'n8n-nodes-base.noOp', 1),
			],
			[
				[TRIGGER, LIST_NODE],
				[LIST_NODE, VALID_NODE, 0],
				[LIST_NODE, INVALID_NODE, 1],
			],
		),
	});
	run = await executeWorkflow(e2e.env, WORKFLOW_ID);
});

afterAll(async () => {
	await e2e?.close();
});

describe('Route mode through the real n8n', () => {
	it('the node has two outputs in the run data: valid records on main[0], invalid on main[1]', () => {
		const invalidCodes = [...new Set(e2e.api.state.invalid.map((note) => note.codigo))].sort();
		// The seed's placeholder record C0005 and the generated defects.
		expect(invalidCodes).toContain('C0005');
		expect(invalidCodes.length).toBeGreaterThan(1);

		const valid = outputItems(run, LIST_NODE, 0);
		const invalid = outputItems(run, LIST_NODE, 1);
		expect(invalid.map((item) => item.codigo).sort()).toEqual(invalidCodes);
		expect(valid).toHaveLength(RECORDS - invalidCodes.length);
		const validCodes = valid.map((item) => item.codigo as string);
		expect(validCodes.filter((code) => invalidCodes.includes(code))).toEqual([]);
	});

	it('each invalid item names the broken fields the dataset planted', () => {
		const invalid = outputItems(run, LIST_NODE, 1);
		for (const note of e2e.api.state.invalid) {
			const item = invalid.find((each) => each.codigo === note.codigo)!;
			const validation = item._validation as { valid: boolean; issues: Issue[] };
			expect(validation.valid).toBe(false);
			expect(validation.issues.map((issue) => issue.field)).toContain(note.canonicalField);
		}
		for (const item of outputItems(run, LIST_NODE, 0)) {
			expect(item).not.toHaveProperty('_validation');
		}
	});

	it('downstream nodes receive each branch: the second output is wired, not just filled', () => {
		expect(outputItems(run, INVALID_NODE).map((item) => item.codigo)).toEqual(
			outputItems(run, LIST_NODE, 1).map((item) => item.codigo),
		);
		expect(outputItems(run, VALID_NODE)).toHaveLength(outputItems(run, LIST_NODE, 0).length);
	});
});
