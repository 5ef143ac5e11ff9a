package dev.kiln.inference.bench;

import dev.kiln.formats.StateDict;
import dev.kiln.formats.torch.TorchStateDictWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python server the benchmark compares against: {@code bench/python/torch_server.py} (PyTorch eager behind the
 * standard library's ThreadingHTTPServer) started on a free port with the weights Kiln serves, written as the PyTorch
 * state dict Kiln exports.
 */
final class PythonPeer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final String banner;

    private PythonPeer(Process process, int port, String banner) {
        this.process = process;
        this.port = port;
        this.banner = banner;
    }

    /**
     * Starts the peer named by {@code -Dbench.peer} (default {@code bench/python/torch_server.py}, looked up from the
     * working directory and its parent); returns null when the property is empty.
     */
    static PythonPeer start(StateDict weights, List<String> labels, double mean, double std) throws IOException {
        String configured = System.getProperty("bench.peer", "bench/python/torch_server.py");
        if (configured.isBlank()) {
            return null;
        }
        Path script = Path.of(configured);
        if (!Files.exists(script) && Files.exists(Path.of("..").resolve(configured))) {
            script = Path.of("..").resolve(configured);
        }
        if (!Files.exists(script)) {
            throw new IllegalStateException("no Python peer at " + script.toAbsolutePath()
                    + "; set -Dbench.peer to bench/python/torch_server.py, or to an empty value to skip it");
        }
        Path file = Files.createTempFile("kiln-bench-weights", ".pt");
        file.toFile().deleteOnExit();
        Files.write(file, new TorchStateDictWriter().toBytes(weights));
        Process process = new ProcessBuilder(
                        System.getProperty("bench.python", "/usr/bin/python3"),
                        script.toString(),
                        "--weights",
                        file.toString(),
                        "--labels",
                        String.join(",", labels),
                        "--mean",
                        String.valueOf(mean),
                        "--std",
                        String.valueOf(std),
                        "--name",
                        "bench")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("listening on ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the Python peer did not start (first line: " + line + ")");
        }
        String rest = line.substring("listening on ".length());
        int space = rest.indexOf(' ');
        int port = Integer.parseInt(space < 0 ? rest : rest.substring(0, space));
        return new PythonPeer(
                process, port, space < 0 ? "" : rest.substring(space + 1).trim());
    }

    int port() {
        return port;
    }

    /** What the peer said about itself (torch version, threads). */
    String banner() {
        return banner;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
