package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Through the Lambda API: a function cannot reach the server that runs it, and a VpcConfig with subnets takes its
 * outbound network away (a private subnet without a NAT gateway), an empty one gives it back. Needs root and nftables.
 */
class FunctionNetworkApiTest {
    private static final String PROBE = """
            import errno, os, socket
            def connect(port):
                s = socket.socket()
                s.settimeout(5)
                try:
                    s.connect(("127.0.0.1", port))
                    return "ok"
                except OSError as e:
                    return errno.errorcode.get(e.errno, str(e))
                finally:
                    s.close()
            def handler(event, context):
                routes = [l.split()[1] for l in open("/proc/net/route").read().splitlines()[1:]]
                return {"api": connect(event["port"]), "defaultRoute": "00000000" in routes}
            """;
    static TestServer server;

    @BeforeAll
    static void start() {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/nft")),
                "network namespaces need root and nftables");
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private JsonNode probe() {
        return LambdaApiTest.json(server.lambda.invoke(b -> b.functionName("probe")
                .payload(software.amazon.awssdk.core.SdkBytes.fromUtf8String("{\"port\":" + server.server.port() + "}"))).payload());
    }

    @Test
    void a_function_cannot_reach_the_server_and_a_vpc_config_with_subnets_takes_its_network_away() {
        server.lambda.createFunction(b -> b.functionName("probe").runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                .handler("app.handler").code(c -> c.zipFile(Zips.of("app.py", PROBE))));

        assertThat(probe().toString()).isEqualTo("{\"api\":\"ECONNREFUSED\",\"defaultRoute\":true}");

        var attached = server.lambda.updateFunctionConfiguration(b -> b.functionName("probe")
                .vpcConfig(v -> v.subnetIds("subnet-0abc", "subnet-0def").securityGroupIds("sg-0123")));
        assertThat(attached.vpcConfig().subnetIds()).isEqualTo(List.of("subnet-0abc", "subnet-0def"));
        assertThat(attached.vpcConfig().securityGroupIds()).isEqualTo(List.of("sg-0123"));
        assertThat(attached.vpcConfig().vpcId()).isEqualTo("vpc-stepwise");
        assertThat(probe().toString()).isEqualTo("{\"api\":\"ECONNREFUSED\",\"defaultRoute\":false}");

        var detached = server.lambda.updateFunctionConfiguration(b -> b.functionName("probe")
                .vpcConfig(v -> v.subnetIds(List.of()).securityGroupIds(List.of())));
        assertThat(detached.vpcConfig()).as("absent, as for a function never in a VPC").isNull();
        assertThat(probe().get("defaultRoute").asBoolean()).isTrue();
    }
}
