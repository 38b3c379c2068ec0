package com.genpicz.accounting.usage;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** {@link Usage} totals and changes in the topology's compact form (the output topic has them as JSON). */
final class UsageSerde extends CompactSerde<Usage> {

    @Override
    void write(Usage usage, DataOutputStream out) throws IOException {
        out.writeInt(usage.schemaVersion());
        writeText(out, usage.accountId());
        writeText(out, usage.period());
        writeText(out, usage.periodStart());
        out.writeLong(usage.generationsRequested());
        out.writeLong(usage.generationsCompleted());
        out.writeLong(usage.generationsFailed());
        writeCounts(out, usage.failedByCode());
        out.writeLong(usage.generationsDeleted());
        out.writeLong(usage.creditsDebited());
        out.writeLong(usage.creditsRefunded());
        writeCounts(out, usage.byQuality());
        writeCounts(out, usage.bySize());
        writeCounts(out, usage.byStyle());
        out.writeLong(usage.completionMillisTotal());
    }

    @Override
    Usage read(DataInputStream in) throws IOException {
        return new Usage(in.readInt(), readText(in), readText(in), readText(in), in.readLong(), in.readLong(),
                in.readLong(), readCounts(in), in.readLong(), in.readLong(), in.readLong(), readCounts(in),
                readCounts(in), readCounts(in), in.readLong());
    }
}
