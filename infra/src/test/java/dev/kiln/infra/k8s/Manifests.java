package dev.kiln.infra.k8s;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Kubernetes objects read from multi-document YAML into fabric8's typed model (Deployment, Service, ...). */
record Manifests(List<HasMetadata> objects) {
    private static final YAMLMapper YAML = new YAMLMapper();

    Manifests {
        objects = List.copyOf(objects);
    }

    static Manifests parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (MappingIterator<KubernetesResource> documents =
                YAML.readerFor(KubernetesResource.class).readValues(yaml)) {
            while (documents.hasNext()) {
                KubernetesResource document = documents.next();
                if (document == null) {
                    continue;
                }
                if (!(document instanceof HasMetadata object)) {
                    throw new IllegalArgumentException("a document is a "
                            + document.getClass().getSimpleName() + ", not a Kubernetes object with metadata");
                }
                objects.add(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the YAML is not a list of Kubernetes objects: " + e.getMessage(), e);
        }
        return new Manifests(objects);
    }

    Manifests plus(Manifests more) {
        List<HasMetadata> all = new ArrayList<>(objects);
        all.addAll(more.objects);
        return new Manifests(all);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream()
                .filter(o -> name.equals(o.getMetadata().getName()))
                .findFirst();
    }
}
