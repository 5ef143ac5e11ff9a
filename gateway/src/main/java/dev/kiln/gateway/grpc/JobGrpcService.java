package dev.kiln.gateway.grpc;

import dev.kiln.contracts.jobs.v1.CancelJobRequest;
import dev.kiln.contracts.jobs.v1.CancelJobResponse;
import dev.kiln.contracts.jobs.v1.GetJobRequest;
import dev.kiln.contracts.jobs.v1.Job;
import dev.kiln.contracts.jobs.v1.JobServiceGrpc;
import dev.kiln.contracts.jobs.v1.JobStatus;
import dev.kiln.contracts.jobs.v1.JobUpdate;
import dev.kiln.contracts.jobs.v1.ListJobsRequest;
import dev.kiln.contracts.jobs.v1.ListJobsResponse;
import dev.kiln.contracts.jobs.v1.SubmitJobRequest;
import dev.kiln.contracts.jobs.v1.WatchJobRequest;
import dev.kiln.gateway.apikeys.Caller;
import dev.kiln.gateway.events.JobStreamItem;
import dev.kiln.gateway.events.JobWatch;
import dev.kiln.gateway.events.RegistryJobs;
import dev.kiln.gateway.problem.GatewayProblem;
import io.grpc.stub.StreamObserver;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code kiln.v1.JobService}: a thin adapter. Submit and cancel run the REST path ({@link LoopbackJobCommands}), get
 * and list ask the registry as the REST routes do, watch is the same {@link JobWatch} as the SSE stream.
 */
@Component
class JobGrpcService extends JobServiceGrpc.JobServiceImplBase {
    /** What a job id may look like: no path separators, dots-only segments or control characters. */
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private final LoopbackJobCommands commands;
    private final RegistryJobs registry;
    private final JobWatch watch;

    JobGrpcService(LoopbackJobCommands commands, RegistryJobs registry, JobWatch watch) {
        this.commands = commands;
        this.registry = registry;
        this.watch = watch;
    }

    @Override
    public void submitJob(SubmitJobRequest request, StreamObserver<Job> response) {
        Caller caller = GrpcAuthentication.CALLER.get();
        reply(
                commands.submit(JobMessages.submitBody(request), caller.token(), GrpcCorrelation.CORRELATION_ID.get())
                        .map(JobMessages::job),
                response);
    }

    @Override
    public void getJob(GetJobRequest request, StreamObserver<Job> response) {
        reply(requireId(request.getId()).then(registry.jobSoon(request.getId())).map(JobMessages::job), response);
    }

    @Override
    public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> response) {
        if (request.getStatus() == JobStatus.UNRECOGNIZED) {
            response.onError(GrpcStatuses.of(GatewayProblem.invalidArgument("status " + request.getStatusValue()
                    + " is not a job status; use QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED, or leave it unset"
                    + " for every job")));
            return;
        }
        if (request.getLimit() < 0) {
            response.onError(GrpcStatuses.of(GatewayProblem.invalidArgument("limit must be between 1 and 100, or 0"
                    + " (unset) for the default of 20; got " + request.getLimit())));
            return;
        }
        String status = request.getStatus() == JobStatus.JOB_STATUS_UNSPECIFIED
                ? null
                : request.getStatus().name();
        reply(
                registry.list(status, request.getLimit(), request.getPageToken())
                        .map(page -> {
                            ListJobsResponse.Builder list = ListJobsResponse.newBuilder();
                            page.path("jobs").forEach(job -> list.addJobs(JobMessages.job(job)));
                            if (page.path("next_page_token").isString()) {
                                list.setNextPageToken(
                                        page.get("next_page_token").asString());
                            }
                            return list.build();
                        }),
                response);
    }

    @Override
    public void watchJob(WatchJobRequest request, StreamObserver<JobUpdate> response) {
        Flux<JobUpdate> updates = requireId(request.getId())
                .then(watch.watch(request.getId()))
                .flatMapMany(items -> items)
                .mapNotNull(JobGrpcService::update);
        FlowControlledStream.send(updates, response);
    }

    @Override
    public void cancelJob(CancelJobRequest request, StreamObserver<CancelJobResponse> response) {
        Caller caller = GrpcAuthentication.CALLER.get();
        reply(
                requireId(request.getId())
                        .then(commands.cancel(
                                request.getId(),
                                request.getReason(),
                                caller.token(),
                                GrpcCorrelation.CORRELATION_ID.get()))
                        .map(json -> CancelJobResponse.newBuilder()
                                .setId(json.path("id").asString(request.getId()))
                                .setStatus(
                                        JobMessages.status(json.path("status").asString("")))
                                .setCancelRequested(
                                        json.path("cancel_requested").asBoolean(true))
                                .build()),
                response);
    }

    private static JobUpdate update(JobStreamItem item) {
        if (item instanceof JobStreamItem.Snapshot snapshot) {
            return JobUpdate.newBuilder()
                    .setJob(JobMessages.job(snapshot.job()))
                    .build();
        }
        if (item instanceof JobStreamItem.Event event) {
            return JobUpdate.newBuilder()
                    .setEvent(JobMessages.event(event.event()))
                    .build();
        }
        return null; // a resync whose fresh snapshot could not be fetched: nothing to send
    }

    private static Mono<Void> requireId(String id) {
        if (id == null || id.isBlank()) {
            return Mono.error(GatewayProblem.invalidArgument("id is required"));
        }
        if (!JOB_ID.matcher(id).matches()) {
            return Mono.error(GatewayProblem.invalidArgument("'" + id.replaceAll("\\p{Cntrl}", "?")
                    + "' is not a job id; ids are what SubmitJob and ListJobs return, e.g."
                    + " '3f2b8c1e-9d4a-4b7e-8f6a-2c5d1e0b9a77'"));
        }
        return Mono.empty();
    }

    private static <T> void reply(Mono<T> result, StreamObserver<T> response) {
        result.subscribe(
                value -> {
                    response.onNext(value);
                    response.onCompleted();
                },
                error -> response.onError(GrpcStatuses.of(error)));
    }
}
