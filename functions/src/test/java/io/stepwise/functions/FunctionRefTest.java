package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FunctionRefTest {

    @Test
    void accepts_a_name_a_qualified_name_a_partial_arn_and_a_full_arn() {
        assertThat(FunctionRef.parse("fn")).isEqualTo(new FunctionRef("fn", Optional.empty()));
        assertThat(FunctionRef.parse("fn:live")).isEqualTo(new FunctionRef("fn", Optional.of("live")));
        assertThat(FunctionRef.parse("123456789012:function:fn")).isEqualTo(new FunctionRef("fn", Optional.empty()));
        assertThat(FunctionRef.parse("arn:aws:lambda:eu-west-1:000000000000:function:fn:$LATEST"))
                .isEqualTo(new FunctionRef("fn", Optional.of("$LATEST")));
        assertThat(FunctionRef.parse("arn:aws:lambda:us-east-1:123456789012:function:my-fn_2:7"))
                .isEqualTo(new FunctionRef("my-fn_2", Optional.of("7")));
    }

    @Test
    void takes_the_qualifier_parameter_and_refuses_one_that_contradicts_the_arn() {
        assertThat(FunctionRef.parse("fn", Optional.of("3"))).isEqualTo(new FunctionRef("fn", Optional.of("3")));
        assertThat(FunctionRef.parse("fn:3", Optional.of("3"))).isEqualTo(new FunctionRef("fn", Optional.of("3")));
        assertThat(FunctionRef.parse("fn", Optional.of(""))).isEqualTo(new FunctionRef("fn", Optional.empty()));
        assertThatThrownBy(() -> FunctionRef.parse("fn:3", Optional.of("4"))).isInstanceOfSatisfying(LambdaError.class,
                e -> assertThat(e.type()).isEqualTo("InvalidParameterValueException"));
    }

    @Test
    void refuses_names_outside_the_model_pattern_as_validation_errors() {
        for (String bad : new String[] {"", "has space", "a/b", "arn:aws:s3:::bucket", "x".repeat(65), "fn:a:b", null}) {
            assertThatThrownBy(() -> FunctionRef.parse(bad)).as(String.valueOf(bad)).isInstanceOfSatisfying(LambdaError.class,
                    e -> assertThat(e.type()).isEqualTo("ValidationException"));
        }
    }
}
