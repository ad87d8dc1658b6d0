package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.GetLayerVersionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;
import software.amazon.awssdk.services.lambda.model.LayersListItem;
import software.amazon.awssdk.services.lambda.model.PublishLayerVersionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/** The layer operations over HTTP with the AWS SDK for Java v2: shapes, numbering, filters, pages, permissions, errors. */
class LayersApiTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static PublishLayerVersionResponse publish(TestServer s, String name, SdkBytes zip, Runtime... runtimes) {
        return s.lambda.publishLayerVersion(b -> b.layerName(name).description("lib " + name).content(c -> c.zipFile(zip))
                .compatibleRuntimes(runtimes).compatibleArchitectures(Architecture.X86_64).licenseInfo("MIT"));
    }

    @Test
    void publishes_a_layer_version_with_its_content_and_gets_it_by_name_and_by_arn() throws Exception {
        SdkBytes zip = Zips.of("python/greeting.py", "HELLO = 'hi'\n");
        long stored = server.lambda.getAccountSettings().accountUsage().totalCodeSize();
        PublishLayerVersionResponse p = publish(server, "shapes", zip, Runtime.PYTHON3_12, Runtime.PYTHON3_13);
        assertThat(server.lambda.getAccountSettings().accountUsage().totalCodeSize()).as("layer archives count as code")
                .isEqualTo(stored + zip.asByteArray().length);
        assertThat(p.version()).isEqualTo(1L);
        assertThat(p.layerArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:layer:shapes");
        assertThat(p.layerVersionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:layer:shapes:1");
        assertThat(p.compatibleRuntimes()).containsExactly(Runtime.PYTHON3_12, Runtime.PYTHON3_13);
        assertThat(p.compatibleArchitectures()).containsExactly(Architecture.X86_64);
        assertThat(p.description()).isEqualTo("lib shapes");
        assertThat(p.licenseInfo()).isEqualTo("MIT");
        assertThat(p.createdDate()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
        assertThat(p.content().codeSize()).isEqualTo(zip.asByteArray().length);
        assertThat(p.content().codeSha256()).isEqualTo(Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(zip.asByteArray())));

        GetLayerVersionResponse byName = server.lambda.getLayerVersion(b -> b.layerName("shapes").versionNumber(1L));
        var byArn = server.lambda.getLayerVersionByArn(b -> b.arn(p.layerVersionArn()));
        assertThat(byName.layerVersionArn()).isEqualTo(p.layerVersionArn());
        assertThat(byArn.content().codeSha256()).isEqualTo(p.content().codeSha256());
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(byName.content().location())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).as("Content.Location serves the zip").isEqualTo(zip.asByteArray());
    }

    @Test
    void numbers_versions_from_one_and_never_reuses_the_number_of_a_deleted_one() {
        SdkBytes zip = Zips.of("python/x.py", "X = 1\n");
        assertThat(publish(server, "numbers", zip).version()).isEqualTo(1L);
        assertThat(publish(server, "numbers", zip).version()).isEqualTo(2L);
        server.lambda.deleteLayerVersion(b -> b.layerName("numbers").versionNumber(2L));
        server.lambda.deleteLayerVersion(b -> b.layerName("numbers").versionNumber(2L)); // idempotent, as on AWS
        assertThatThrownBy(() -> server.lambda.getLayerVersion(b -> b.layerName("numbers").versionNumber(2L)))
                .isInstanceOf(ResourceNotFoundException.class);
        server.lambda.deleteLayerVersion(b -> b.layerName("numbers").versionNumber(1L));
        assertThat(publish(server, "numbers", zip).version()).as("after every version was deleted").isEqualTo(3L);
        assertThat(server.lambda.listLayerVersions(b -> b.layerName("numbers")).layerVersions())
                .extracting(LayerVersionsListItem::version).containsExactly(3L);
    }

    @Test
    void lists_layers_and_versions_filtered_by_runtime_and_architecture_in_pages() {
        SdkBytes zip = Zips.of("nodejs/node_modules/m/index.js", "module.exports = 1;\n");
        publish(server, "list-a", zip, Runtime.NODEJS20_X);
        publish(server, "list-a", zip, Runtime.PYTHON3_12);
        publish(server, "list-b", zip, Runtime.NODEJS20_X);
        server.lambda.publishLayerVersion(b -> b.layerName("list-c").content(c -> c.zipFile(zip))
                .compatibleRuntimes(Runtime.NODEJS20_X).compatibleArchitectures(Architecture.ARM64));

        List<LayersListItem> node = server.lambda.listLayers(b -> b.compatibleRuntime(Runtime.NODEJS20_X)).layers().stream()
                .filter(l -> l.layerName().startsWith("list-")).toList();
        assertThat(node).extracting(LayersListItem::layerName).containsExactly("list-a", "list-b", "list-c");
        assertThat(node.get(0).latestMatchingVersion().version()).as("the newest version that matches").isEqualTo(1L);
        assertThat(node.get(0).layerArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:layer:list-a");
        assertThat(server.lambda.listLayers(b -> b.compatibleRuntime(Runtime.NODEJS20_X)
                .compatibleArchitecture(Architecture.ARM64)).layers()).extracting(LayersListItem::layerName).containsExactly("list-c");
        assertThat(server.lambda.listLayerVersions(b -> b.layerName("list-a")).layerVersions())
                .extracting(LayerVersionsListItem::version).containsExactly(2L, 1L);
        assertThat(server.lambda.listLayerVersions(b -> b.layerName("list-a").compatibleRuntime(Runtime.PYTHON3_12))
                .layerVersions()).extracting(LayerVersionsListItem::version).containsExactly(2L);

        var first = server.lambda.listLayerVersions(b -> b.layerName("list-a").maxItems(1));
        assertThat(first.layerVersions()).extracting(LayerVersionsListItem::version).containsExactly(2L);
        var second = server.lambda.listLayerVersions(b -> b.layerName("list-a").maxItems(1).marker(first.nextMarker()));
        assertThat(second.layerVersions()).extracting(LayerVersionsListItem::version).containsExactly(1L);
        assertThat(second.nextMarker()).isNull();
        assertThat(server.lambda.listLayersPaginator(b -> b.maxItems(1)).layers().stream().map(LayersListItem::layerName))
                .contains("list-a", "list-b", "list-c");
    }

    @Test
    void answers_aws_errors_for_unknown_versions_and_bad_input() {
        assertThatThrownBy(() -> server.lambda.getLayerVersion(b -> b.layerName("nothing").versionNumber(1L)))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("The resource you requested does not exist.");
        assertThatThrownBy(() -> server.lambda.getLayerVersionByArn(b -> b.arn("arn:aws:lambda:us-east-1:123456789012:layer:nothing:7")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> server.lambda.getLayerVersionByArn(b -> b.arn("not-an-arn")))
                .isInstanceOfSatisfying(LambdaException.class, LayersApiTest::validation);
        assertThatThrownBy(() -> server.lambda.publishLayerVersion(b -> b.layerName("bad name!")
                .content(c -> c.zipFile(Zips.of("a", "b"))))).isInstanceOfSatisfying(LambdaException.class, LayersApiTest::validation);
        assertThatThrownBy(() -> server.lambda.publishLayerVersion(b -> b.layerName("no-zip").content(c -> c.s3Bucket("b").s3Key("k"))))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> server.lambda.publishLayerVersion(b -> b.layerName("not-a-zip")
                .content(c -> c.zipFile(SdkBytes.fromUtf8String("plain text")))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Could not unzip uploaded file");
        assertThatThrownBy(() -> server.lambda.publishLayerVersion(b -> b.layerName("bad-runtime")
                .content(c -> c.zipFile(Zips.of("a", "b"))).compatibleRuntimesWithStrings("cobol85")))
                .isInstanceOfSatisfying(LambdaException.class, LayersApiTest::validation);
        assertThat(server.lambda.listLayerVersions(b -> b.layerName("nothing")).layerVersions()).isEmpty();
    }

    @Test
    void keeps_a_layer_versions_permission_statements_in_its_policy() {
        publish(server, "shared", Zips.of("bin/x", "x"));
        var added = server.lambda.addLayerVersionPermission(b -> b.layerName("shared").versionNumber(1L)
                .statementId("xaccount").action("lambda:GetLayerVersion").principal("210987654321"));
        assertThat(added.statement()).contains("\"Sid\":\"xaccount\"", "arn:aws:iam::210987654321:root",
                "\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:layer:shared:1\"");
        var policy = server.lambda.getLayerVersionPolicy(b -> b.layerName("shared").versionNumber(1L));
        assertThat(policy.policy()).contains("\"Statement\":[", "xaccount");
        assertThat(policy.revisionId()).isEqualTo(added.revisionId());
        assertThatThrownBy(() -> server.lambda.addLayerVersionPermission(b -> b.layerName("shared").versionNumber(1L)
                .statementId("xaccount").action("lambda:GetLayerVersion").principal("*")))
                .isInstanceOf(ResourceConflictException.class);
        server.lambda.removeLayerVersionPermission(b -> b.layerName("shared").versionNumber(1L).statementId("xaccount"));
        assertThatThrownBy(() -> server.lambda.getLayerVersionPolicy(b -> b.layerName("shared").versionNumber(1L)))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("No policy is associated");
        assertThatThrownBy(() -> server.lambda.removeLayerVersionPermission(b -> b.layerName("shared").versionNumber(1L)
                .statementId("xaccount"))).isInstanceOf(ResourceNotFoundException.class);
    }

    private static void validation(LambdaException e) {
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.statusCode()).isEqualTo(400);
    }
}
