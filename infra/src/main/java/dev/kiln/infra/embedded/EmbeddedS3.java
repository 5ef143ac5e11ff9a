package dev.kiln.infra.embedded;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3 server in this JVM: S3Proxy over jclouds' filesystem store, so objects are plain files under one folder and
 * survive a restart. Services talk to it with the MinIO client exactly as they talk to MinIO.
 */
public final class EmbeddedS3 implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final S3Endpoint endpoint;

    private EmbeddedS3(S3Proxy proxy, BlobStoreContext context, S3Endpoint endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
    }

    public static EmbeddedS3 start(Path dataDir, String host, int port, S3Credentials credentials, String bucket)
            throws Exception {
        Files.createDirectories(dataDir);
        Properties overrides = new Properties();
        overrides.setProperty("jclouds.filesystem.basedir", dataDir.toString());
        BlobStoreContext context =
                ContextBuilder.newBuilder("filesystem").overrides(overrides).buildView(BlobStoreContext.class);
        URI uri = URI.create("http://" + host + ":" + port);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(uri)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, credentials.accessKey(), credentials.secretKey())
                .build();
        EmbeddedS3 s3 = new EmbeddedS3(proxy, context, new S3Endpoint(uri.toString(), credentials, bucket));
        try {
            proxy.start();
            s3.awaitStarted();
            s3.ensureBucket();
        } catch (Exception e) {
            s3.close();
            throw e;
        }
        return s3;
    }

    public S3Endpoint endpoint() {
        return endpoint;
    }

    private void awaitStarted() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if ("FAILED".equals(proxy.getState()) || System.nanoTime() > deadline) {
                throw new IllegalStateException("S3 server did not start on " + endpoint.url());
            }
            Thread.sleep(10);
        }
    }

    private void ensureBucket() throws Exception {
        MinioClient client = endpoint.client();
        if (!client.bucketExists(
                BucketExistsArgs.builder().bucket(endpoint.bucket()).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(endpoint.bucket()).build());
        }
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }
}
