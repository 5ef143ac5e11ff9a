package dev.kiln.gateway.grpc;

import dev.kiln.gateway.problem.GatewayProblem;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The error vocabulary on gRPC: a problem's HTTP status to the gRPC code, its detail as the description. */
final class GrpcStatuses {
    private static final Logger log = LoggerFactory.getLogger(GrpcStatuses.class);

    private GrpcStatuses() {}

    static StatusRuntimeException of(Throwable error) {
        if (error instanceof StatusRuntimeException status) {
            return status;
        }
        if (!(error instanceof GatewayProblem problem)) {
            log.error("gRPC call failed", error);
            return Status.INTERNAL
                    .withDescription("the gateway failed (" + error.getClass().getSimpleName() + ")")
                    .asRuntimeException();
        }
        Status status =
                switch (problem.status().value()) {
                    case 400, 413 -> Status.INVALID_ARGUMENT;
                    case 401 -> Status.UNAUTHENTICATED;
                    case 403 -> Status.PERMISSION_DENIED;
                    case 404 -> Status.NOT_FOUND;
                    case 409 ->
                        "ALREADY_EXISTS".equals(problem.errorCode())
                                ? Status.ALREADY_EXISTS
                                : Status.FAILED_PRECONDITION;
                    case 429 -> Status.RESOURCE_EXHAUSTED;
                    case 503, 502, 504 -> Status.UNAVAILABLE;
                    default -> Status.INTERNAL;
                };
        return status.withDescription(problem.getMessage()).asRuntimeException();
    }
}
