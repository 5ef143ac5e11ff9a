package dev.kiln.registry.datasets;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.registry.api.ApiException;
import dev.kiln.registry.config.JsonColumns;
import dev.kiln.registry.storage.ObjectStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Registers a data set: checks the name and format, validates every file by streaming through it, then streams the
 * files to {@code datasets/{name}/…} a part at a time, writes {@code dataset.json} and records it. Nothing is stored
 * unless everything is valid, and no file is ever held in memory.
 */
@Service
class DatasetUpload {
    private final DatasetRepository datasets;
    private final ObjectStore store;
    private final JsonColumns json;

    DatasetUpload(DatasetRepository datasets, ObjectStore store, JsonColumns json) {
        this.datasets = datasets;
        this.store = store;
        this.json = json;
    }

    DatasetView register(String name, String format, List<UploadFile> files, String classes, String labelColumn) {
        try {
            StorageLayout.requireValidName("data set name", name);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("name", e.getMessage());
        }
        String kind = format == null ? "" : format.strip().toLowerCase(Locale.ROOT);
        if (!kind.equals("idx") && !kind.equals("csv")) {
            throw ApiException.invalidArgument("format", "format must be 'idx' or 'csv', got '" + format + "'");
        }
        if (files.isEmpty()) {
            throw ApiException.invalidArgument(
                    "files", "no files were uploaded; send them as multipart parts named 'files'");
        }
        if (datasets.exists(name)) {
            throw ApiException.alreadyExists("data set '" + name + "' already exists; upload under another name");
        }
        DatasetContent content =
                kind.equals("idx") ? IdxDatasets.validate(files) : CsvDatasets.validate(files, labelColumn);
        List<String> classNames = ClassNames.resolve(content, classes, json);
        Map<String, Map<String, String>> stored = new LinkedHashMap<>();
        for (DatasetContent.PlannedFile file : content.files()) {
            store.putFile(
                    StorageLayout.datasetFile(name, file.storedName()),
                    file.source().path(),
                    file.contentType());
            stored.computeIfAbsent(file.split(), s -> new LinkedHashMap<>()).put(file.role(), file.storedName());
        }
        Map<String, DatasetView.Split> splits = new LinkedHashMap<>();
        content.counts().forEach((split, count) -> splits.put(split, new DatasetView.Split(count)));
        DatasetView view = new DatasetView(
                name,
                kind,
                content.inputShape(),
                classNames.size(),
                classNames,
                splits,
                stored,
                kind.equals("csv") ? CsvDatasets.labelColumn(labelColumn) : null,
                store.uri(StorageLayout.datasetPrefix(name)),
                Instant.now());
        store.putBytes(
                StorageLayout.datasetFile(name, StorageLayout.DATASET_JSON),
                json.mapper().writeValueAsBytes(view),
                "application/json");
        try {
            datasets.insert(view);
        } catch (DuplicateKeyException e) {
            throw ApiException.alreadyExists(
                    "data set '" + name + "' was registered meanwhile; upload under another name");
        }
        return datasets.find(name).orElseThrow();
    }
}
