import { FlowwiseError } from '../core/FlowwiseError';

/** The version of the order table this package reads and writes, kept in the table's comment. */
export const ORDER_STORE_SCHEMA_VERSION = 2;

/** The table `createPostgresOrderStore` uses unless told otherwise. */
export const DEFAULT_ORDER_TABLE = 'flowwise_orders';

/** What any `query(text, values)` → `{ rows }` database gives: a `pg` Pool or Client, PGlite, Neon's Pool. */
export interface SqlDatabase {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

// Columns a table made by an older version may lack are added with their defaults; the core columns
// (no default: every row needs a value) can only have been there from the start.
const COLUMNS: ReadonlyArray<readonly [name: string, definition: string, core?: 'core']> = [
  ['order_id', 'text PRIMARY KEY', 'core'],
  ['owner', 'text'],
  ['order_id_source', "text NOT NULL CHECK (order_id_source IN ('handler', 'prepareOrder'))", 'core'],
  ['payload', 'jsonb NOT NULL', 'core'],
  ['order_request', 'jsonb NOT NULL', 'core'],
  ['checkout_url', 'text NOT NULL', 'core'],
  ['expires_at', 'timestamptz'],
  ['status', "text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paid', 'expired', 'review'))"],
  ['outcome', "text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'failed'))"],
  ['flowwise_status', "text NOT NULL DEFAULT 'ACTIVE'"],
  ['payments', "jsonb NOT NULL DEFAULT '[]'"],
  ['review_reason', 'text'],
  ['checked_at', 'timestamptz'],
  ['next_check_at', 'timestamptz'],
  ['fulfilment', "text NOT NULL DEFAULT 'none' CHECK (fulfilment IN ('none', 'claimed', 'done'))"],
  ['claim_token', 'text'],
  ['lease_expires_at', 'timestamptz'],
  ['attempts', 'integer NOT NULL DEFAULT 0'],
  ['fulfilled_at', 'timestamptz'],
  ['created_at', 'timestamptz NOT NULL DEFAULT now()'],
  ['updated_at', 'timestamptz NOT NULL DEFAULT now()'],
];

const MARKER = 'flowwise-order-store';
// Lower case, unquoted-identifier characters only, optionally after one schema name: nothing a reader
// has to quote in their head. The table part leaves room for its index's name within Postgres's 63.
const TABLE_NAME = /^(?:([a-z_][a-z0-9_]{0,62})\.)?([a-z_][a-z0-9_]{0,44})$/;

/** A checked table name, quoted for SQL, the names of its indexes, and its budgets table (calls to Flowwise per kind). */
export interface OrderTable {
  name: string;
  sql: string;
  index: string;
  unfulfilled: string;
  budgets: string;
}

/** `table` checked and quoted, or a TypeError naming the rule: a table name is never put into SQL unchecked. */
export function orderTable(table: unknown): OrderTable {
  const match = typeof table === 'string' ? TABLE_NAME.exec(table) : null;
  if (!match) {
    throw new TypeError(
      `createPostgresOrderStore(): table must be a lower-case SQL name (letters, digits and _, not starting with a digit, ` +
        `at most 45 characters), optionally after a schema name and a dot, such as "flowwise_orders" or "shop.orders" (got ${JSON.stringify(table)}).`,
    );
  }
  const [, schema, name] = match as unknown as [string, string | undefined, string];
  const quoted = (suffix: string) => (schema ? `"${schema}"."${name}${suffix}"` : `"${name}${suffix}"`);
  return {
    name: table as string,
    sql: quoted(''),
    index: `"${name}_next_check_at_idx"`,
    unfulfilled: `"${name}_unfulfilled_idx"`,
    budgets: quoted('_budgets'),
  };
}

/** The statements that create the order table, its budgets table, its index and its version marker, each safe to run twice. */
export function orderTableStatements({ sql, index, unfulfilled, budgets }: OrderTable): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${sql} (\n${COLUMNS.map(([name, definition]) => `  ${name} ${definition}`).join(',\n')}\n)`,
    // One row per kind of call to Flowwise: the calls taken in the current window, and a pause after a 429.
    `CREATE TABLE IF NOT EXISTS ${budgets} (\n  kind text PRIMARY KEY,\n  window_start timestamptz NOT NULL,\n  used integer NOT NULL,\n  paused_until timestamptz\n)`,
    // For a background job claiming due orders (`WHERE next_check_at <= $1 … FOR UPDATE SKIP LOCKED`).
    `CREATE INDEX IF NOT EXISTS ${index} ON ${sql} (next_check_at) WHERE next_check_at IS NOT NULL`,
    // For the same job finding paid orders whose fulfilment is not done (next_check_at may be NULL).
    `CREATE INDEX IF NOT EXISTS ${unfulfilled} ON ${sql} (next_check_at) WHERE status = 'paid' AND fulfilment <> 'done'`,
    `COMMENT ON TABLE ${sql} IS '${MARKER} ${ORDER_STORE_SCHEMA_VERSION}'`,
  ];
}

/**
 * The SQL that creates the table `createPostgresOrderStore` uses (`flowwise_orders`), for teams that
 * run their own migrations: run it once, and the store finds its table ready. For another `table`,
 * change the name in each statement. The store creates the table itself on first use otherwise.
 */
export const ORDER_STORE_SQL = `${orderTableStatements(orderTable(DEFAULT_ORDER_TABLE)).join(';\n\n')};\n`;

const mismatch = (message: string, cause?: unknown) => new FlowwiseError('integration', message, { code: 'store_schema_mismatch', cause });

/** The table's version marker and columns, or `present: false`. */
async function inspect(db: SqlDatabase, table: OrderTable) {
  const { rows } = await db.query(
    `SELECT jsonb_build_object(
       'present', to_regclass($1) IS NOT NULL,
       'marker', obj_description(to_regclass($1), 'pg_class'),
       'columns', (SELECT jsonb_agg(attname::text) FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped)
     ) AS info`,
    [table.sql],
  );
  const raw = (rows[0] as { info: unknown } | undefined)?.info;
  const info = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
    present?: boolean;
    marker?: string | null;
    columns?: string[] | null;
  };
  const version = new RegExp(`^${MARKER} (\\d+)$`).exec(info.marker ?? '')?.[1];
  return { present: info.present === true, version: version === undefined ? 0 : Number(version), columns: new Set(info.columns ?? []) };
}

/**
 * Makes sure `table` is an order table of this version: creates it when it is missing, adds what a
 * table from an older version lacks, and refuses (`store_schema_mismatch`, naming the SQL to run) a
 * table from a newer version, one that is not an order table, or one it could not change.
 */
export async function prepareOrderTable(db: SqlDatabase, table: OrderTable): Promise<void> {
  let found = await inspect(db, table);
  if (!found.present) {
    try {
      for (const statement of orderTableStatements(table)) await db.query(statement);
      return;
    } catch (error) {
      // Another instance may have created it at the same moment: then it is there now.
      found = await inspect(db, table);
      if (!found.present) throw error;
    }
  }
  if (found.version > ORDER_STORE_SCHEMA_VERSION) {
    throw mismatch(
      `Table ${table.name} was made by a newer version of @flowwise/react (schema ${found.version}; this one uses schema ` +
        `${ORDER_STORE_SCHEMA_VERSION}): upgrade @flowwise/react on every server instance, or pass another table.`,
    );
  }
  const lacking = COLUMNS.filter(([name]) => !found.columns.has(name));
  const core = lacking.filter(([, , core]) => core).map(([name]) => name);
  if (core.length > 0) {
    throw mismatch(
      `Table ${table.name} is not an order table of @flowwise/react: it has no ${core.join(', ')}. Pass another table, or ` +
        `rename this one (ALTER TABLE ${table.sql} RENAME TO …) and create the order table with:\n${orderTableStatements(table).join(';\n')};`,
    );
  }
  if (lacking.length === 0 && found.version === ORDER_STORE_SCHEMA_VERSION) return;
  const migration = [
    ...lacking.map(([name, definition]) => `ALTER TABLE ${table.sql} ADD COLUMN IF NOT EXISTS ${name} ${definition}`),
    ...orderTableStatements(table).slice(1),
  ];
  try {
    for (const statement of migration) await db.query(statement);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw mismatch(
      `Table ${table.name} is from an older version of @flowwise/react (schema ${found.version}) and could not be brought ` +
        `to schema ${ORDER_STORE_SCHEMA_VERSION} (${reason}). Run, as the table's owner:\n${migration.join(';\n')};`,
      error,
    );
  }
}
