package dev.kiln.inference.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ServerServiceDefinition;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GrpcServerTests {
    @Test
    void listensOnlyOnTheConfiguredAddressLikeHttp() {
        GrpcServer server = new GrpcServer(
                () -> ServerServiceDefinition.builder("test.Empty").build(),
                0,
                1024,
                "127.0.0.1",
                Duration.ofMillis(1));
        server.start();
        try {
            assertThat(server.listenAddresses())
                    .singleElement()
                    .isInstanceOfSatisfying(InetSocketAddress.class, address -> {
                        assertThat(address.getAddress().isLoopbackAddress()).isTrue();
                        assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
                        assertThat(address.getPort()).isEqualTo(server.port()).isPositive();
                    });
        } finally {
            server.stop();
        }
    }
}
