package dev.kiln.formats.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.formats.InvalidArtifactException;
import dev.kiln.formats.torch.PickleValues.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SafeUnpicklerTests {
    private final List<Tuple> persistentIds = new ArrayList<>();
    private final Function<Tuple, Object> recordingLoader = pid -> {
        persistentIds.add(pid);
        return "storage";
    };

    @Test
    void refusesOsSystemAtItsGlobalOpcodeBeforeAnythingIsCalled() {
        // What pickle writes for os.system("touch /tmp/pwned"): on Linux os.system is posix.system.
        byte[] pickle = PickleBytes.protocol(2)
                .global("posix", "system")
                .string("touch /tmp/pwned")
                .op(0x85) // TUPLE1
                .op('R') // REDUCE
                .stop()
                .bytes();

        assertThatThrownBy(() -> load(pickle))
                .isInstanceOf(UnsafePickleException.class)
                .hasMessage("refusing global posix.system at byte offset 2: only PyTorch tensor globals are allowed"
                        + " (like torch.load(weights_only=True))");
    }

    @Test
    void refusesGlobalsBuiltFromTheStackLikeBuiltinsEval() {
        byte[] pickle = PickleBytes.protocol(4)
                .shortString("builtins")
                .shortString("eval")
                .op(0x93) // STACK_GLOBAL
                .stop()
                .bytes();

        assertThatThrownBy(() -> load(pickle))
                .isInstanceOf(UnsafePickleException.class)
                .hasMessageContaining("refusing global builtins.eval at byte offset 18");
    }

    @Test
    void refusesTorchGlobalsOutsideTheTensorAllowList() {
        for (String[] global : List.of(
                new String[] {"torch", "load"},
                new String[] {"torch.serialization", "load"},
                new String[] {"torch._utils", "_rebuild_device_tensor_from_numpy"},
                new String[] {"collections", "defaultdict"},
                new String[] {"subprocess", "Popen"})) {
            byte[] pickle =
                    PickleBytes.protocol(2).global(global[0], global[1]).stop().bytes();
            assertThatThrownBy(() -> load(pickle))
                    .isInstanceOf(UnsafePickleException.class)
                    .hasMessageContaining("refusing global " + global[0] + "." + global[1]);
        }
    }

    @Test
    void buildsPlainDataFromProtocolTwoOpcodes() {
        // {'a': [1, 300, -5, 2.5, True, None], 'b': ('x', 70000)} with a memoised value reused
        byte[] pickle = PickleBytes.protocol(2)
                .op('}')
                .op('(')
                .string("a")
                .op(']')
                .op('(')
                .int1(1)
                .op('M')
                .op(300 & 0xff)
                .op(300 >>> 8)
                .int4(-5)
                .float8(2.5)
                .op(0x88)
                .op('N')
                .op('e') // APPENDS
                .string("b")
                .string("x")
                .op('q')
                .op(0) // BINPUT 0
                .int4(70000)
                .op(0x86) // TUPLE2
                .string("c")
                .op('h')
                .op(0) // BINGET 0
                .op('u') // SETITEMS
                .stop()
                .bytes();

        Object value = load(pickle);

        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<Object, Object> dict = (Map<Object, Object>) value;
        assertThat(dict.keySet()).containsExactly("a", "b", "c");
        assertThat(dict.get("a")).isEqualTo(Arrays.asList(1L, 300L, -5L, 2.5, true, null));
        assertThat(((Tuple) dict.get("b")).items()).containsExactly("x", 70000L);
        assertThat(dict.get("c")).isEqualTo("x");
    }

    @Test
    void passesPersistentIdsToTheStorageLoader() {
        byte[] pickle = PickleBytes.protocol(2)
                .op('(')
                .string("storage")
                .global("torch", "FloatStorage")
                .string("0")
                .string("cpu")
                .int1(6)
                .op('t')
                .op('Q') // BINPERSID
                .stop()
                .bytes();

        assertThat(load(pickle)).isEqualTo("storage");
        assertThat(persistentIds).hasSize(1);
        assertThat(persistentIds.get(0).items())
                .containsExactly("storage", new PickleValues.Global("torch", "FloatStorage"), "0", "cpu", 6L);
    }

    @Test
    void reportsATruncatedPickleWithItsOffset() {
        byte[] whole =
                PickleBytes.protocol(2).string("a fairly long string").stop().bytes();
        byte[] truncated = Arrays.copyOf(whole, 12);

        assertThatThrownBy(() -> load(truncated))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("byte offset 2")
                .hasMessageContaining("truncated");
    }

    @Test
    void reportsAPickleThatEndsWithoutStop() {
        byte[] noStop = PickleBytes.protocol(2).int1(1).bytes();

        assertThatThrownBy(() -> load(noStop))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void refusesObjectBuildingOpcodesItDoesNotImplement() {
        byte[] inst = PickleBytes.protocol(2).op('i').stop().bytes();

        assertThatThrownBy(() -> load(inst))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageStartingWith("unsupported pickle opcode 0x69 at byte offset 2");
    }

    @Test
    void refusesAMemoReadBeforeItWasWritten() {
        byte[] pickle = PickleBytes.protocol(2).op('h').op(7).stop().bytes();

        assertThatThrownBy(() -> load(pickle))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("corrupt pickle: memo entry 7 read before it was written at byte offset 2");
    }

    private Object load(byte[] pickle) {
        return new SafeUnpickler(pickle, recordingLoader).load();
    }
}
