package dev.kiln.inference.api.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.inference.models.ModelRef;
import dev.kiln.inference.serving.InferInput;
import dev.kiln.inference.serving.InferRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class V2JsonReaderTests {
    static InferRequest read(String json) {
        return V2JsonReader.read(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), new ModelRef("m", null, null), 0);
    }

    static float[] data(InferInput input) {
        float[] values = new float[input.data().limit()];
        input.data().get(0, values);
        return values;
    }

    @Test
    void readsNestedAndFlatDataAlike() {
        InferRequest nested = read(
                "{\"inputs\":[{\"name\":\"x\",\"shape\":[2,2],\"datatype\":\"FP32\"," + "\"data\":[[1,2.5],[3,4]]}]}");
        InferRequest flat =
                read("{\"inputs\":[{\"data\":[1,2.5,3,4],\"datatype\":\"FP32\",\"name\":\"x\"," + "\"shape\":[2,2]}]}");
        assertThat(data(nested.inputs().get(0))).containsExactly(1, 2.5f, 3, 4);
        assertThat(data(flat.inputs().get(0))).containsExactly(1, 2.5f, 3, 4);
        assertThat(nested.inputs().get(0).shape()).containsExactly(2, 2);
    }

    @Test
    void readsTheIdAndRequestedOutputsAndSkipsParameters() {
        InferRequest request = read("{\"id\":\"42\",\"parameters\":{\"a\":[1,{\"b\":2}]},\"inputs\":[{\"name\":\"x\","
                + "\"shape\":[1],\"datatype\":\"FP32\",\"parameters\":{\"c\":1},\"data\":[1]}],"
                + "\"outputs\":[{\"name\":\"label\",\"parameters\":{}},{\"name\":\"probabilities\"}]}");
        assertThat(request.id()).isEqualTo("42");
        assertThat(request.requestedOutputs()).containsExactly("label", "probabilities");
        assertThat(request.protocol()).isEqualTo("rest");
    }

    @Test
    void readsNanAndInfinityTokensSoTheyCanBeRefusedByName() {
        InferRequest request =
                read("{\"inputs\":[{\"name\":\"x\",\"shape\":[2],\"datatype\":\"FP32\",\"data\":[NaN,Infinity]}]}");
        assertThat(data(request.inputs().get(0))).containsExactly(Float.NaN, Float.POSITIVE_INFINITY);
    }

    @Test
    void refusesFp32DataThatIsNotNumbers() {
        assertThatThrownBy(() ->
                        read("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[\"a\"]}]}"))
                .hasMessageContaining("input 'x' has FP32 datatype but its \"data\" holds values that are not numbers");
    }

    @Test
    void refusesBrokenJsonWithWhereItBroke() {
        assertThatThrownBy(() -> read("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],"))
                .hasMessageContaining("the request body is not valid JSON");
        assertThatThrownBy(() -> read("[1,2]")).hasMessageContaining("must be a JSON object with \"inputs\"");
    }
}
