package dev.kiln.training.engine;

import ai.djl.Device;
import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which queues a worker consumes and which devices a job trains on, from the worker's setting
 * ({@code kiln.training.device}), the job's {@code resources.device} and the number of GPUs DJL sees. Pure, so the GPU
 * paths are tested on machines without one.
 *
 * <p>A worker uses its GPUs when set to {@code auto} or {@code gpu} and it has some. Such a worker consumes
 * {@code training-jobs-gpu} first and {@code training-jobs-cpu} as well (the gateway queues {@code auto} jobs there,
 * and they should get a GPU where one is free); a worker without GPUs consumes only {@code training-jobs-cpu}. A job
 * trains on every GPU of the worker (data-parallel) unless it asks for {@code cpu}.
 */
public final class DeviceChoice {
    private DeviceChoice() {}

    /**
     * @throws IllegalArgumentException for an unknown setting, or {@code gpu} on a machine without GPUs
     */
    public static boolean workerUsesGpus(String workerDevice, int gpuCount) {
        String device = normalise(workerDevice);
        if (!Resources.DEVICES.contains(device)) {
            throw new IllegalArgumentException(
                    "kiln.training.device must be auto, cpu or gpu, got '" + workerDevice + "'");
        }
        if (device.equals(Resources.GPU) && gpuCount == 0) {
            throw new IllegalArgumentException("kiln.training.device is gpu but DJL finds no GPU on this machine;"
                    + " install an NVIDIA driver and put DJL's CUDA build of the PyTorch native library"
                    + " (pytorch-native-cu*) on the classpath, or set kiln.training.device=auto");
        }
        return !device.equals(Resources.CPU) && gpuCount > 0;
    }

    /** The job queues to consume, in order of preference. */
    public static List<String> queues(String workerDevice, int gpuCount) {
        return workerUsesGpus(workerDevice, gpuCount)
                ? List.of(Topics.TRAINING_JOBS_GPU, Topics.TRAINING_JOBS_CPU)
                : List.of(Topics.TRAINING_JOBS_CPU);
    }

    /**
     * The devices a job trains on: one CPU, or every GPU of the worker (the batch split across them).
     *
     * @throws DeviceUnavailableException when the job needs a GPU and this worker trains without one
     */
    public static List<Device> devicesFor(String jobDevice, String workerDevice, int gpuCount) {
        String wanted = jobDevice == null ? Resources.AUTO : normalise(jobDevice);
        boolean gpus = workerUsesGpus(workerDevice, gpuCount);
        if (wanted.equals(Resources.CPU) || (wanted.equals(Resources.AUTO) && !gpus)) {
            return List.of(Device.cpu());
        }
        if (!gpus) {
            throw new DeviceUnavailableException("the job asks for a GPU (resources.device \"gpu\") but this worker has"
                    + " none (" + gpuCount + " GPUs, kiln.training.device=" + workerDevice + "); run a GPU worker,"
                    + " which consumes training-jobs-gpu, or submit with resources.device \"auto\"");
        }
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < gpuCount; i++) {
            devices.add(Device.gpu(i));
        }
        return List.copyOf(devices);
    }

    /** The devices as events name them: {@code cpu}, {@code cuda:0}, {@code cuda:0,cuda:1}. */
    public static String label(List<Device> devices) {
        return String.join(
                ",",
                devices.stream()
                        .map(d -> d.isGpu() ? "cuda:" + d.getDeviceId() : "cpu")
                        .toList());
    }

    /** Every device of a worker, for its heartbeat: {@code ["cpu"]} or {@code ["cpu", "cuda:0", …]}. */
    public static List<String> workerDevices(boolean usesGpus, int gpuCount) {
        List<String> devices = new ArrayList<>(List.of("cpu"));
        for (int i = 0; usesGpus && i < gpuCount; i++) {
            devices.add("cuda:" + i);
        }
        return List.copyOf(devices);
    }

    private static String normalise(String device) {
        return device == null ? Resources.AUTO : device.trim().toLowerCase(Locale.ROOT);
    }
}
