package io.stepwise.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden definitions: {@code parser/valid/*.json} are AWS-valid definitions (most from AWS's documentation) that
 * must parse; {@code parser/invalid/*.json} hold {@code definition} (or {@code definitionText} for non-JSON), the
 * exact {@code findings} ("CODE location", or "CODE" alone when AWS gives no location), the exact {@code messages}
 * where AWS's wording is known, and a required {@code source}: the recording of AWS's answer or the AWS document the
 * expectation comes from, or "undocumented: why". A {@code note} says which part is ours.
 */
class ParserGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("src/test/resources/parser");

    @TestFactory
    Stream<DynamicTest> aws_valid_definitions_parse_without_findings() throws IOException {
        return files("valid").map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            ParseResult r = Parser.parse(Files.readString(f));
            assertThat(r).as("%s", r).isInstanceOf(ParseResult.Valid.class);
        }));
    }

    @TestFactory
    Stream<DynamicTest> invalid_definitions_report_exactly_the_expected_findings() throws IOException {
        return files("invalid").map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            JsonNode test = JSON.readTree(f.toFile());
            assertThat(test.path("source").asText("")).as("%s needs a source", f.getFileName()).isNotBlank();
            assertThat(test.path("source").isTextual()).as("%s: source must be text", f.getFileName()).isTrue();
            String text = test.has("definitionText") ? test.get("definitionText").textValue()
                    : JSON.writeValueAsString(test.get("definition"));
            ParseResult r = Parser.parse(text);
            assertThat(r).isInstanceOf(ParseResult.Invalid.class);
            List<Finding> findings = ((ParseResult.Invalid) r).findings();
            List<String> actual = findings.stream()
                    .map(x -> x.code() + x.location().map(l -> " " + l).orElse("")).sorted().toList();
            List<String> expected = Stream.of(JSON.treeToValue(test.get("findings"), String[].class))
                    .sorted().toList();
            assertThat(actual).as("%s", findings).isEqualTo(expected);
            if (test.has("messages")) {
                assertThat(findings.stream().map(Finding::message).sorted().toList()).as("%s", findings)
                        .isEqualTo(Stream.of(JSON.treeToValue(test.get("messages"), String[].class)).sorted().toList());
            }
        }));
    }

    private static Stream<Path> files(String dir) throws IOException {
        try (Stream<Path> s = Files.list(ROOT.resolve(dir))) {
            List<Path> list = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(list).isNotEmpty();
            return list.stream();
        }
    }
}
