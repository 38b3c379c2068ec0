package com.genpicz.ingress.timeline;

import java.time.Instant;

/** One stage of one generation as a service timed it; {@code queuedAt} is when its input was produced. */
public record StageTiming(String stage, String service, String instance, Instant queuedAt, Instant startedAt,
                          Instant finishedAt) {
}
