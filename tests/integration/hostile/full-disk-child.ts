// Child process of the bad-input suite's full-disk case: imports PATHS into DB with SQLite's
// max_page_count set to the database's current size plus EXTRA_PAGES, so a large file hits
// SQLITE_FULL mid-transaction as on a full disk; prints the import report as JSON.
import { Store } from '../../../db/store';
import { Importer } from '../../../main/core/import';

const [db, extraPages, ...paths] = process.argv.slice(2);
if (!db || !extraPages || paths.length === 0) throw new Error('usage: full-disk-child DB EXTRA_PAGES PATH…');
const store = new Store(db);
try {
  const pages = Number(store.db.pragma('page_count', { simple: true }));
  store.db.pragma(`max_page_count = ${pages + Number(extraPages)}`);
  const report = await new Importer(store).importPaths(paths);
  process.stdout.write(JSON.stringify(report));
} finally {
  store.close();
}
