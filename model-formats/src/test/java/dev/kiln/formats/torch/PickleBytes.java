package dev.kiln.formats.torch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes pickle opcodes by hand, for tests that need pickles torch.save would never write. */
final class PickleBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static PickleBytes protocol(int version) {
        PickleBytes bytes = new PickleBytes();
        bytes.op(0x80).op(version);
        return bytes;
    }

    PickleBytes op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleBytes global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    PickleBytes string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        op('X');
        int32(utf8.length);
        out.writeBytes(utf8);
        return this;
    }

    PickleBytes shortString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        op(0x8c).op(utf8.length);
        out.writeBytes(utf8);
        return this;
    }

    PickleBytes int1(int value) {
        return op('K').op(value);
    }

    PickleBytes int4(int value) {
        op('J');
        return int32(value);
    }

    PickleBytes int32(int value) {
        for (int i = 0; i < 4; i++) {
            out.write((value >>> (8 * i)) & 0xff);
        }
        return this;
    }

    PickleBytes float8(double value) {
        op('G');
        long bits = Double.doubleToLongBits(value);
        for (int i = 7; i >= 0; i--) {
            out.write((int) (bits >>> (8 * i)) & 0xff);
        }
        return this;
    }

    PickleBytes stop() {
        return op('.');
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
