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
 * must parse; {@code parser/invalid/*.json} hold {@code definition} (or {@code definitionText} for non-JSON) and
 * the exact {@code findings} (code + location) expected.
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
            String text = test.has("definitionText") ? test.get("definitionText").textValue()
                    : JSON.writeValueAsString(test.get("definition"));
            ParseResult r = Parser.parse(text);
            assertThat(r).isInstanceOf(ParseResult.Invalid.class);
            List<String> actual = ((ParseResult.Invalid) r).findings().stream()
                    .map(x -> x.code() + " " + x.location()).sorted().toList();
            List<String> expected = Stream.of(JSON.treeToValue(test.get("findings"), String[].class))
                    .sorted().toList();
            assertThat(actual).as("%s", ((ParseResult.Invalid) r).findings()).isEqualTo(expected);
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
