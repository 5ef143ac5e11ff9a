package dev.kiln.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTests {

    @Test
    void listsEveryTopicOnceInKebabCase() {
        assertThat(Topics.all())
                .containsExactly(
                        "training-jobs-cpu",
                        "training-jobs-gpu",
                        "training-job-control",
                        "training-job-events",
                        "model-events",
                        "worker-heartbeats")
                .allMatch(topic -> topic.matches("[a-z]+(-[a-z]+)*"));
    }

    @Test
    void deadLetterTopicsEndInDlt() {
        assertThat(Topics.deadLetter(Topics.MODEL_EVENTS)).isEqualTo("model-events-dlt");
        assertThat(Topics.allWithDeadLetters()).hasSize(12).contains("worker-heartbeats-dlt");
        assertThatThrownBy(() -> Topics.deadLetter(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
