package dev.kiln.registry.models;

import dev.kiln.registry.api.ApiException;
import dev.kiln.registry.storage.JobArtifactLayout;
import dev.kiln.registry.storage.ObjectStore;
import java.util.List;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Artifact download, streamed from object storage (never held in memory); the ETag is the file's sha256. */
@RestController
class ArtifactsController {
    private final VersionQueries versions;
    private final ObjectStore store;

    ArtifactsController(VersionQueries versions, ObjectStore store) {
        this.versions = versions;
        this.store = store;
    }

    @GetMapping("/api/v1/models/{name}/versions/{version}/artifacts/{file}")
    ResponseEntity<InputStreamResource> download(
            @PathVariable String name, @PathVariable int version, @PathVariable String file) {
        ModelViews.VersionView view = versions.get(name, version);
        ModelViews.ArtifactView artifact = view.artifacts().stream()
                .filter(a -> a.file().equals(file))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound(missing(view, file)));
        String key = JobArtifactLayout.keyOf(store.bucket(), artifact.uri());
        MediaType type = file.endsWith(".json") ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_OCTET_STREAM;
        return ResponseEntity.ok()
                .contentType(type)
                .contentLength(artifact.sizeBytes())
                .eTag("\"" + artifact.sha256() + "\"")
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(file).build().toString())
                .body(new InputStreamResource(store.open(key)));
    }

    private static String missing(ModelViews.VersionView view, String file) {
        List<String> files =
                view.artifacts().stream().map(ModelViews.ArtifactView::file).toList();
        return "version " + view.version() + " of '" + view.name() + "' has no artifact '" + file + "'"
                + (files.isEmpty()
                        ? " (it has no artifacts; its status is " + view.status() + ")"
                        : "; it has " + String.join(", ", files));
    }
}
