package dev.kiln.gateway.grpc;

import dev.kiln.contracts.messaging.CorrelationId;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.springframework.stereotype.Component;

/**
 * Correlation ids on gRPC, as on REST: metadata {@code x-request-id} (or the trace id of {@code traceparent}) or a
 * new id, answered in the response headers' {@code x-request-id} and passed on to the REST path that submits and
 * cancels jobs ({@link LoopbackJobCommands}).
 */
@Component
class GrpcCorrelation implements ServerInterceptor {
    static final Context.Key<CorrelationId> CORRELATION_ID = Context.key("kiln-correlation-id");
    static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of(
            CorrelationId.HTTP_HEADER.toLowerCase(java.util.Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> TRACEPARENT =
            Metadata.Key.of(CorrelationId.TRACEPARENT_HEADER, Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        CorrelationId id = CorrelationId.fromRequest(headers.get(REQUEST_ID), headers.get(TRACEPARENT));
        ServerCall<Q, R> answering = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            private boolean headersSent;

            @Override
            public void sendHeaders(Metadata responseHeaders) {
                responseHeaders.put(REQUEST_ID, id.value());
                headersSent = true;
                super.sendHeaders(responseHeaders);
            }

            @Override
            public void close(io.grpc.Status status, Metadata trailers) {
                if (!headersSent) { // a refusal answers with trailers only
                    trailers.put(REQUEST_ID, id.value());
                }
                super.close(status, trailers);
            }
        };
        return Contexts.interceptCall(Context.current().withValue(CORRELATION_ID, id), answering, headers, next);
    }
}
