package dev.kiln.gateway.grpc;

import dev.kiln.contracts.jobs.v1.JobServiceGrpc;
import dev.kiln.gateway.apikeys.ApiKeyStore;
import dev.kiln.gateway.apikeys.Authentication;
import dev.kiln.gateway.apikeys.Caller;
import dev.kiln.gateway.apikeys.Scope;
import dev.kiln.gateway.security.TokenBuckets;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * API keys on gRPC, as on REST: metadata {@code authorization: Bearer <key>}; UNAUTHENTICATED without a valid key,
 * PERMISSION_DENIED without the scope (SubmitJob and CancelJob need {@code train}, the others {@code read}),
 * RESOURCE_EXHAUSTED over the rate limit (SubmitJob and CancelJob are counted once, by the REST path they run).
 */
@Component
class GrpcAuthentication implements ServerInterceptor {
    static final Context.Key<Caller> CALLER = Context.key("kiln-caller");
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final Map<String, Scope> SCOPES = Map.of(
            JobServiceGrpc.getSubmitJobMethod().getFullMethodName(), Scope.TRAIN,
            JobServiceGrpc.getCancelJobMethod().getFullMethodName(), Scope.TRAIN,
            JobServiceGrpc.getGetJobMethod().getFullMethodName(), Scope.READ,
            JobServiceGrpc.getListJobsMethod().getFullMethodName(), Scope.READ,
            JobServiceGrpc.getWatchJobMethod().getFullMethodName(), Scope.READ);

    private final ApiKeyStore keys;
    private final TokenBuckets buckets;

    GrpcAuthentication(ApiKeyStore keys, TokenBuckets buckets) {
        this.keys = keys;
        this.buckets = buckets;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Scope needed = SCOPES.getOrDefault(method, Scope.ADMIN);
        String header = headers.get(AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return refuse(
                    call,
                    Status.UNAUTHENTICATED.withDescription(
                            "this call needs an API key: metadata 'authorization: Bearer <api key>'"));
        }
        Authentication result = keys.authenticate(header.substring(7).strip());
        if (result instanceof Authentication.Rejected rejected) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription(rejected.reason()));
        }
        Caller caller = ((Authentication.Authenticated) result).caller();
        if (!caller.allows(needed)) {
            return refuse(
                    call,
                    Status.PERMISSION_DENIED.withDescription(
                            call.getMethodDescriptor().getBareMethodName()
                                    + " needs the '" + needed.wire() + "' scope; key "
                                    + caller.key().id() + " has "
                                    + caller.key().scopes()));
        }
        if (needed == Scope.READ) {
            Optional<Duration> wait = buckets.tryAcquire(caller.key().id());
            if (wait.isPresent()) {
                long seconds = Math.max(1, (long) Math.ceil(wait.get().toMillis() / 1000.0));
                Metadata trailers = new Metadata();
                trailers.put(Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER), String.valueOf(seconds));
                call.close(
                        Status.RESOURCE_EXHAUSTED.withDescription(
                                "key " + caller.key().id() + " is over its rate limit; retry in " + seconds + " s"),
                        trailers);
                return new ServerCall.Listener<>() {};
            }
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
