package dev.kiln.inference.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import inference.GRPCInferenceServiceGrpc;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferResponse;
import inference.GrpcPredictV2.ServerLiveRequest;
import inference.GrpcPredictV2.ServerLiveResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which thread runs a call of the real gRPC server: the network thread when the server is idle, else the pool.
 * grpc-java decides at the call's start on the network thread, so the answer for each call is certain, not a race.
 */
class EventLoopWhenIdleTests {
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final AtomicReference<StreamObserver<ModelInferResponse>> unanswered = new AtomicReference<>();
    private GrpcServer server;
    private ManagedChannel channel;

    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase service =
            new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {
                @Override
                public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> response) {
                    threads.add(Thread.currentThread().getName());
                    response.onNext(
                            ServerLiveResponse.newBuilder().setLive(true).build());
                    response.onCompleted();
                }

                @Override
                public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> response) {
                    threads.add(Thread.currentThread().getName());
                    unanswered.set(response); // in flight until the test answers it
                }
            };

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aCallReachingAnIdleServerRunsOnTheNetworkThread() {
        start(Duration.ofMillis(1));

        live();

        assertThat(threads).singleElement().asString().startsWith("grpc-default-worker");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.callsInFlight() == 0);
    }

    @Test
    void aCallArrivingWhileAnotherIsInFlightRunsOnTheCallPoolAndIdleComesBackAfterwards() throws Exception {
        start(Duration.ofMillis(1));
        var pending =
                GRPCInferenceServiceGrpc.newFutureStub(channel).modelInfer(ModelInferRequest.getDefaultInstance());
        await().atMost(Duration.ofSeconds(5)).until(() -> unanswered.get() != null);
        assertThat(server.callsInFlight()).isEqualTo(1);

        live();
        assertThat(threads.get(1)).startsWith("grpc-call-");

        unanswered.get().onNext(ModelInferResponse.getDefaultInstance());
        unanswered.get().onCompleted();
        pending.get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.callsInFlight() == 0);
        Thread.sleep(5); // longer than the quiet time
        live();
        assertThat(threads.get(2)).startsWith("grpc-default-worker");
    }

    @Test
    void aCallRightBehindAnotherRunsOnTheCallPool() {
        start(Duration.ofHours(1));

        live(); // the server has been quiet since it started
        live(); // right behind the first one

        assertThat(threads).hasSize(2);
        assertThat(threads.get(0)).startsWith("grpc-default-worker");
        assertThat(threads.get(1)).startsWith("grpc-call-");
    }

    @Test
    void aZeroQuietTimeAlwaysUsesTheCallPool() {
        start(Duration.ZERO);

        live();

        assertThat(threads).singleElement().asString().startsWith("grpc-call-");
    }

    @Test
    void aCallTheClientGivesUpOnIsNoLongerCountedInFlight() {
        start(Duration.ofMillis(1));

        assertThatThrownBy(() -> GRPCInferenceServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(200, TimeUnit.MILLISECONDS)
                        .modelInfer(ModelInferRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));

        await().atMost(Duration.ofSeconds(5)).until(() -> server.callsInFlight() == 0);
    }

    private void start(Duration quiet) {
        server = new GrpcServer(service, 0, 1 << 20, "127.0.0.1", quiet);
        server.start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port())
                .usePlaintext()
                .build();
    }

    private void live() {
        assertThat(GRPCInferenceServiceGrpc.newBlockingStub(channel)
                        .serverLive(ServerLiveRequest.getDefaultInstance())
                        .getLive())
                .isTrue();
    }
}
