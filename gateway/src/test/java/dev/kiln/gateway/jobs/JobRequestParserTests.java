package dev.kiln.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobRequestParserTests {

    static JobDraft parse(String json) {
        return JobRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void takesDefaultsForWhatIsLeftOut() {
        JobDraft draft = parse("{\"dataset\": \"fashion-mnist\", \"model\": {\"template\": \"mlp\"}}");
        assertThat(draft.name()).isEqualTo("fashion-mnist job");
        assertThat(draft.hyperparameters().epochs()).isEqualTo(5);
        assertThat(draft.hyperparameters().optimizer()).isEqualTo("adam");
        assertThat(draft.resources().deviceOrDefault()).isEqualTo("auto");
        assertThat(draft.registerAs()).isNull();
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertField(
                "{\"dataset\": \"fashion-mnist\", \"model\": {\"template\": \"mlp\"}, \"epochs\": 3}",
                "epochs",
                "unknown field 'epochs'");
        assertField("{\"model\": {\"template\": \"mlp\"}}", "dataset", "dataset is required");
        assertField(
                "{\"dataset\": \"Fashion MNIST\", \"model\": {\"template\": \"mlp\"}}",
                "dataset",
                "has upper-case letters");
        assertField("{\"dataset\": \"fashion-mnist\"}", "model", "model is required");
        assertField(
                "{\"dataset\": \"d\", \"model\": {\"template\": \"mlp\"}, \"resources\": {\"device\": \"tpu\"}}",
                "resources.device",
                "auto, cpu, gpu");
        assertField(
                "{\"dataset\": \"d\", \"model\": {\"template\": \"mlp\"}, \"hyperparameters\": {\"batch_size\": \"64\"}}",
                "hyperparameters.batch_size",
                "not valid");
        assertField(
                "{\"dataset\": \"d\", \"model\": {\"template\": \"mlp\"}, \"hyperparameters\": {\"learning_rate\": 0}}",
                "hyperparameters.learning_rate",
                "greater than 0");
        assertField(
                "{\"dataset\": \"d\", \"model\": {\"template\": \"mlp\"}, \"register_as\": \"../x\"}",
                "register_as",
                "contains '/'");
        assertField("[1, 2]", "body", "JSON object");
    }

    @Test
    void refusesAJobNameWithControlCharactersThatWouldForgeLogLines() {
        assertField(
                "{\"name\": \"ok\\nERROR forged line\", \"dataset\": \"d\", \"model\": {\"template\": \"mlp\"}}",
                "name",
                "found U+000A at index 2");
        assertField(
                "{\"name\": \"\\u0000\", \"dataset\": \"d\", \"model\": {\"template\": \"mlp\"}}",
                "name",
                "must not contain control characters");
        assertThat(parse("{\"name\": \"résumé ✓ 2\", \"dataset\": \"d\", \"model\": {\"template\": \"mlp\"}}")
                        .name())
                .isEqualTo("résumé ✓ 2");
    }

    @Test
    void queuesGpuJobsOnTheGpuQueueAndTheRestOnTheCpuQueue() {
        assertThat(JobQueues.forDevice("gpu")).isEqualTo("training-jobs-gpu");
        assertThat(JobQueues.forDevice("cpu")).isEqualTo("training-jobs-cpu");
        assertThat(JobQueues.forDevice("auto")).isEqualTo("training-jobs-cpu");
    }

    private static void assertField(String json, String field, String detail) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(JobProblem.class, p -> {
                    assertThat(p.field()).isEqualTo(field);
                    assertThat(p.errorCode()).isEqualTo("INVALID_ARGUMENT");
                })
                .hasMessageContaining(detail);
    }
}
