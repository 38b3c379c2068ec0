-- Webhooks at scale (docs/architecture.md, "Webhooks"): webhook-service keeps what it needs in its own tables and no
-- longer reads ingress's; deliveries run concurrently under short leases; every attempt is logged.

-- ingress-api: a rotated webhook secret keeps signing, beside the new one, until previous_webhook_secret_until.
alter table accounts
    add column previous_webhook_secret text,
    add column previous_webhook_secret_until timestamptz;

-- webhook-service: which generations asked for a webhook, where, and when they were created, learnt from
-- generation.requested.
create table webhook_subscriptions (
    generation_id         text primary key,
    account_id            text not null,
    url                   text not null,
    generation_created_at timestamptz not null,
    created_at            timestamptz not null default now()
);

-- webhook-service: a delivery has an id (the webhook-id receivers de-duplicate on), its account and destination
-- host (concurrency is bounded per host), and a short lease instead of a pushed-back due time.
alter table webhook_deliveries
    add column id           text,
    add column account_id   text,
    add column host         text,
    add column created_at   timestamptz not null default now(),
    add column leased_until timestamptz;
update webhook_deliveries
   set id = 'msg_' || generation_id || '_' || event_type,
       host = lower(coalesce(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]+)'), url));
-- One-time backfill of rows queued before this version, while the tables are still side by side.
update webhook_deliveries d set account_id = g.account_id from generations g where g.id = d.generation_id;
update webhook_deliveries set status = 'failed' where status = 'abandoned';
alter table webhook_deliveries alter column id set not null, alter column host set not null;
create unique index webhook_deliveries_id on webhook_deliveries (id);
alter table webhook_deliveries drop constraint webhook_deliveries_status_check;
alter table webhook_deliveries add constraint webhook_deliveries_status_check
    check (status in ('pending', 'delivered', 'failed', 'suppressed'));

-- webhook-service: every attempt, including one cut off by a crash (outcome null, finished_at null).
create table webhook_attempts (
    delivery_id     text not null,
    attempt         integer not null,
    started_at      timestamptz not null,
    finished_at     timestamptz,
    status_code     integer,
    latency_ms      integer,
    error           text,
    outcome         text check (outcome in ('delivered', 'retry', 'failed', 'gone')),
    next_attempt_at timestamptz,
    primary key (delivery_id, attempt)
);
