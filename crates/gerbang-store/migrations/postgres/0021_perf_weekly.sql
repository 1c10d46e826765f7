-- Trends by week beside the months: the roll-up adds each event to its ISO week
-- (YYYY-Www, in the agency's time zone) as it adds it to its month. The counters are
-- rebuilt once from the events (the roll-up counts every event again, off the request
-- path), so that past weeks are complete. Keep in step with ../sqlite/0021_perf_weekly.sql.

CREATE TABLE perf_weekly (
    week TEXT NOT NULL,
    service_id BIGINT NOT NULL REFERENCES services (id),
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    received INTEGER NOT NULL DEFAULT 0,
    received_online INTEGER NOT NULL DEFAULT 0,
    decided INTEGER NOT NULL DEFAULT 0,
    approved INTEGER NOT NULL DEFAULT 0,
    within_standard INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (week, service_id)
);
CREATE INDEX perf_weekly_agency ON perf_weekly (agency_id, week);

DELETE FROM perf_monthly;
DELETE FROM perf_days;
UPDATE application_events SET counted = FALSE WHERE counted;
