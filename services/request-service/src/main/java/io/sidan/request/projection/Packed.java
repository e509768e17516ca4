package io.sidan.request.projection;

import java.util.Arrays;

/**
 * Whole numbers packed as variable-length bytes (zigzag, 7 bits a byte): small counts take one byte,
 * which keeps the audit roll-ups' tallies small enough to read many thousands per report.
 */
final class Packed {

    private Packed() {
    }

    static final class Writer {
        private byte[] bytes = new byte[64];
        private int size;

        Writer put(long value) {
            long v = (value << 1) ^ (value >> 63);
            if (size + 10 > bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            while ((v & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[size++] = (byte) v;
            return this;
        }

        byte[] bytes() {
            return Arrays.copyOf(bytes, size);
        }
    }

    static final class Reader {
        private final byte[] bytes;
        private int at;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        long next() {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                if (at >= bytes.length || shift > 63) {
                    throw new IllegalArgumentException("a packed number runs past the end of its " + bytes.length + " bytes");
                }
                b = bytes[at++];
                v |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return (v >>> 1) ^ -(v & 1);
        }

        int nextInt() {
            return Math.toIntExact(next());
        }
    }
}
