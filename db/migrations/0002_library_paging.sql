-- BenchLens schema v2: a library that pages from SQL. Each snapshot keeps a prepared search text
-- (lower-cased name, model, bundle, meta and attribute values) kept current by triggers and indexed
-- by an FTS5 trigram table (substring search), and a library sort key (bundle, then natural name
-- order) written by the store; indexes serve one page.
ALTER TABLE snapshots ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
-- '0' || bundle || char(0) || natural name key (digit runs zero-padded), '1' … for files without a
-- bundle (listed last); computed in JS by db/store.ts (libraryKey), back-filled by the store on open
ALTER TABLE snapshots ADD COLUMN library_key TEXT NOT NULL DEFAULT '';

-- rowid = snapshots.id; trigram: any substring of 3+ characters is found from the index
CREATE VIRTUAL TABLE snapshot_search USING fts5(text, tokenize = 'trigram');

CREATE TRIGGER snapshots_search_insert AFTER INSERT ON snapshots BEGIN
  UPDATE snapshots SET search_text = lower(
    NEW.name || char(10) || ifnull(NEW.model, '') || char(10) || ifnull(NEW.bundle, '') || char(10) ||
    ifnull((SELECT group_concat(CASE type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE value END, char(10))
      FROM json_each(CASE WHEN json_valid(NEW.meta_json) THEN NEW.meta_json ELSE '{}' END) WHERE type <> 'null'), '') || char(10) ||
    ifnull((SELECT group_concat(CASE type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE value END, char(10))
      FROM json_each(CASE WHEN json_valid(NEW.attributes_json) AND json_valid(NEW.user_attributes_json)
        THEN json_patch(NEW.attributes_json, NEW.user_attributes_json) ELSE '{}' END) WHERE type <> 'null'), ''))
  WHERE id = NEW.id;
  DELETE FROM snapshot_search WHERE rowid = NEW.id;
  INSERT INTO snapshot_search (rowid, text) SELECT id, search_text FROM snapshots WHERE id = NEW.id;
END;

CREATE TRIGGER snapshots_search_update
AFTER UPDATE OF name, model, bundle, meta_json, attributes_json, user_attributes_json ON snapshots BEGIN
  UPDATE snapshots SET search_text = lower(
    NEW.name || char(10) || ifnull(NEW.model, '') || char(10) || ifnull(NEW.bundle, '') || char(10) ||
    ifnull((SELECT group_concat(CASE type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE value END, char(10))
      FROM json_each(CASE WHEN json_valid(NEW.meta_json) THEN NEW.meta_json ELSE '{}' END) WHERE type <> 'null'), '') || char(10) ||
    ifnull((SELECT group_concat(CASE type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE value END, char(10))
      FROM json_each(CASE WHEN json_valid(NEW.attributes_json) AND json_valid(NEW.user_attributes_json)
        THEN json_patch(NEW.attributes_json, NEW.user_attributes_json) ELSE '{}' END) WHERE type <> 'null'), ''))
  WHERE id = NEW.id;
  DELETE FROM snapshot_search WHERE rowid = NEW.id;
  INSERT INTO snapshot_search (rowid, text) SELECT id, search_text FROM snapshots WHERE id = NEW.id;
END;

CREATE TRIGGER snapshots_search_delete AFTER DELETE ON snapshots BEGIN
  DELETE FROM snapshot_search WHERE rowid = OLD.id;
END;

-- back-fill: touching meta_json fires the update trigger for every existing snapshot
UPDATE snapshots SET meta_json = meta_json;

-- the last "name (n)" suffix given per wanted name: a free name in one probe, not one per candidate
CREATE TABLE name_suffixes (
  base TEXT PRIMARY KEY,
  last INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX snapshots_library ON snapshots(library_key, id);
-- covers the facet counts (kind, model, bundle) without reading the rows
CREATE INDEX snapshots_facets ON snapshots(kind, model, bundle);
CREATE INDEX snapshots_kind_library ON snapshots(kind, library_key, id);
CREATE INDEX snapshots_model_library ON snapshots(model, library_key, id);
CREATE INDEX snapshots_created ON snapshots(created_at, id);
