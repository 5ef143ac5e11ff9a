package dev.kiln.registry.models;

import dev.kiln.registry.api.PageTokens;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Registered models and their versions: list, search by name, get, delete a version. */
@RestController
@RequestMapping("/api/v1/models")
class ModelsController {
    private final ModelQueries models;
    private final VersionQueries versions;
    private final VersionDeletion deletion;

    ModelsController(ModelQueries models, VersionQueries versions, VersionDeletion deletion) {
        this.models = models;
        this.versions = versions;
        this.deletion = deletion;
    }

    /** {@code GET /api/v1/models?search=fashion&limit=20&page_token=…}: by name, {@code search} a substring. */
    @GetMapping
    ModelViews.ModelList list(
            @RequestParam(required = false) String search,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "page_token", required = false) String pageToken) {
        return models.list(search, PageTokens.limit(limit, 50, 500), pageToken);
    }

    @GetMapping("/{name}")
    ModelViews.ModelView get(@PathVariable String name) {
        return models.get(name);
    }

    @GetMapping("/{name}/versions")
    ModelViews.VersionList versions(@PathVariable String name) {
        return versions.list(name);
    }

    @GetMapping("/{name}/versions/{version}")
    ModelViews.VersionView version(@PathVariable String name, @PathVariable int version) {
        return versions.get(name, version);
    }

    /** Refused (409) while an alias points to the version, unless {@code force=true}. */
    @DeleteMapping("/{name}/versions/{version}")
    ResponseEntity<Void> delete(
            @PathVariable String name, @PathVariable int version, @RequestParam(defaultValue = "false") boolean force) {
        deletion.delete(name, version, force);
        return ResponseEntity.noContent().build();
    }
}
