package dev.kiln.training.worker;

import ai.djl.engine.Engine;
import dev.kiln.training.config.TrainingProperties;
import dev.kiln.training.engine.DeviceChoice;
import dev.kiln.training.engine.TorchThreads;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/** Who this worker is, what it has and serves, and which job it trains right now. */
@Component
public class WorkerContext {
    private final String workerId;
    private final String device;
    private final int gpuCount;
    private final boolean usesGpus;
    private final List<String> queues;
    private final AtomicReference<String> currentJob = new AtomicReference<>();

    public WorkerContext(TrainingProperties properties) {
        this.workerId = properties.workerId().isBlank() ? defaultId() : properties.workerId();
        this.device = properties.device();
        this.gpuCount = Engine.getInstance().getGpuCount();
        this.usesGpus = DeviceChoice.workerUsesGpus(device, gpuCount);
        this.queues = properties.queues().isEmpty() ? DeviceChoice.queues(device, gpuCount) : properties.queues();
        TorchThreads.setThreads(properties.threads());
    }

    public String workerId() {
        return workerId;
    }

    /** The worker's {@code kiln.training.device} setting. */
    public String device() {
        return device;
    }

    public int gpuCount() {
        return gpuCount;
    }

    public List<String> queues() {
        return queues;
    }

    /** {@code ["cpu"]} or {@code ["cpu", "cuda:0", …]}. */
    public List<String> devices() {
        return DeviceChoice.workerDevices(usesGpus, gpuCount);
    }

    public String currentJob() {
        return currentJob.get();
    }

    void setCurrentJob(String jobId) {
        currentJob.set(jobId);
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
