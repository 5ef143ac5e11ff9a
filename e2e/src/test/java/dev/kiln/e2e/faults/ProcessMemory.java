package dev.kiln.e2e.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's memory: resident set from {@code /proc/<pid>/status}, heap in use from its Prometheus metrics. */
public final class ProcessMemory {
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final Pattern HEAP =
            Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} (\\S+)");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ProcessMemory() {}

    /** Resident memory in MiB, or -1 when the process is gone. */
    public static double rssMiB(long pid) {
        try {
            Matcher m = RSS.matcher(Files.readString(Path.of("/proc", String.valueOf(pid), "status")));
            return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Heap in use (all heap pools) in MiB, or -1 when the service does not answer. */
    public static double heapMiB(String serviceUrl) {
        try {
            String text = HTTP.send(
                            HttpRequest.newBuilder(URI.create(serviceUrl + "/actuator/prometheus"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = HEAP.matcher(text);
            double bytes = 0;
            boolean found = false;
            while (m.find()) {
                bytes += Double.parseDouble(m.group(1));
                found = true;
            }
            return found ? bytes / (1024 * 1024) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
