import {
  AliasNode,
  ColumnNode,
  TableNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** What a statement writes to a table, for a cache to tell whether its rows may have changed. */
export interface TableWrite {
  kind: 'insert' | 'update' | 'delete' | 'undone';
  /** The columns an update sets; undefined where any may change (an upsert, a rollback). */
  columns?: readonly string[];
}

type Listener = (write: TableWrite) => void;

const UNDONE: TableWrite = { kind: 'undone' };

function describe(node: RootOperationNode): TableWrite | undefined {
  if (node.kind === 'InsertQueryNode')
    // An upsert or `insert or replace` changes rows already there.
    return node.onConflict || node.replace || node.orAction ? { kind: 'update' } : { kind: 'insert' };
  if (node.kind === 'UpdateQueryNode') {
    const columns = node.updates?.map(({ column }) => (ColumnNode.is(column) ? column.column.name : undefined));
    return { kind: 'update', columns: columns?.every((c) => c !== undefined) ? columns : undefined };
  }
  return node.kind === 'DeleteQueryNode' ? { kind: 'delete' } : undefined;
}

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
  readonly #running = new WeakMap<object, { table: string; write: TableWrite }>();

  on(table: string, listener: Listener): void {
    this.#listeners.set(table, [...(this.#listeners.get(table) ?? []), listener]);
  }

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const table = writtenTable(node);
    const write = table && this.#listeners.has(table) ? describe(node) : undefined;
    if (table && write) {
      this.#running.set(queryId, { table, write });
      this.#tell(table, write);
    }
    return node;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const running = this.#running.get(queryId);
    if (running) this.#tell(running.table, running.write);
    return result;
  }

  /** A rollback undid writes, to any table, that reads may have seen. */
  undone(): void {
    for (const table of this.#listeners.keys()) this.#tell(table, UNDONE);
  }

  #tell(table: string, write: TableWrite): void {
    for (const listener of this.#listeners.get(table) ?? []) listener(write);
  }
}
