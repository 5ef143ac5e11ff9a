package dev.kiln.registry.models;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/models/{name}/aliases/{alias}}: set or move ({@code PUT {"version": 3}}), delete, resolve. */
@RestController
@RequestMapping("/api/v1/models/{name}/aliases/{alias}")
class AliasesController {
    private final AliasService aliases;

    AliasesController(AliasService aliases) {
        this.aliases = aliases;
    }

    @PutMapping
    ModelViews.AliasView set(@PathVariable String name, @PathVariable String alias, @RequestBody AliasRequest body) {
        return aliases.set(name, alias, body.version());
    }

    @DeleteMapping
    ResponseEntity<Void> delete(@PathVariable String name, @PathVariable String alias) {
        aliases.delete(name, alias);
        return ResponseEntity.noContent().build();
    }

    /** The version the alias points to; {@code latest} and {@code v<n>} work without being set. */
    @GetMapping
    ModelViews.AliasView get(@PathVariable String name, @PathVariable String alias) {
        return aliases.resolve(name, alias);
    }

    record AliasRequest(Integer version) {}
}
