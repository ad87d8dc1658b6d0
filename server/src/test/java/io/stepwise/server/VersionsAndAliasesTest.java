package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Published versions are immutable snapshots; aliases point at them and can be moved. */
class VersionsAndAliasesTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void deploy(String name, String answer) {
        server.lambda.updateFunctionCode(b -> b.functionName(name).zipFile(code(answer)));
    }

    private static SdkBytes code(String answer) {
        return Zips.of("app.py", "def handler(e, c):\n    return {'answer': '" + answer + "', 'version': c.function_version, 'arn': c.invoked_function_arn}\n");
    }

    private static InvokeResponse invoke(String name, String qualifier) {
        return server.lambda.invoke(b -> b.functionName(name).qualifier(qualifier));
    }

    @Test
    void publishes_versions_and_invokes_by_version_and_alias() {
        server.lambda.createFunction(b -> b.functionName("ver").runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                .handler("app.handler").code(c -> c.zipFile(code("one"))));
        var v1 = server.lambda.publishVersion(b -> b.functionName("ver").description("first"));
        assertThat(v1.version()).isEqualTo("1");
        assertThat(v1.functionArn()).endsWith(":function:ver:1");
        assertThat(v1.description()).isEqualTo("first");
        assertThat(server.lambda.publishVersion(b -> b.functionName("ver")).version())
                .as("nothing changed: the newest version is returned").isEqualTo("1");

        deploy("ver", "two");
        var v2 = server.lambda.publishVersion(b -> b.functionName("ver"));
        assertThat(v2.version()).isEqualTo("2");
        deploy("ver", "three");

        assertThat(LambdaApiTest.json(invoke("ver", "1").payload()).get("answer").asText()).isEqualTo("one");
        InvokeResponse byVersion = invoke("ver", "2");
        assertThat(byVersion.executedVersion()).isEqualTo("2");
        assertThat(LambdaApiTest.json(byVersion.payload()).get("version").asText()).isEqualTo("2");
        assertThat(LambdaApiTest.json(server.lambda.invoke(b -> b.functionName("ver")).payload()).get("answer").asText()).isEqualTo("three");

        var live = server.lambda.createAlias(b -> b.functionName("ver").name("live").functionVersion("1"));
        assertThat(live.aliasArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:ver:live");
        InvokeResponse viaAlias = invoke("ver", "live");
        assertThat(viaAlias.executedVersion()).isEqualTo("1");
        assertThat(LambdaApiTest.json(viaAlias.payload()).get("arn").asText()).endsWith(":function:ver:live");
        InvokeResponse viaArn = server.lambda.invoke(b -> b.functionName("arn:aws:lambda:us-east-1:123456789012:function:ver:live"));
        assertThat(viaArn.executedVersion()).isEqualTo("1");

        var moved = server.lambda.updateAlias(b -> b.functionName("ver").name("live").functionVersion("2"));
        assertThat(moved.revisionId()).isNotEqualTo(live.revisionId());
        assertThat(invoke("ver", "live").executedVersion()).isEqualTo("2");
        assertThat(server.lambda.getAlias(b -> b.functionName("ver").name("live")).functionVersion()).isEqualTo("2");
        assertThat(server.lambda.getFunctionConfiguration(b -> b.functionName("ver").qualifier("live")).version()).isEqualTo("2");

        assertThat(server.lambda.listVersionsByFunction(b -> b.functionName("ver")).versions())
                .extracting(FunctionConfiguration::version).containsExactly("$LATEST", "1", "2");
        assertThat(server.lambda.listAliases(b -> b.functionName("ver")).aliases()).extracting(AliasConfiguration::name)
                .containsExactly("live");

        assertThatThrownBy(() -> server.lambda.deleteFunction(b -> b.functionName("ver").qualifier("2")))
                .isInstanceOf(ResourceConflictException.class);
        server.lambda.deleteFunction(b -> b.functionName("ver").qualifier("1"));
        assertThatThrownBy(() -> invoke("ver", "1")).isInstanceOf(ResourceNotFoundException.class);
        server.lambda.deleteAlias(b -> b.functionName("ver").name("live"));
        assertThatThrownBy(() -> invoke("ver", "live")).isInstanceOf(ResourceNotFoundException.class);
    }

    /** Weight 1.0 and none, so the answer does not depend on the draw; fractional weights: AliasRoutingTest (functions). */
    @Test
    void an_alias_with_weights_splits_traffic_between_two_versions() {
        server.lambda.createFunction(b -> b.functionName("canary").runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                .handler("app.handler").code(c -> c.zipFile(code("a"))).publish(true));
        deploy("canary", "b");
        server.lambda.publishVersion(b -> b.functionName("canary"));
        server.lambda.createAlias(b -> b.functionName("canary").name("split").functionVersion("1")
                .routingConfig(r -> r.additionalVersionWeights(Map.of("2", 1.0))));
        assertThat(invoke("canary", "split").executedVersion()).isEqualTo("2");
        server.lambda.updateAlias(b -> b.functionName("canary").name("split").routingConfig(r -> r.additionalVersionWeights(Map.of())));
        assertThat(invoke("canary", "split").executedVersion()).isEqualTo("1");
    }
}
