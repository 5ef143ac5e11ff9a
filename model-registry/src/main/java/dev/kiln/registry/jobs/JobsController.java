package dev.kiln.registry.jobs;

import dev.kiln.registry.api.ApiException;
import dev.kiln.registry.api.PageTokens;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/jobs} and {@code GET /api/v1/jobs/{id}}; submitting and cancelling are the gateway's. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobsController {
    private final JobQueries jobs;

    JobsController(JobQueries jobs) {
        this.jobs = jobs;
    }

    @GetMapping
    JobViews.JobList list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "page_token", required = false) String pageToken) {
        return jobs.list(parseStatus(status), PageTokens.limit(limit, 20, 100), pageToken);
    }

    @GetMapping("/{id}")
    JobViews.JobView get(@PathVariable String id) {
        return jobs.get(id);
    }

    private static JobStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return JobStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument(
                    "status",
                    "status must be one of " + Arrays.toString(JobStatus.values()) + ", got '" + status + "'");
        }
    }
}
