package dev.kiln.formats.torch;

import dev.kiln.formats.InvalidArtifactException;
import dev.kiln.formats.torch.PickleValues.Global;
import dev.kiln.formats.torch.PickleValues.Tuple;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A pickle reader that only builds data: dicts, lists, tuples, strings, numbers, and tensor references through the
 * {@link TorchGlobals} allow-list. Any other global is refused when its opcode is read, so nothing is looked up,
 * instantiated or called: the same contract as {@code torch.load(weights_only=True)}.
 *
 * <p>Hand-written on purpose: the Java pickle libraries (Pyrolite/razorvine) construct objects for any global they
 * meet and have no allow-list, which makes them unsafe for files from users. The subset here is what pickle
 * protocols 2–5 use for state dicts.
 */
final class SafeUnpickler {
    private final ByteBuffer in;
    private final Function<Tuple, Object> persistentLoad;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int opcodeOffset;

    /**
     * @param pickle the pickle bytes
     * @param persistentLoad resolves a persistent id (BINPERSID), e.g. a torch storage reference
     */
    SafeUnpickler(byte[] pickle, Function<Tuple, Object> persistentLoad) {
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
        this.persistentLoad = persistentLoad;
    }

    /** Reads the pickle up to its STOP opcode and returns the value it builds. */
    Object load() {
        while (true) {
            opcodeOffset = in.position();
            int opcode = u8();
            if (opcode == '.') {
                if (stack.size() != 1 || !marks.isEmpty()) {
                    throw corrupt("STOP with " + stack.size() + " values on the stack");
                }
                return stack.get(0);
            }
            step(opcode);
        }
    }

    private void step(int opcode) {
        switch (opcode) {
            case 0x80 -> protocol(u8());
            case 0x95 -> checked(8); // FRAME: a length hint for buffered readers, the opcodes follow as usual
            case '(' -> marks.push(stack.size());
            case '}' -> push(new LinkedHashMap<Object, Object>());
            case ']' -> push(new ArrayList<Object>());
            case ')' -> push(new Tuple(List.of()));
            case 't' -> push(new Tuple(new ArrayList<>(popMark())));
            case 0x85 -> push(tupleOf(1));
            case 0x86 -> push(tupleOf(2));
            case 0x87 -> push(tupleOf(3));
            case 'q' -> memo.put((long) u8(), peek());
            case 'r' -> memo.put(Integer.toUnsignedLong(in.getInt(checked(4))), peek());
            case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
            case 'h' -> push(memoGet(u8()));
            case 'j' -> push(memoGet(Integer.toUnsignedLong(in.getInt(checked(4)))));
            case 'c' -> push(global(line(), line()));
            case 0x93 -> stackGlobal();
            case 'X' -> push(utf8(count(Integer.toUnsignedLong(in.getInt(checked(4))))));
            case 0x8c -> push(utf8(u8()));
            case 0x8d -> push(utf8(count(in.getLong(checked(8)))));
            case 'B' -> push(bytes(count(Integer.toUnsignedLong(in.getInt(checked(4))))));
            case 'C' -> push(bytes(u8()));
            case 'J' -> push((long) in.getInt(checked(4)));
            case 'K' -> push((long) u8());
            case 'M' -> push((long) Short.toUnsignedInt(in.getShort(checked(2))));
            case 0x8a -> push(longN(u8()));
            case 0x8b -> push(longN(count(Integer.toUnsignedLong(in.getInt(checked(4))))));
            case 'G' ->
                push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'N' -> push(null);
            case 'Q' -> push(persistentId(pop()));
            case 'R' -> reduce();
            case 'b' -> build();
            case 's' -> setItem();
            case 'u' -> setItems();
            case 'a' -> append();
            case 'e' -> appends();
            case '0' -> pop();
            case '1' -> popMark();
            case '2' -> push(peek());
            default ->
                throw new InvalidArtifactException(String.format(
                        "unsupported pickle opcode 0x%02x at byte offset %d: a state dict saved by torch.save uses pickle"
                                + " protocol 2 data opcodes only",
                        opcode, opcodeOffset));
        }
    }

    private void protocol(int version) {
        if (version < 2 || version > 5) {
            throw corrupt("pickle protocol " + version + " (expected 2 to 5)");
        }
    }

    private Global global(String module, String name) {
        Global global = new Global(module, name);
        if (!TorchGlobals.isAllowed(global)) {
            throw new UnsafePickleException("refusing global " + global.qualifiedName() + " at byte offset "
                    + opcodeOffset + ": only PyTorch tensor globals are allowed (like torch.load(weights_only=True))");
        }
        return global;
    }

    private void stackGlobal() {
        Object name = pop();
        Object module = pop();
        if (!(module instanceof String m) || !(name instanceof String n)) {
            throw corrupt("STACK_GLOBAL needs two strings");
        }
        push(global(m, n));
    }

    private Object persistentId(Object pid) {
        if (!(pid instanceof Tuple tuple)) {
            throw corrupt("persistent id is a " + PickleValues.typeName(pid) + ", expected a tuple");
        }
        return persistentLoad.apply(tuple);
    }

