// Runs SQL in the DuckDB-WASM engine Evidence itself uses (under Node), over tables loaded from
// CSV files, and prints one JSON line per query: {"id", "ok", "error", "columns", "rows"}.
//
//   node tests/wasm_queries.mjs spec.json
//
// spec.json: {"tables": [{"schema", "name", "csv", "columns": [[name, type], ...]}],
//             "queries": [{"id", "sql"}]}
//
// Catches what the Python `duckdb` package cannot: functions that DuckDB-WASM lacks or that make
// it wait for an extension download (e.g. time-zone functions needing ICU), which hang
// `npm run build`. Before each query it prints {"start": id} so a caller that times out knows
// which query hung. CSV loading needs no extension, so this runs offline.
import {
	createDuckDB,
	NODE_RUNTIME,
	VoidLogger
} from '@duckdb/duckdb-wasm/dist/duckdb-node-blocking';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const DIST = dirname(require.resolve('@duckdb/duckdb-wasm'));
const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

const db = await createDuckDB(
	{
		mvp: {
			mainModule: resolve(DIST, './duckdb-mvp.wasm'),
			mainWorker: resolve(DIST, './duckdb-node-mvp.worker.cjs')
		},
		eh: {
			mainModule: resolve(DIST, './duckdb-eh.wasm'),
			mainWorker: resolve(DIST, './duckdb-node-eh.worker.cjs')
		}
	},
	new VoidLogger(),
	NODE_RUNTIME
);
await db.instantiate();
db.open({
	query: { castBigIntToDouble: true, castTimestampToDate: true, castDecimalToDouble: true }
});
const conn = db.connect();
// The settings Evidence applies to its own connection.
conn.query('SET ieee_floating_point_ops = false;');
conn.query('SET old_implicit_casting = true;');

const sqlString = (s) => `'${String(s).replaceAll("'", "''")}'`;
const ident = (s) => `"${String(s).replaceAll('"', '""')}"`;

for (const table of spec.tables) {
	const fileName = `${table.schema}__${table.name}.csv`;
	db.registerFileText(fileName, fs.readFileSync(table.csv, 'utf8'));
	const columns = table.columns.map(([n, t]) => `${sqlString(n)}: ${sqlString(t)}`).join(', ');
	conn.query(`CREATE SCHEMA IF NOT EXISTS ${ident(table.schema)}`);
	conn.query(
		`CREATE TABLE ${ident(table.schema)}.${ident(table.name)} AS SELECT * FROM read_csv(${sqlString(fileName)}, ` +
			`header = true, auto_detect = false, nullstr = '\\N', quote = '"', escape = '"', columns = {${columns}})`
	);
}

for (const { id, sql } of spec.queries) {
	process.stdout.write(JSON.stringify({ start: id }) + '\n');
	try {
		const result = conn.query(sql);
		process.stdout.write(
			JSON.stringify({
				id,
				ok: true,
				columns: result.schema.fields.map((f) => f.name),
				rows: result.numRows
			}) + '\n'
		);
	} catch (e) {
		process.stdout.write(JSON.stringify({ id, ok: false, error: String(e?.message ?? e) }) + '\n');
	}
}
conn.close();
process.exit(0);
