-- ingress-api's outbox keeps the W3C traceparent of the request that wrote the event, so that the relay publishes
-- it in the record's headers and the generation's handling in every service joins the request's trace.
alter table outbox add column traceparent text;
