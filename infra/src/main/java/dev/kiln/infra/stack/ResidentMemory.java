package dev.kiln.infra.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Resident set size of processes, read from Linux's {@code /proc}. */
public final class ResidentMemory {
    private ResidentMemory() {}

    public static long ofProcessTree(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants())
                .mapToLong(p -> ofProcess(p.pid()))
                .sum();
    }

    public static long ofProcess(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended or this is not Linux
        }
        return 0;
    }
}
