package dev.kiln.registry.datasets;

import dev.kiln.registry.api.ApiException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * {@code /api/v1/datasets}: multipart upload (fields {@code name}, {@code format} = idx | csv, optional {@code classes}
 * and {@code label_column}, and the files in any file parts), list, get, and sample previews as PNG or JSON.
 */
@RestController
@RequestMapping("/api/v1/datasets")
class DatasetsController {
    private final DatasetUpload upload;
    private final DatasetRepository datasets;
    private final DatasetSamples samples;

    DatasetsController(DatasetUpload upload, DatasetRepository datasets, DatasetSamples samples) {
        this.upload = upload;
        this.datasets = datasets;
        this.samples = samples;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<DatasetView> create(
            MultipartHttpServletRequest request,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String format,
            @RequestParam(required = false) String classes,
            @RequestParam(name = "label_column", required = false) String labelColumn)
            throws IOException {
        if (name == null || name.isBlank()) {
            throw ApiException.invalidArgument("name", "name is required, e.g. 'fashion-mnist'");
        }
        Path dir = Files.createTempDirectory("kiln-dataset-upload");
        try {
            List<UploadFile> files = new ArrayList<>();
            for (Map.Entry<String, List<MultipartFile>> part :
                    request.getMultiFileMap().entrySet()) {
                for (MultipartFile file : part.getValue()) {
                    // The container spooled the part to disk; this moves it (or streams it) into our folder.
                    Path local = dir.resolve(files.size() + ".part");
                    file.transferTo(local.toFile());
                    files.add(new UploadFile(part.getKey(), file.getOriginalFilename(), local));
                }
            }
            DatasetView created = upload.register(name, format, files, classes, labelColumn);
            return ResponseEntity.created(URI.create("/api/v1/datasets/" + created.name()))
                    .body(created);
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    @GetMapping
    DatasetView.DatasetList list() {
        return new DatasetView.DatasetList(datasets.list());
    }

    @GetMapping("/{name}")
    DatasetView get(@PathVariable String name) {
        return datasets.find(name).orElseThrow(() -> ApiException.notFound("data set '" + name + "' does not exist"));
    }

    /** A PNG grid when the client accepts {@code image/png} (as an {@code <img>} does), JSON pixels otherwise. */
    @GetMapping("/{name}/samples")
    ResponseEntity<?> samples(
            @PathVariable String name,
            @RequestParam(defaultValue = "test") String split,
            @RequestParam(defaultValue = "16") int n,
            @RequestHeader(name = "Accept", required = false) String accept) {
        SampleSet set = samples.read(name, split, n);
        boolean png =
                accept != null && accept.contains(MediaType.IMAGE_PNG_VALUE) && !accept.startsWith("application/json");
        if (!png) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(set);
        }
        if (set.samples().isEmpty() || set.samples().get(0).pixels() == null) {
            throw ApiException.invalidArgument(
                    "Accept", "data set '" + name + "' holds table rows, not images; ask for application/json");
        }
        List<Integer> shape = set.shape();
        byte[] image = PngGrid.render(
                set.samples().stream().map(SampleSet.Sample::pixels).toList(),
                shape.get(shape.size() - 2),
                shape.get(shape.size() - 1));
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(image);
    }
}
