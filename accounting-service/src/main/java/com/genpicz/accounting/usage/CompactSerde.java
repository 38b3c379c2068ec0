package com.genpicz.accounting.usage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A small binary form for what only the topology itself reads: its stores, their changelogs and the repartition
 * topic. JSON there (Jackson) was 39 % of the stream thread's time (bench/usage, JFR); the output topic, which
 * others read, stays JSON. The first byte is a format version, so a later layout can be told apart.
 */
abstract class CompactSerde<T> implements Serde<T> {

    private static final int FORMAT = 1;

    abstract void write(T value, DataOutputStream out) throws IOException;

    abstract T read(DataInputStream in) throws IOException;

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(FORMAT);
                write(value, out);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + value.getClass().getSimpleName(), e);
            }
            return bytes.toByteArray();
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                int format = in.readUnsignedByte();
                if (format != FORMAT) {
                    throw new SerializationException("unknown compact format " + format);
                }
                return read(in);
            } catch (IOException e) {
                throw new SerializationException("cannot read a compact record", e);
            }
        };
    }

    static void writeText(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    static String readText(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            out.writeLong(instant.getEpochSecond());
            out.writeInt(instant.getNano());
        }
    }

    static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    static void writeCounts(DataOutputStream out, Map<String, Long> counts) throws IOException {
        out.writeInt(counts.size());
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeLong(entry.getValue());
        }
    }

    static Map<String, Long> readCounts(DataInputStream in) throws IOException {
        int size = in.readInt();
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            counts.put(in.readUTF(), in.readLong());
        }
        return counts;
    }
}
