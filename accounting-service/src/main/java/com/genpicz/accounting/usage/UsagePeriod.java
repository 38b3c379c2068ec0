package com.genpicz.accounting.usage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The periods usage is totalled over, in UTC: a day for dashboards, a billing month for invoices. */
public enum UsagePeriod {
    DAY("day", DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC)),
    MONTH("month", DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC));

    private final String wireName;
    private final DateTimeFormatter format;

    UsagePeriod(String wireName, DateTimeFormatter format) {
        this.wireName = wireName;
        this.format = format;
    }

    public String wireName() {
        return wireName;
    }

    /** The period's start as the usage topic writes it: {@code 2026-12-02} for a day, {@code 2026-12} for a month. */
    public String start(Instant instant) {
        return format.format(instant);
    }

    /** The usage topic's key: {@code account_id/day/2026-12-02} or {@code account_id/month/2026-12}. */
    public String key(String accountId, Instant instant) {
        return accountId + "/" + wireName + "/" + start(instant);
    }
}
