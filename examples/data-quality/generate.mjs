// Regenerates the example data (deterministic: the same files every time) with the devDependency
// DuckDB: node examples/data-quality/generate.mjs
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = path.join(here, 'data');
rmSync(data, { recursive: true, force: true });
mkdirSync(path.join(data, 'orders'), { recursive: true });

const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run("SET TimeZone = 'UTC'");
// hash() is deterministic, unlike random(): the same rows on every machine and thread count.
await c.run(`CREATE TABLE customers AS
  SELECT range + 1 AS id,
         'Customer ' || (range + 1) AS name,
         ['FR', 'DE', 'NL', 'ES'][CAST(hash(range) % 4 AS BIGINT) + 1] AS country
  FROM range(100)`);
await c.run(`CREATE TABLE orders AS
  SELECT range + 1 AS order_id,
         CASE WHEN range = 417 THEN 'lost' ELSE ['placed', 'shipped', 'returned'][CAST(hash(range * 3) % 3 AS BIGINT) + 1] END AS status,
         CAST(round((hash(range * 5) % 50000) / 100.0, 2) AS DECIMAL(10, 2)) AS amount,
         CASE WHEN range IN (12, 640) THEN NULL ELSE 'user' || (hash(range * 7) % 500) || '@example.com' END AS email,
         CASE WHEN range = 901 THEN 1001 ELSE CAST(hash(range * 11) % 100 AS BIGINT) + 1 END AS customer_id,
         TIMESTAMP '2025-06-01' + to_seconds(CAST(hash(range * 13) % 2592000 AS BIGINT)) AS updated_at
  FROM range(1000)`);
const q = (p) => `'${p.replace(/'/g, "''")}'`;
await c.run(`COPY (SELECT * FROM orders WHERE order_id <= 500 ORDER BY order_id) TO ${q(path.join(data, 'orders', '2025-06-a.parquet'))} (FORMAT parquet)`);
await c.run(`COPY (SELECT * FROM orders WHERE order_id > 500 ORDER BY order_id) TO ${q(path.join(data, 'orders', '2025-06-b.parquet'))} (FORMAT parquet)`);
await c.run(`COPY (SELECT * FROM customers ORDER BY id) TO ${q(path.join(data, 'customers.csv'))} (HEADER)`);
c.closeSync();
db.closeSync();
console.log(`wrote ${path.relative(process.cwd(), data)}`);
