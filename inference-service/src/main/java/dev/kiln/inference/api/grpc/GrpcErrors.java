package dev.kiln.inference.api.grpc;

import dev.kiln.inference.error.InferenceException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Maps the core's error vocabulary to gRPC status codes once. */
final class GrpcErrors {
    private GrpcErrors() {}

    static StatusRuntimeException status(RuntimeException e) {
        if (!(e instanceof InferenceException failure)) {
            return Status.INTERNAL
                    .withDescription("internal error: " + e.getMessage())
                    .asRuntimeException();
        }
        Status status =
                switch (failure.code()) {
                    case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
                    case NOT_FOUND -> Status.NOT_FOUND;
                    case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
                    case UNAVAILABLE -> Status.UNAVAILABLE;
                    case INTERNAL -> Status.INTERNAL;
                };
        return status.withDescription(failure.getMessage()).asRuntimeException();
    }
}
