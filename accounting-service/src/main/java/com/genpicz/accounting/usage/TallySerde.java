package com.genpicz.accounting.usage;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** {@link GenerationTally} in the topology's compact form. */
final class TallySerde extends CompactSerde<GenerationTally> {

    @Override
    void write(GenerationTally tally, DataOutputStream out) throws IOException {
        writeText(out, tally.accountId());
        writeInstant(out, tally.requestedAt());
        writeText(out, tally.quality());
        writeText(out, tally.size());
        writeText(out, tally.style());
        out.writeInt(tally.credits());
        out.writeBoolean(tally.debited());
        writeText(out, tally.outcome());
        writeText(out, tally.failureCode());
        writeInstant(out, tally.finishedAt());
        out.writeBoolean(tally.deleted());
        writeInstant(out, tally.firstSeenAt());
    }

    @Override
    GenerationTally read(DataInputStream in) throws IOException {
        return new GenerationTally(readText(in), readInstant(in), readText(in), readText(in), readText(in),
                in.readInt(), in.readBoolean(), readText(in), readText(in), readInstant(in), in.readBoolean(),
                readInstant(in));
    }
}
