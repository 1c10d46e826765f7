-- The time zone an agency works in (Indonesia has three; none observes daylight saving).
ALTER TABLE agencies ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Jakarta';
