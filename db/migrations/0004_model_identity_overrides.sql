-- The user's corrections of model identity (shared/model-identity.ts resolveModelKey), applied on top
-- of the key derived from a model name. kind 'name': one model name as written (source = the name
-- trimmed and lower-cased) gets its own key ("split"); kind 'key': every name of one identity (source =
-- its key) joins another identity ("merge"). Snapshots keep the name written in the log.
CREATE TABLE model_identity_overrides (
  kind TEXT NOT NULL CHECK (kind IN ('name', 'key')),
  source TEXT NOT NULL CHECK (length(source) > 0),
  target TEXT NOT NULL CHECK (length(target) > 0),
  created_at TEXT NOT NULL,
  PRIMARY KEY (kind, source)
) WITHOUT ROWID;
