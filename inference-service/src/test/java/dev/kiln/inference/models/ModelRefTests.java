package dev.kiln.inference.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import org.junit.jupiter.api.Test;

class ModelRefTests {

    @Test
    void readsANameANameWithAnAliasAndANameWithAVersion() {
        assertThat(ModelRef.parse("fashion", null)).isEqualTo(new ModelRef("fashion", null, null));
        assertThat(ModelRef.parse("fashion@champion", "")).isEqualTo(new ModelRef("fashion", "champion", null));
        assertThat(ModelRef.parse("fashion", "3")).isEqualTo(new ModelRef("fashion", null, 3));
    }

    @Test
    void refusesAVersionThatIsNotAPositiveInteger() {
        assertThatThrownBy(() -> ModelRef.parse("fashion", "three"))
                .hasMessageContaining("versions are integers from 1")
                .extracting(e -> ((InferenceException) e).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> ModelRef.parse("fashion", "0")).hasMessageContaining("integers from 1");
    }

    @Test
    void refusesAnAliasAndAVersionTogether() {
        assertThatThrownBy(() -> ModelRef.parse("fashion@production", "2")).hasMessageContaining("not both");
    }

    @Test
    void aNameThatCannotBeRegisteredIsNotFound() {
        assertThatThrownBy(() -> ModelRef.parse("../etc", null))
                .extracting(e -> ((InferenceException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
    }
}
