-- Every generation reaches exactly one terminal outcome, and the first one published wins in every service
-- (docs/architecture.md, "Delivery guarantees").

-- accounting-service: the first outcome it saw per generation. A later outcome changes nothing, and a debit that
-- arrives after a failure (a generation deleted or timed out before accounting reached it) is not taken.
create table generation_settlements (
    generation_id text primary key,
    outcome       text not null check (outcome in ('completed', 'failed')),
    failure_code  text,
    settled_at    timestamptz not null default now()
);

-- ingress-api: when ingress asked for a terminal failure itself (the sweeper's timeout, a deletion), so that it
-- asks once; the status still follows the outcomes topic.
alter table generations add column failure_requested_at timestamptz;
create index generations_unfinished on generations (created_at) where status in ('queued', 'processing');

-- webhook-service: one delivery per generation, for its first outcome. 'suppressed' records a first outcome that
-- sends nothing (a deletion), so that a completion published after it sends nothing either.
delete from webhook_deliveries failed using webhook_deliveries completed
 where failed.generation_id = completed.generation_id
   and failed.event_type = 'generation.failed' and completed.event_type = 'generation.completed';
alter table webhook_deliveries drop constraint webhook_deliveries_status_check;
alter table webhook_deliveries add constraint webhook_deliveries_status_check
    check (status in ('pending', 'delivered', 'abandoned', 'suppressed'));
create unique index webhook_deliveries_one_per_generation on webhook_deliveries (generation_id);
