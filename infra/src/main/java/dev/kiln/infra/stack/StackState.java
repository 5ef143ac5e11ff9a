package dev.kiln.infra.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running stack leaves in {@code $KILN_HOME/run/stack.properties} so that {@code kiln down} and
 * {@code kiln status} in another terminal can find it: the launcher's pid, its state, and each part's pid and URL.
 */
public record StackState(long launcherPid, String phase, Map<String, String> parts) {
    public static final String STARTING = "starting";
    public static final String READY = "ready";

    public static Optional<StackState> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            props.load(r);
        } catch (IOException e) {
            return Optional.empty();
        }
        Map<String, String> parts = new LinkedHashMap<>();
        props.stringPropertyNames().stream()
                .filter(k -> k.startsWith("part."))
                .sorted()
                .forEach(k -> parts.put(k.substring(5), props.getProperty(k)));
        return Optional.of(new StackState(
                Long.parseLong(props.getProperty("launcher.pid", "-1")), props.getProperty("phase", "?"), parts));
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Properties props = new Properties();
        props.setProperty("launcher.pid", String.valueOf(launcherPid));
        props.setProperty("phase", phase);
        parts.forEach((k, v) -> props.setProperty("part." + k, v));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            props.store(w, "Kiln local stack");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    public boolean launcherAlive() {
        return ProcessHandle.of(launcherPid).map(ProcessHandle::isAlive).orElse(false);
    }
}
