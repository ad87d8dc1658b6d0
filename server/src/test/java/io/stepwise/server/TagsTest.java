package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

class TagsTest {
    static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:tagged";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tags_given_at_creation_can_be_listed_added_and_removed() {
        server.lambda.createFunction(b -> b.functionName("tagged").runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                .handler("app.handler").code(c -> c.zipFile(Zips.of("app.py", LambdaApiTest.ECHO)))
                .tags(Map.of("team", "ops")));
        assertThat(server.lambda.listTags(b -> b.resource(ARN)).tags()).containsExactly(Map.entry("team", "ops"));
        server.lambda.tagResource(b -> b.resource(ARN).tags(Map.of("env", "dev", "team", "platform")));
        assertThat(server.lambda.getFunction(b -> b.functionName("tagged")).tags())
                .isEqualTo(Map.of("env", "dev", "team", "platform"));
        server.lambda.untagResource(b -> b.resource(ARN).tagKeys("team", "absent"));
        assertThat(server.lambda.listTags(b -> b.resource(ARN)).tags()).isEqualTo(Map.of("env", "dev"));
    }

    @Test
    void tags_on_unknown_functions_versions_or_reserved_keys_are_refused() {
        assertThatThrownBy(() -> server.lambda.listTags(b -> b.resource("arn:aws:lambda:us-east-1:123456789012:function:none")))
                .isInstanceOf(ResourceNotFoundException.class);
        LambdaApiTest.createEcho(server, "tag-rules");
        String arn = "arn:aws:lambda:us-east-1:123456789012:function:tag-rules";
        assertThatThrownBy(() -> server.lambda.tagResource(b -> b.resource(arn + ":1").tags(Map.of("a", "b"))))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> server.lambda.tagResource(b -> b.resource(arn).tags(Map.of("aws:owner", "x"))))
                .isInstanceOf(InvalidParameterValueException.class);
    }
}
