-- ingress-api: each generation's timeline, from the stage timings every service publishes on generation-stages.v1
-- (and the outbox relay's own, written here directly). One row per timing, so a stage done twice (a render
-- repeated after a crash) shows twice. Observability, not accounting: written without waiting for the disk.
create table generation_stages (
    event_id      text primary key,
    generation_id text not null,
    stage         text not null,
    service       text not null,
    instance      text not null,
    queued_at     timestamptz,
    started_at    timestamptz not null,
    finished_at   timestamptz not null
);
create index generation_stages_by_generation on generation_stages (generation_id, started_at);
