package dev.kiln.training.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GPU paths, decided without a GPU: what a worker with 0, 1 or 2 GPUs consumes and trains on. */
class DeviceChoiceTests {

    @Test
    void aWorkerWithoutGpusConsumesTheCpuQueueAndTrainsOnCpu() {
        assertThat(DeviceChoice.queues("auto", 0)).containsExactly("training-jobs-cpu");
        assertThat(DeviceChoice.devicesFor("auto", "auto", 0)).containsExactly(Device.cpu());
        assertThat(DeviceChoice.devicesFor("cpu", "auto", 0)).containsExactly(Device.cpu());
        assertThat(DeviceChoice.workerDevices(false, 0)).containsExactly("cpu");
    }

    @Test
    void aWorkerWithOneGpuConsumesTheGpuQueueFirstAndTrainsAutoJobsOnIt() {
        assertThat(DeviceChoice.queues("auto", 1)).containsExactly("training-jobs-gpu", "training-jobs-cpu");
        assertThat(DeviceChoice.devicesFor("auto", "auto", 1)).containsExactly(Device.gpu(0));
        assertThat(DeviceChoice.devicesFor("gpu", "gpu", 1)).containsExactly(Device.gpu(0));
        assertThat(DeviceChoice.label(DeviceChoice.devicesFor("gpu", "auto", 1)))
                .isEqualTo("cuda:0");
        assertThat(DeviceChoice.workerDevices(true, 1)).containsExactly("cpu", "cuda:0");
    }

    @Test
    void aWorkerWithTwoGpusTrainsDataParallelOnBoth() {
        List<Device> devices = DeviceChoice.devicesFor("gpu", "auto", 2);
        assertThat(devices).containsExactly(Device.gpu(0), Device.gpu(1));
        assertThat(DeviceChoice.label(devices)).isEqualTo("cuda:0,cuda:1");
        assertThat(DeviceChoice.workerDevices(true, 2)).containsExactly("cpu", "cuda:0", "cuda:1");
    }

    @Test
    void aCpuJobStaysOnCpuEvenWhereGpusAre() {
        assertThat(DeviceChoice.devicesFor("cpu", "auto", 2)).containsExactly(Device.cpu());
    }

    @Test
    void aWorkerSetToCpuIgnoresItsGpus() {
        assertThat(DeviceChoice.queues("cpu", 2)).containsExactly("training-jobs-cpu");
        assertThat(DeviceChoice.devicesFor("auto", "cpu", 2)).containsExactly(Device.cpu());
        assertThat(DeviceChoice.workerDevices(DeviceChoice.workerUsesGpus("cpu", 2), 2))
                .containsExactly("cpu");
    }

    @Test
    void aGpuJobOnAWorkerWithoutGpusSaysWhatToDo() {
        assertThatThrownBy(() -> DeviceChoice.devicesFor("gpu", "auto", 0))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("asks for a GPU")
                .hasMessageContaining("training-jobs-gpu");
    }

    @Test
    void aWorkerSetToGpuWithoutGpusRefusesToStart() {
        assertThatThrownBy(() -> DeviceChoice.queues("gpu", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DJL finds no GPU")
                .hasMessageContaining("pytorch-native-cu");
        assertThatThrownBy(() -> DeviceChoice.queues("tpu", 0)).hasMessageContaining("auto, cpu or gpu");
    }
}
