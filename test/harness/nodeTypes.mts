import type { IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers, UnexpectedError } from 'n8n-workflow';

/** The prefix n8n gives a community package's node types (`<package name>.<node name>`). */
export const PACKAGE_NAME = 'n8n-nodes-customer-integration';

export function nodeTypeNameOf(node: INodeType | IVersionedNodeType): string {
	return `${PACKAGE_NAME}.${node.description.name}`;
}

/** The node-type registry WorkflowExecute resolves `node.type` against. */
export class TestNodeTypes implements INodeTypes {
	private readonly byName = new Map<string, INodeType | IVersionedNodeType>();

	constructor(nodes: Array<INodeType | IVersionedNodeType> = []) {
		for (const node of nodes) this.register(node);
	}

	/** Registers under `<package>.<name>`, the type a workflow of the installed package uses. */
	register(node: INodeType | IVersionedNodeType, typeName = nodeTypeNameOf(node)): string {
		this.byName.set(typeName, node);
		return typeName;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const node = this.byName.get(nodeType);
		if (!node) {
			throw new UnexpectedError(`Unknown node type "${nodeType}" (registered: ${this.names()})`);
		}
		return node;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const [typeName, node] of this.byName) {
			known[typeName] = { className: node.constructor.name, sourcePath: '' };
		}
		return known;
	}

	private names(): string {
		return [...this.byName.keys()].join(', ') || 'none';
	}
}
