package dev.kiln.registry.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One file of a data set upload, on local disk (a multipart part the servlet container spooled, or a file shipped
 * with the machine), so it can be streamed more than once: to validate it, then to store it.
 *
 * @param field the request field it came in ({@code files}, {@code train_images} …)
 * @param fileName the client's file name
 * @param path where it is on disk
 */
record UploadFile(String field, String fileName, Path path) {

    InputStream open() throws IOException {
        return Files.newInputStream(path);
    }

    long size() {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What to call it in messages: the file name, or the field when there is none. */
    String label() {
        return fileName == null || fileName.isBlank() ? field : fileName;
    }
}
