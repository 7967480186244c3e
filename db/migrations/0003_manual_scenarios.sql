-- Manual values as named scenarios ("published chart assumptions"): a scenario groups manual values
-- that the user applies, switches off and removes as a whole. '' is the unnamed scenario.
ALTER TABLE manual_phases ADD COLUMN scenario TEXT NOT NULL DEFAULT '';
-- 0 = kept but not applied (the scenario is switched off): totals and phases show the measured value.
ALTER TABLE manual_phases ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1));
