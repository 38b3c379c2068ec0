package com.genpicz.bench.ingress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The few fields of a /proc/…/stat line the CPU accounting needs; times are in clock ticks. */
record ProcStat(String name, long parentPid, long ownTicks, long childrenTicks) {

    /** Null when the process or thread is gone or the line cannot be read. */
    static ProcStat read(Path statFile) {
        String line;
        try {
            line = Files.readString(statFile);
        } catch (IOException e) {
            return null;
        }
        // The name is in parentheses and may itself contain spaces or parentheses: split after the last ')'.
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            return null;
        }
        String[] f = line.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state): ppid is field 4, utime/stime 14/15, cutime/cstime 16/17.
        try {
            return new ProcStat(line.substring(open + 1, close), Long.parseLong(f[1]),
                    Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14]));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
