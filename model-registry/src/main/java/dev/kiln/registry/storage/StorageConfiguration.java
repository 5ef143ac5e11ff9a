package dev.kiln.registry.storage;

import dev.kiln.registry.config.RegistryProperties;
import io.minio.MinioClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean
    MinioClient minioClient(RegistryProperties properties) {
        RegistryProperties.Storage s = properties.storage();
        return MinioClient.builder()
                .endpoint(s.endpoint())
                .credentials(s.accessKey(), s.secretKey())
                .build();
    }
}