    private void reduce() {
        Object args = pop();
        Object callable = pop();
        if (!(callable instanceof Global global) || !(args instanceof Tuple tuple)) {
            throw corrupt("REDUCE of " + PickleValues.typeName(callable) + " with " + PickleValues.typeName(args));
        }
        push(TorchGlobals.call(global, tuple, opcodeOffset));
    }

    private void build() {
        Object state = pop();
        Object target = peek();
        // An OrderedDict state dict carries its _metadata attribute (module versions) this way: not needed here.
        if (!(target instanceof Map) || !(state instanceof Map || state instanceof Tuple)) {
            throw corrupt("BUILD of " + PickleValues.typeName(target) + " with " + PickleValues.typeName(state)
                    + " (only a dict's attributes may be set)");
        }
    }

    private void setItem() {
        Object value = pop();
        Object key = pop();
        dictOnTop().put(hashable(key), value);
    }

    private void setItems() {
        List<Object> items = popMark();
        if (items.size() % 2 != 0) {
            throw corrupt("SETITEMS with an odd number of values");
        }
        Map<Object, Object> dict = dictOnTop();
        for (int i = 0; i < items.size(); i += 2) {
            dict.put(hashable(items.get(i)), items.get(i + 1));
        }
    }

    private void append() {
        Object value = pop();
        listOnTop().add(value);
    }

    private void appends() {
        List<Object> items = popMark();
        listOnTop().addAll(items);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dictOnTop() {
        if (!(peek() instanceof Map<?, ?> map)) {
            throw corrupt("SETITEM on a " + PickleValues.typeName(peek()));
        }
        return (Map<Object, Object>) map;
    }

    @SuppressWarnings("unchecked")
    private List<Object> listOnTop() {
        if (!(peek() instanceof List<?> list)) {
            throw corrupt("APPEND on a " + PickleValues.typeName(peek()));
        }
        return (List<Object>) list;
    }

    private Object hashable(Object key) {
        if (key instanceof Map || key instanceof List) {
            throw corrupt("a " + PickleValues.typeName(key) + " used as a dict key");
        }
        return key;
    }

    private Tuple tupleOf(int n) {
        if (stack.size() - n < (marks.isEmpty() ? 0 : marks.peek())) {
            throw corrupt("tuple of " + n + " with too few values on the stack");
        }
        List<Object> tail = stack.subList(stack.size() - n, stack.size());
        Tuple tuple = new Tuple(new ArrayList<>(tail));
        tail.clear();
        return tuple;
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw corrupt("no MARK before a collection opcode");
        }
        int start = marks.pop();
        List<Object> tail = stack.subList(start, stack.size());
        List<Object> items = new ArrayList<>(tail);
        tail.clear();
        return items;
    }

    private void push(Object value) {
        stack.add(value);
    }

    private Object pop() {
        int floor = marks.isEmpty() ? 0 : marks.peek();
        if (stack.size() <= floor) {
            throw corrupt("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.isEmpty()) {
            throw corrupt("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) {
            throw corrupt("memo entry " + index + " read before it was written");
        }
        return memo.get(index);
    }

    private int u8() {
        return Byte.toUnsignedInt(in.get(checked(1)));
    }

    /** Checks that n bytes remain and returns the position to read them at, advancing past them. */
    private int checked(int n) {
        if (in.remaining() < n) {
            throw new InvalidArtifactException("pickle ends in the middle of an opcode at byte offset " + opcodeOffset
                    + ": the file is truncated");
        }
        int position = in.position();
        in.position(position + n);
        return position;
    }

    private int count(long length) {
        if (length < 0 || length > in.remaining()) {
            throw new InvalidArtifactException("pickle value of " + length + " bytes at byte offset " + opcodeOffset
                    + " runs past the end of the data: the file is truncated or corrupt");
        }
        return (int) length;
    }

    private byte[] bytes(int n) {
        byte[] value = new byte[n];
        in.get(checked(n), value, 0, n);
        return value;
    }

    private String utf8(int n) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes(n)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw corrupt("a string that is not valid UTF-8");
        }
    }

    private String line() {
        int start = in.position();
        while (in.hasRemaining()) {
            if (in.get() == '\n') {
                byte[] text = new byte[in.position() - start - 1];
                in.get(start, text);
                return new String(text, StandardCharsets.US_ASCII);
            }
        }
        throw new InvalidArtifactException(
                "pickle ends inside a GLOBAL name at byte offset " + opcodeOffset + ": the file is truncated");
    }

    private Object longN(int n) {
        byte[] littleEndian = bytes(n);
        if (n == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[n];
        for (int i = 0; i < n; i++) {
            bigEndian[i] = littleEndian[n - 1 - i];
        }
        BigInteger value = new BigInteger(bigEndian);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private InvalidArtifactException corrupt(String what) {
        return new InvalidArtifactException("corrupt pickle: " + what + " at byte offset " + opcodeOffset);
    }
}
