package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Layer;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Functions with {@code Layers}, invoked for real: the layers merged in order at /opt, on the runtimes' search paths
 * (a Python package under python/, a Node module under nodejs/node_modules, a jar in java/lib, a program in bin/), frozen by
 * PublishVersion, still there after the layer version is deleted, and counted in the 250 MB quota.
 */
class FunctionLayersTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String publish(String name, SdkBytes zip) {
        return LayersApiTest.publish(server, name, zip).layerVersionArn();
    }

    private static void python(String name, String code, String... layers) {
        server.lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                .handler("index.handler").layers(layers).code(c -> c.zipFile(Zips.of("index.py", code))));
    }

    private static String invoke(String name) {
        InvokeResponse r = server.lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{}")));
        assertThat(r.functionError()).as(r.payload().asUtf8String()).isNull();
        return r.payload().asUtf8String();
    }

    @Test
    void a_python_function_imports_a_package_from_its_layer() {
        String arn = publish("py-lib", Zips.of("python/greeter/__init__.py", "def greet(n):\n    return 'hello ' + n\n",
                "python/lib/python3.12/site-packages/shout.py", "def shout(s):\n    return s.upper()\n"));
        python("py-layered", """
                import greeter, shout
                def handler(event, context):
                    return {"greeting": shout.shout(greeter.greet("layers")), "from": greeter.__file__}
                """, arn);
        assertThat(invoke("py-layered")).isEqualTo("{\"greeting\": \"HELLO LAYERS\", \"from\": \"/opt/python/greeter/__init__.py\"}");
        var config = server.lambda.getFunctionConfiguration(b -> b.functionName("py-layered"));
        assertThat(config.layers()).extracting(Layer::arn, Layer::codeSize)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(arn,
                        server.lambda.getLayerVersionByArn(b -> b.arn(arn)).content().codeSize()));
        assertThat(server.lambda.getFunction(b -> b.functionName("py-layered")).configuration().layers()).hasSize(1);
    }

    @Test
    void a_node_function_requires_a_module_from_its_layer() {
        String arn = publish("node-lib", Zips.of("nodejs/node_modules/leftpad/index.js",
                "module.exports = (s, n) => s.padStart(n, '*');\n"));
        server.lambda.createFunction(b -> b.functionName("node-layered").runtime(Runtime.NODEJS20_X).role(LambdaApiTest.ROLE)
                .handler("index.handler").layers(arn).code(c -> c.zipFile(Zips.of("index.js", """
                        const leftpad = require('leftpad');
                        exports.handler = async () => ({ padded: leftpad('ab', 5), from: require.resolve('leftpad') });
                        """))));
        assertThat(invoke("node-layered")).isEqualTo("{\"padded\":\"***ab\",\"from\":\"/opt/nodejs/node_modules/leftpad/index.js\"}");
    }

    @Test
    void a_java_function_loads_a_class_from_a_jar_in_its_layer() throws Exception {
        Path src = Files.createTempDirectory("java-layer");
        Path lib = src.resolve("lib/Greeter.java"), fn = src.resolve("demo/UsesLib.java");
        Files.createDirectories(lib.getParent());
        Files.createDirectories(fn.getParent());
        Files.writeString(lib, "package lib;\npublic class Greeter { public static String greet(String n) { return \"hello \" + n; } }\n");
        Files.writeString(fn, """
                package demo;
                import com.amazonaws.services.lambda.runtime.Context;
                import com.amazonaws.services.lambda.runtime.RequestHandler;
                import java.util.Map;
                public class UsesLib implements RequestHandler<Map<String, Object>, String> {
                    public String handleRequest(Map<String, Object> event, Context context) {
                        return lib.Greeter.greet("layers");
                    }
                }
                """);
        int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-cp",
                RuntimesOverApiTest.jarOf(com.amazonaws.services.lambda.runtime.Context.class), "-d", src.toString(),
                lib.toString(), fn.toString());
        assertThat(javac).isZero();
        var jar = new ByteArrayOutputStream();
        try (var out = new JarOutputStream(jar)) {
            out.putNextEntry(new JarEntry("lib/Greeter.class"));
            out.write(Files.readAllBytes(src.resolve("lib/Greeter.class")));
            out.closeEntry();
        }
        String arn = publish("java-lib", SdkBytes.fromByteArray(Zips.zip(Map.of("java/lib/greeter.jar", jar.toByteArray()))));
        server.lambda.createFunction(b -> b.functionName("java-layered").runtime(Runtime.JAVA21).role(LambdaApiTest.ROLE)
                .handler("demo.UsesLib::handleRequest").memorySize(512).timeout(30).layers(arn)
                .code(c -> {
                    try {
                        c.zipFile(SdkBytes.fromByteArray(Zips.zip(Map.of("demo/UsesLib.class",
                                Files.readAllBytes(src.resolve("demo/UsesLib.class"))))));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
        assertThat(invoke("java-layered")).isEqualTo("\"hello layers\"");
    }

    @Test
    void a_provided_function_runs_the_bootstrap_its_layer_brings() {
        String arn = publish("runtime-layer", Zips.of("bootstrap", RuntimesOverApiTest.SHELL_BOOTSTRAP));
        server.lambda.createFunction(b -> b.functionName("layer-runtime").runtime(Runtime.PROVIDED_AL2023)
                .role(LambdaApiTest.ROLE).handler("function.handler").layers(arn)
                .code(c -> c.zipFile(Zips.of("function.sh", "# the handler the layer's runtime would source\n"))));
        assertThat(invoke("layer-runtime")).isEqualTo("{\"shell\":{}}");
    }

    @Test
    void a_later_layer_overwrites_the_same_file_of_an_earlier_one() {
        String first = publish("order-1", Zips.of("python/which.py", "NAME = 'first'\n", "python/only_first.py", "X = 1\n"));
        String second = publish("order-2", Zips.of("python/which.py", "NAME = 'second'\n"));
        String code = """
                import which, only_first
                def handler(event, context):
                    return which.NAME
                """;
        python("order-12", code, first, second);
        python("order-21", code, second, first);
        assertThat(invoke("order-12")).isEqualTo("\"second\"");
        assertThat(invoke("order-21")).isEqualTo("\"first\"");
    }

    @Test
    void a_program_in_the_layers_bin_folder_is_on_the_path() {
        String arn = publish("tools", Zips.withExecutables(Map.of("bin/layer-tool", "#!/bin/sh\necho tool says $1\n",
                "lib/libnothing.txt", "x"), Set.of("bin/layer-tool")));
        python("uses-tool", """
                import os, subprocess
                def handler(event, context):
                    out = subprocess.run(["layer-tool", "hi"], capture_output=True, text=True).stdout.strip()
                    return {"out": out, "ld": os.environ["LD_LIBRARY_PATH"]}
                """, arn);
        assertThat(invoke("uses-tool")).isEqualTo("{\"out\": \"tool says hi\", \"ld\": \"/opt/lib\"}");
    }

    @Test
    void a_published_version_keeps_its_layers_and_a_deleted_layer_version_keeps_working() {
        String v1 = publish("frozen", Zips.of("python/val.py", "V = 1\n"));
        String v2 = publish("frozen", Zips.of("python/val.py", "V = 2\n"));
        python("freezer", "import val\ndef handler(e, c):\n    return val.V\n", v1);
        server.lambda.publishVersion(b -> b.functionName("freezer"));
        server.lambda.updateFunctionConfiguration(b -> b.functionName("freezer").layers(v2));
        // deleted before either ran: their packages stay for the functions that name them
        server.lambda.deleteLayerVersion(b -> b.layerName("frozen").versionNumber(1L));
        server.lambda.deleteLayerVersion(b -> b.layerName("frozen").versionNumber(2L));
        assertThat(server.lambda.invoke(b -> b.functionName("freezer").qualifier("1")).payload().asUtf8String()).isEqualTo("1");
        assertThat(invoke("freezer")).isEqualTo("2");
        // a new configuration starts new environments: they mount the layers again
        server.lambda.updateFunctionConfiguration(b -> b.functionName("freezer").description("after the delete"));
        assertThat(invoke("freezer")).isEqualTo("2");
        assertThat(server.lambda.invoke(b -> b.functionName("freezer").qualifier("1")).payload().asUtf8String()).isEqualTo("1");
        assertThat(server.lambda.getFunctionConfiguration(b -> b.functionName("freezer")).layers())
                .extracting(Layer::arn).containsExactly(v2);
        server.lambda.updateFunctionConfiguration(b -> b.functionName("freezer").layers(List.of()));
        assertThat(server.lambda.getFunctionConfiguration(b -> b.functionName("freezer")).layers()).isEmpty();
    }

    @Test
    void refuses_more_than_five_layers_and_unknown_layer_versions() {
        String arn = publish("many", Zips.of("python/m.py", "M = 1\n"));
        List<String> six = List.of(arn, arn, arn, arn, arn, arn);
        assertThatThrownBy(() -> python("too-many", "def handler(e, c):\n    return 1\n", six.toArray(String[]::new)))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Cannot reference more than 5 layers.");
        String unknown = "arn:aws:lambda:us-east-1:123456789012:layer:many:99";
        assertThatThrownBy(() -> python("unknown-layer", "def handler(e, c):\n    return 1\n", unknown))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Layer version " + unknown + " does not exist.");
        python("plain", "def handler(e, c):\n    return 1\n");
        assertThatThrownBy(() -> server.lambda.updateFunctionConfiguration(b -> b.functionName("plain").layers(unknown)))
                .isInstanceOf(InvalidParameterValueException.class);
    }

    @Test
    void code_and_layers_together_may_not_unzip_to_more_than_250_mb() {
        // three layers holding the same 90 MiB package: stored and unpacked once, counted once per layer (as on AWS)
        SdkBytes zeros = SdkBytes.fromByteArray(Zips.zerosBomb("data/zeros.bin", 90L << 20));
        List<String> arns = List.of(publish("big-1", zeros), publish("big-2", zeros), publish("big-3", zeros));
        python("fits", "def handler(e, c):\n    return 1\n", arns.get(0), arns.get(1));
        long code = "def handler(e, c):\n    return 1\n".length();
        assertThatThrownBy(() -> server.lambda.updateFunctionConfiguration(b -> b.functionName("fits").layers(arns)))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Function code combined with layers exceeds the maximum allowed size of 262144000 bytes. "
                        + "The actual size is " + (3 * (90L << 20) + code) + " bytes.");
        assertThatThrownBy(() -> python("too-big", "def handler(e, c):\n    return 1\n", arns.toArray(String[]::new)))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("combined with layers");
        // code of the same 90 MiB (the package is shared again) next to two of them: 270 MiB
        assertThatThrownBy(() -> server.lambda.updateFunctionCode(b -> b.functionName("fits").zipFile(zeros)))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("The actual size is " + 3 * (90L << 20) + " bytes.");
    }
}
