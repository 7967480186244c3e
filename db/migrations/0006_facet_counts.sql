-- BenchLens schema: the library's facet counts kept by triggers, so the unfiltered counts (and any
-- filter on kind or model alone) are read from a few hundred rows, not counted over every snapshot.
-- One row per (kind, model, bundle) seen; n may fall to 0 (rows with n = 0 are ignored on read).
CREATE TABLE facet_counts (
  kind TEXT NOT NULL,
  model TEXT,
  bundle TEXT,
  n INTEGER NOT NULL
);
-- `IS` lookups (NULL model or bundle) go through this index too
CREATE INDEX facet_counts_key ON facet_counts(kind, model, bundle);

INSERT INTO facet_counts (kind, model, bundle, n)
  SELECT kind, model, bundle, COUNT(*) FROM snapshots GROUP BY kind, model, bundle;

CREATE TRIGGER facet_counts_insert AFTER INSERT ON snapshots BEGIN
  INSERT INTO facet_counts (kind, model, bundle, n)
    SELECT NEW.kind, NEW.model, NEW.bundle, 0 WHERE NOT EXISTS (
      SELECT 1 FROM facet_counts WHERE kind = NEW.kind AND model IS NEW.model AND bundle IS NEW.bundle);
  UPDATE facet_counts SET n = n + 1 WHERE kind = NEW.kind AND model IS NEW.model AND bundle IS NEW.bundle;
END;

CREATE TRIGGER facet_counts_delete AFTER DELETE ON snapshots BEGIN
  UPDATE facet_counts SET n = n - 1 WHERE kind = OLD.kind AND model IS OLD.model AND bundle IS OLD.bundle;
END;

CREATE TRIGGER facet_counts_update AFTER UPDATE OF kind, model, bundle ON snapshots BEGIN
  UPDATE facet_counts SET n = n - 1 WHERE kind = OLD.kind AND model IS OLD.model AND bundle IS OLD.bundle;
  INSERT INTO facet_counts (kind, model, bundle, n)
    SELECT NEW.kind, NEW.model, NEW.bundle, 0 WHERE NOT EXISTS (
      SELECT 1 FROM facet_counts WHERE kind = NEW.kind AND model IS NEW.model AND bundle IS NEW.bundle);
  UPDATE facet_counts SET n = n + 1 WHERE kind = NEW.kind AND model IS NEW.model AND bundle IS NEW.bundle;
END;
