package dev.kiln.inference.api.rest;

import dev.kiln.inference.error.InferenceException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request body that refuses to be read past the size limit (checked up front when the length is declared). */
final class LimitedInput extends FilterInputStream {
    private final long limit;
    private long read;

    private LimitedInput(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    static InputStream of(HttpServletRequest request, long limit) throws IOException {
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        return new LimitedInput(request.getInputStream(), limit);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private static InferenceException tooLarge(long limit) {
        return InferenceException.invalid("the request body is larger than " + limit
                + " bytes, the limit (kiln.inference.max-request-size); send fewer samples per request");
    }

    private void count(int n) {
        read += n;
        if (read > limit) {
            throw tooLarge(limit);
        }
    }
}
