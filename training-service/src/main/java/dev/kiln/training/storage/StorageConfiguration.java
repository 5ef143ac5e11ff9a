package dev.kiln.training.storage;

import dev.kiln.training.config.TrainingProperties;
import io.minio.MinioClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean
    ObjectStore objectStore(TrainingProperties properties) {
        TrainingProperties.Storage s = properties.storage();
        if (s == null || s.endpoint() == null || s.bucket() == null) {
            throw new IllegalStateException("kiln.training.storage.endpoint and .bucket are required: the S3 server"
                    + " (MinIO) that holds data sets, checkpoints and artifacts");
        }
        MinioClient client = MinioClient.builder()
                .endpoint(s.endpoint())
                .credentials(s.accessKey(), s.secretKey())
                .build();
        return new ObjectStore(client, s.bucket());
    }
}
