import {
  AliasNode,
  TableNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

type Listener = () => void;

/** The table an insert, update or delete writes to (raw SQL is not seen: only migrations write that way). */
function writtenTable(node: RootOperationNode): string | undefined {
  const table =
    node.kind === 'InsertQueryNode'
      ? node.into
      : node.kind === 'UpdateQueryNode'
        ? node.table
        : node.kind === 'DeleteQueryNode'
          ? node.from.froms[0]
          : undefined;
  const named = table && AliasNode.is(table) ? table.node : table;
  return named && TableNode.is(named) ? named.table.identifier.name : undefined;
}

/**
 * Tells in-process caches that a table is being written, by anyone using this database: the caches cannot
 * miss a write by a call site that forgot them. Told before the statement runs and again after it ran,
 * so a read that raced the write is not kept (see the generation in org-cache.ts).
 */
export class TableWrites implements KyselyPlugin {
  readonly #listeners = new Map<string, Listener[]>();
  readonly #running = new WeakMap<object, string>();

  on(table: string, listener: Listener): void {
    this.#listeners.set(table, [...(this.#listeners.get(table) ?? []), listener]);
  }

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const table = writtenTable(node);
    if (table && this.#listeners.has(table)) {
      this.#running.set(queryId, table);
      this.#tell(table);
    }
    return node;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const table = this.#running.get(queryId);
    if (table) this.#tell(table);
    return result;
  }

  #tell(table: string): void {
    for (const listener of this.#listeners.get(table) ?? []) listener();
  }
}
